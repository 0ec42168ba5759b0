#!/usr/bin/env bash
# Operating models in production: several models in one server, shadow trials, drift.
# Real speech (FSDD, ../shared/data/fsdd, 8 kHz) and NeMo's FastConformer-CTC tiny
# (random weights, imported from ../shared/data/nemo-fastconformer-tiny) as model A; a
# tiny-en model trained here for a few steps on other FSDD speakers as model B.
#
#   bash bench/operate_bench.sh [BUILD_DIR]
#
# Environment (defaults in brackets): SORI [BUILD_DIR/src/sori], BENCH_DIR
# [BUILD_DIR/bench-operate: packages and audio are kept there between runs],
# LOAD_SECONDS [15] each measured loadtest, WARM_SECONDS [5] the warm-up before it,
# CONCURRENCY [8], POLL_SECONDS [0.5], DRIFT_SNR_DB [10], DRIFT_LOWPASS_RATE [4000],
# BASELINE_TAKES ["5 25"] and PHASE_TAKES ["30 40"] (FSDD take ranges of the speakers
# DRIFT_SPEAKERS [jackson,nicolas]). About 6-7 minutes on 2 cores with the defaults.
# Needs curl and python3 (standard library); sox if present, else `sori audio convert`.
#
# Prints:
#   1. two models in one server: req/s and latency at concurrency 8 of A and B each in its
#      own server, each alone in a server holding both, and both loaded at once (one
#      loadtest per model via ?model=); /v1/models memory_bytes and the server's RSS;
#   2. a shadow trial's cost to clients: p50/p99 at concurrency 8 with no trial, with
#      version 2 (A's weights registered again) shadowing 100%, with version 3 (B)
#      shadowing 100%, and with the trial stopped; the ratio to no trial, and the
#      disagreement `sori models canary --status` reports;
#   3. drift per feature (PSI) on windows of clean speech from the baseline's speakers,
#      the same clips with white noise at 10 dB SNR, and the same clips through 4 kHz.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
sori=${SORI:-$build/src/sori}
shared=$(cd "$here/../.." && pwd)/shared/data
fsdd=$shared/fsdd
work=${BENCH_DIR:-$build/bench-operate}
load_s=${LOAD_SECONDS:-15}
warm_s=${WARM_SECONDS:-5}
conc=${CONCURRENCY:-8}
poll=${POLL_SECONDS:-0.5}
snr=${DRIFT_SNR_DB:-10}
lowpass=${DRIFT_LOWPASS_RATE:-4000}
speakers=${DRIFT_SPEAKERS:-jackson,nicolas}
read -r base_lo base_hi <<< "${BASELINE_TAKES:-5 25}"
read -r phase_lo phase_hi <<< "${PHASE_TAKES:-30 40}"
helper() { python3 "$here/operate/helper.py" "$@"; }
mkdir -p "$work"
work=$(cd "$work" && pwd)

echo "== machine"
echo "  date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "  cpu       $(nproc) x $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "  memory    $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "  load      $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the benchmark)"
echo "  sori      $("$sori" version 2> /dev/null | head -1 || echo '?') (git $(git -C "$here/.." rev-parse --short HEAD 2> /dev/null || echo '?'))"

# ---------------------------------------------------------------------------- set-up
nemo=$shared/nemo-fastconformer-tiny/tiny_fastconformer_ctc.nemo
if [ ! -f "$work/nemo-a/model.json" ]; then
  "$sori" --log-level warn models import-nemo "$nemo" --out "$work/nemo-a" > /dev/null
fi
# The same weights again as a package of its own (it records its import time), so the
# registry takes it as a new version: the registry refuses a package it already holds.
if [ ! -f "$work/nemo-a2/model.json" ]; then
  sleep 1
  "$sori" --log-level warn models import-nemo "$nemo" --out "$work/nemo-a2" > /dev/null
fi
if [ ! -f "$work/tiny-en-b/model.json" ]; then
  echo "== set-up: training model B (configs/tiny-en.yaml, char tokenizer, 10 steps on FSDD theo+yweweler takes 5-29)"
  rm -rf "$work/train"
  mkdir -p "$work/train"
  helper manifest "$work/train/train.jsonl" "$fsdd" theo,yweweler 5 30
  helper manifest "$work/train/val.jsonl" "$fsdd" theo,yweweler 45 50
  "$sori" --log-level warn --store "$work/train/store" train --config "$here/../configs/tiny-en.yaml" \
    --set model.tokenizer.type=char --set lm.order=0 \
    --set data.train_manifest="$work/train/train.jsonl" --set data.val_manifest="$work/train/val.jsonl" \
    --set data.test_manifest="$work/train/val.jsonl" \
    --set training.max_steps=10 --set training.max_epochs=1 --set training.warmup_steps=5 > "$work/train/train.log" 2>&1 \
    || { tail -20 "$work/train/train.log"; exit 1; }
  cp -r "$work"/train/store/runs/*/model "$work/tiny-en-b"
fi
if [ ! -f "$work/clip5.wav" ]; then
  helper concat "$work/clip5-8k.wav" 5 "$fsdd"
  "$sori" --log-level warn audio convert "$work/clip5-8k.wav" "$work/clip5.wav" > /dev/null
fi
clip=$work/clip5.wav
params() { python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['parameters'])" "$1/model.json"; }
echo "  model A   nemo-a: NeMo FastConformer-CTC tiny (random weights), $(params "$work/nemo-a") parameters"
echo "  model B   tiny-en-b: configs/tiny-en.yaml, char tokenizer, 10 steps, no LM, $(params "$work/tiny-en-b") parameters"
echo "  load      5.0 s of FSDD speech at 16 kHz per request, concurrency $conc, ${warm_s} s warm-up then ${load_s} s measured"

# ---------------------------------------------------------------------------- server
server=""
bg=()
cleanup() {
  for p in "${bg[@]}"; do kill "$p" 2> /dev/null || true; done
  if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; fi
}
trap cleanup EXIT

# start_server NAME STORE SERVE_ARGS...: on a free port (sets $server, $port, $log)
start_server() {
  local name=$1 store=$2
  shift 2
  log=$work/$name.server.log
  "$sori" --log-level info --store "$store" serve --port 0 "$@" > "$work/$name.access.log" 2> "$log" &
  server=$!
  port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" | head -1)
    if [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/health" > /dev/null; then return 0; fi
    if ! kill -0 "$server" 2> /dev/null; then break; fi
    sleep 0.2
  done
  echo "server $name did not become ready; its log:" >&2
  cat "$log" >&2
  exit 1
}
stop_server() {
  kill "$server"
  wait "$server" 2> /dev/null || true
  server=""
}
url() { echo "http://127.0.0.1:$port$1"; }
# metric REGEX: the sum of the /metrics samples whose line matches
metric() { curl -s "$(url /metrics)" | awk -v re="$1" '!/^#/ && $0 ~ re {s += $NF} END {printf "%.0f\n", s}'; }
mib() { awk -v b="$1" 'BEGIN {printf "%.0f MiB", b / 1048576}'; }
rss() { mib "$(metric '^process_resident_memory_bytes')"; }
peak_rss() { awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$server/status"; }
model_memory() {
  curl -s "$(url /v1/models)" | python3 -c "
import json, sys
print(', '.join(f\"{m['id']}: {m['memory_bytes'] / 1048576:.1f} MiB\" for m in json.load(sys.stdin)['data']))"
}
# loadtest OUTFILE ROUTE SECONDS
loadtest() { "$sori" loadtest --port "$port" --file "$clip" --path "$2" --concurrency "$conc" --seconds "$3" > "$1"; }
# measure ROWS LABEL ROUTE: a warm-up, then one measured run appended to ROWS
measure() {
  loadtest "$work/lt.out" "$3" "$warm_s"
  loadtest "$work/lt.out" "$3" "$load_s"
  helper loadtest "$1" "$2" "$work/lt.out"
}
lt_header="run	concurrency	requests	req/s	p50 ms	p95 ms	p99 ms	errors"

# ---------------------------------------------------------------------------- 1.
echo
echo "== 1. two models in one server (a: nemo-a, b: tiny-en-b)"
rows=$work/part1.tsv mem=$work/part1-memory.tsv
echo "$lt_header" > "$rows"
echo "server	/v1/models memory_bytes	RSS when ready	RSS after the load	peak RSS (VmHWM)" > "$mem"
for m in a b; do
  pkg=$work/nemo-a
  [ "$m" = b ] && pkg=$work/tiny-en-b
  start_server "one-$m" "$work/store1" --model "$m=$pkg"
  ready=$(rss)
  measure "$rows" "$m alone, in its own server" /v1/transcribe
  printf '%s\t%s\t%s\t%s\t%s\n' "$m only" "$(model_memory)" "$ready" "$(rss)" "$(peak_rss)" >> "$mem"
  stop_server
done
start_server two "$work/store1" --model "a=$work/nemo-a" --model "b=$work/tiny-en-b"
ready=$(rss)
measure "$rows" "a alone, in the two-model server" "/v1/transcribe?model=a"
measure "$rows" "b alone, in the two-model server" "/v1/transcribe?model=b"
loadtest "$work/lt-a.out" "/v1/transcribe?model=a" "$warm_s" &
bg=($!)
loadtest "$work/lt-b.out" "/v1/transcribe?model=b" "$warm_s" &
bg+=($!)
wait "${bg[@]}"
loadtest "$work/lt-a.out" "/v1/transcribe?model=a" "$load_s" &
bg=($!)
loadtest "$work/lt-b.out" "/v1/transcribe?model=b" "$load_s" &
bg+=($!)
wait "${bg[@]}"
bg=()
helper loadtest "$rows" "a, two-model server, b loaded at once" "$work/lt-a.out"
helper loadtest "$rows" "b, two-model server, a loaded at once" "$work/lt-b.out"
printf '%s\t%s\t%s\t%s\t%s\n' "a and b" "$(model_memory)" "$ready" "$(rss)" "$(peak_rss)" >> "$mem"
stop_server
helper table "$rows"
python3 - "$rows" << 'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
both = [r for r in rows if "at once" in r[0]]
alone = [r for r in rows if "own server" in r[0]]
print(f"  both at once: {sum(float(r[3]) for r in both):.1f} req/s together; "
      f"each in its own server: {' and '.join(r[3] for r in alone)} req/s")
EOF
echo
helper table "$mem"

# ---------------------------------------------------------------------------- 2.
echo
echo "== 2. a shadow trial's added client latency (concurrency $conc; the server follows models:/op/production, --poll-seconds $poll)"
store2=$work/store2
rm -rf "$store2"
reg() { "$sori" --log-level warn --store "$store2" models register "$1" --name op --no-baseline --description "$2" > /dev/null; }
reg "$work/nemo-a" "A"
reg "$work/nemo-a2" "A's weights again"
reg "$work/tiny-en-b" "B"
"$sori" --log-level warn --store "$store2" models promote op 1 --stage production --force > /dev/null
echo "  registered op: version 1 = A (Production), 2 = A's weights again (a package of its own), 3 = B"
start_server shadow "$store2" --model models:/op/production --poll-seconds "$poll"
rows=$work/part2.tsv shadow=$work/part2-shadow.tsv
echo "$lt_header" > "$rows"
echo "trial	loaded after	copies compared	failed	dropped	mean disagreement (WER)	p90 disagreement" > "$shadow"
measure "$rows" "no trial" /v1/transcribe
# trial VERSION LABEL: start a 100% shadow of VERSION, wait until this server runs it, measure, stop it
trial() {
  local t0 id waited dropped
  t0=$(date +%s.%N)
  # A shadow decides nothing, so the trial runs through the measurement.
  "$sori" --log-level warn --store "$store2" models canary op "$1" --percent 100 --shadow > /dev/null
  id=$("$sori" --store "$store2" models canary op --status --json | python3 -c "import json, sys; print(json.load(sys.stdin)['canary']['id'])")
  for _ in $(seq 1 600); do
    grep -q "canary $id: op version .* gets" "$log" && break
    sleep 0.1
  done
  grep -q "canary $id: op version .* gets" "$log" || { echo "trial $id was never loaded; the server's log:"; cat "$log"; exit 1; }
  waited=$(python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.1f} s')" "$t0")
  measure "$rows" "$2" /v1/transcribe
  dropped=$(metric "^stt_shadow_requests_total.*model_version=\"op/$1\".*status=\"dropped\"")
  sleep 3 # the server writes its trial's stats to the store every few seconds
  "$sori" --store "$store2" models canary op --status > "$work/status-$1.txt"
  "$sori" --store "$store2" models canary op --status --json | python3 -c "
import json, sys
stats = max(json.load(sys.stdin)['stats'], key=lambda s: s['updated_at'])['stats']['shadow']
pct = lambda v: '-' if v is None else f'{100 * v:.1f}%'
print('\t'.join([sys.argv[1], sys.argv[2], str(stats['compared']), str(stats['failed']), sys.argv[3],
                 pct(stats.get('mean_disagreement')), pct(stats.get('p90_disagreement'))]))" "$2" "$waited" "$dropped" >> "$shadow"
  "$sori" --log-level warn --store "$store2" models canary op --stop --reason "bench: measured" > /dev/null
  for _ in $(seq 1 600); do
    grep -q "trial of op version op/$1 ended" "$log" && break
    sleep 0.1
  done
}
trial 2 "shadow 100% to version 2 (A again)"
trial 3 "shadow 100% to version 3 (B)"
measure "$rows" "trial stopped" /v1/transcribe
stop_server
helper table "$rows"
python3 - "$rows" << 'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
none = [r for r in rows if r[0] in ("no trial", "trial stopped")]
mean = lambda i: sum(float(r[i]) for r in none) / len(none)
p50, p99, rps = mean(4), mean(6), mean(3)
print(f"  without a trial (mean of the runs before and after): p50 {p50:.0f} ms, p99 {p99:.0f} ms, {rps:.1f} req/s")
for r in rows:
    if r[0].startswith("shadow"):
        print(f"  {r[0]}: p50 x{float(r[4]) / p50:.2f}, p99 x{float(r[6]) / p99:.2f}, req/s x{float(r[3]) / rps:.2f}")
EOF
echo
helper table "$shadow"
echo "  (copies include the warm-up's requests; dropped: copies refused because the candidate's queue was full,"
echo "  from stt_shadow_requests_total; loaded after: from \`sori models canary\` to the server's log line)"
echo "  sori models canary op --status, during the trial of version 3:"
sed 's/^/    /' "$work/status-3.txt"

# ---------------------------------------------------------------------------- 3.
echo
echo "== 3. drift per feature (--drift-window 200 --drift-min-requests 30)"
store3=$work/store3 audio=$work/drift
rm -rf "$store3"
mkdir -p "$audio"
helper manifest "$audio/baseline.jsonl" "$fsdd" "$speakers" "$base_lo" "$base_hi"
helper clips "$audio/clean.txt" "$fsdd" "$speakers" "$phase_lo" "$phase_hi" 7
n=$(wc -l < "$audio/clean.txt")
nb=$(wc -l < "$audio/baseline.jsonl")
rate=$(python3 -c "import sys, wave; print(wave.open(sys.argv[1]).getframerate())" "$(head -1 "$audio/clean.txt")")
echo "  baseline: $nb FSDD takes $base_lo-$((base_hi - 1)) of $speakers; each phase: $n takes $phase_lo-$((phase_hi - 1)) of the same speakers, shuffled"
echo "  FSDD is recorded at $rate Hz: it holds nothing above 4 kHz, so a trip through 8 kHz would change nothing;"
echo "  phase c goes through $lowpass Hz instead (down, then back up to $rate Hz)."
echo "  The model is A (random weights): its transcript features (confidence, tokens/s, empty) are a random"
echo "  model's; the six audio features do not depend on the model."
if [ ! -f "$audio/noisy.txt" ] || [ "$(wc -l < "$audio/noisy.txt")" != "$n" ]; then
  helper noisy "$audio/clean.txt" "$audio/noisy" "$snr" 11
  sed "s|.*/|$audio/noisy/|" "$audio/clean.txt" > "$audio/noisy.txt"
fi
if [ ! -f "$audio/lowpass.txt" ] || [ "$(wc -l < "$audio/lowpass.txt")" != "$n" ]; then
  mkdir -p "$audio/lowpass"
  while read -r f; do
    out=$audio/lowpass/$(basename "$f")
    if command -v sox > /dev/null; then
      sox -V1 "$f" "$out" rate "$lowpass" rate "$rate"
    else # Sori's own resampler: slower, a process per conversion
      "$sori" --log-level warn audio convert --sample-rate "$lowpass" "$f" "$out.tmp.wav" > /dev/null
      "$sori" --log-level warn audio convert --sample-rate "$rate" "$out.tmp.wav" "$out" > /dev/null
      rm -f "$out.tmp.wav"
    fi
  done < "$audio/clean.txt"
  sed "s|.*/|$audio/lowpass/|" "$audio/clean.txt" > "$audio/lowpass.txt"
fi
t0=$(date +%s)
"$sori" --log-level warn --store "$store3" models register "$work/nemo-a" --name digits \
  --baseline-manifest "$audio/baseline.jsonl" > "$work/register3.log" 2>&1 || { cat "$work/register3.log"; exit 1; }
echo "  registered digits version 1 with its baseline in $(($(date +%s) - t0)) s"
"$sori" --log-level warn --store "$store3" models promote digits 1 --stage production --force > /dev/null
drift_rows=$work/part3.jsonl
: > "$drift_rows"
for phase in clean noisy lowpass; do
  case $phase in
    clean) what="a. other clean takes" ;;
    noisy) what="b. the same takes with white noise at $snr dB SNR" ;;
    lowpass) what="c. the same takes through $lowpass Hz" ;;
  esac
  # A fresh server per phase, so its window holds this phase's requests only.
  start_server "drift-$phase" "$store3" --model models:/digits/production --drift-window 200 --drift-min-requests 30
  codes=$(xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' -F audio=@{} "$(url /v1/transcribe)" < "$audio/$phase.txt" \
    | sort | uniq -c | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}')
  echo
  echo "-- $what: $n requests (HTTP $codes)"
  "$sori" monitor drift --url "http://127.0.0.1:$port" | sed 's/^/  /'
  curl -s "$(url /v1/monitor/drift)" > "$work/drift-$phase.json"
  helper drift "$work/drift-$phase.json" "$phase" "$drift_rows"
  stop_server
done
echo
echo "-- PSI per feature and phase (window: the last 200 requests; baseline: $nb utterances)"
helper drift_table "$drift_rows"
python3 - "$nb" << 'EOF'
import sys
k, w, b = 10, 200, int(sys.argv[1])
print(f"  A window drawn from the baseline's own distribution does not score 0: with {k} bins its PSI is about")
print(f"  (bins - 1) x (1/window + 1/baseline) = {(k - 1) * (1 / w + 1 / b):.3f} on average, more for a feature whose")
print(f"  values pile up on a bin edge. Below 0.1 reads stable, 0.1-0.25 moderate, above 0.25 drift.")
EOF
