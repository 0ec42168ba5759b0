#!/usr/bin/env bash
# Asynchronous jobs (issue 19): a one-hour recording as a job, and what queued job audio
# does to the synchronous route's latency. The model is NeMo's FastConformer-CTC tiny
# from ../shared/data (imported once); the audio is FSDD speech joined with sox.
#
#   bash bench/jobs_bench.sh [BUILD_DIR]      # SECONDS_SYNC=20 each loadtest's length
#
# Prints:
#   1. the one-hour job alone: wall time, audio seconds per second, progress as it went,
#      and the server's peak RSS (VmHWM);
#   2. `sori loadtest` on 5 s clips at concurrency 8 (after a 10 s warm-up), three rounds
#      of: alone, then with an hour of job audio queued beside it (how far the job got
#      meanwhile), then the job canceled. Interleaved because this machine drifts by more
#      than the effect measured.
set -euo pipefail
build=${1:-build}
sori=${SORI:-$build/src/sori}
shared=$(cd "$(dirname "$0")/../.." && pwd)/shared/data
work=${BENCH_DIR:-$build/bench-jobs}
port=${PORT:-18091}
seconds=${SECONDS_SYNC:-20}
mkdir -p "$work"

if [ ! -d "$work/pkg" ]; then
  "$sori" --log-level warn models import-nemo "$shared/nemo-fastconformer-tiny/tiny_fastconformer_ctc.nemo" --out "$work/pkg"
fi
if [ ! -f "$work/hour.mp3" ]; then
  mapfile -t clips < <(ls "$shared"/fsdd/*.wav | sort)
  sox "${clips[@]}" -r 16000 "$work/joined.wav"
  sox "$work/joined.wav" -C 64 "$work/hour.mp3" repeat 6 trim 0 3600
  sox "$work/joined.wav" "$work/clip5.wav" trim 60 5
  rm -f "$work/joined.wav"
fi
echo "job audio: $(soxi -D "$work/hour.mp3") s, $(stat -c %s "$work/hour.mp3") bytes; sync clip: $(soxi -D "$work/clip5.wav") s"

start_server() {
  rm -rf "$work/store"
  "$sori" --log-level warn --store "$work/store" serve --model "$work/pkg" --port "$port" --job-workers 1 \
    --max-job-audio-seconds 4000 ${SERVE_FLAGS:-} > "$work/access.log" 2> "$work/server.log" &
  server=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done
}
stop_server() {
  echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$server/status)"
  kill "$server"
  wait "$server" 2>/dev/null || true
}
trap 'kill $server 2>/dev/null || true' EXIT
job_field() { curl -s "http://127.0.0.1:$port/v1/jobs/$1" | python3 -c "import json,sys; j=json.load(sys.stdin); print($2)"; }

echo "== 1. one hour of audio as a job, alone"
start_server
t0=$(date +%s.%N)
id=$(curl -s -F "file=@$work/hour.mp3" "http://127.0.0.1:$port/v1/jobs" | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
while :; do
  status=$(job_field "$id" "j['status'] + ' ' + str(j['progress'])")
  case "$status" in succeeded* | failed* | canceled*) break ;; esac
  printf "\r  %s %s%%   " "$id" "${status#* }"
  sleep 5
done
t1=$(date +%s.%N)
echo
python3 -c "w=$t1-$t0; print(f'  {\"$status\".split()[0]} in {w:.1f} s: {3600/w:.1f} audio-s/s')"
echo "  words in the result: $(curl -s "http://127.0.0.1:$port/v1/jobs/$id/result?format=json" | python3 -c "import json,sys; print(len(json.load(sys.stdin)['words']))")"
stop_server

echo "== 2. synchronous 5 s clips at concurrency 8: alone, then beside an hour of job audio"
start_server
"$sori" loadtest --port "$port" --file "$work/clip5.wav" --concurrency 8 --seconds 10 > /dev/null  # warm-up
echo "concurrency  requests  req/s  audio-s/s  p50 ms  p95 ms  p99 ms  errors"
for round in 1 2 3; do
  echo "-- round $round, alone"
  "$sori" loadtest --port "$port" --file "$work/clip5.wav" --concurrency 8 --seconds "$seconds" | tail -1
  id=$(curl -s -F "file=@$work/hour.mp3" "http://127.0.0.1:$port/v1/jobs" | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
  sleep 1
  before=$(job_field "$id" "j['progress']")
  echo "-- round $round, with an hour of job audio queued ($id, ${before}% done when the load starts)"
  "$sori" loadtest --port "$port" --file "$work/clip5.wav" --concurrency 8 --seconds "$seconds" | tail -1
  echo "   the job when the load stopped: $(job_field "$id" "j['status'] + ', ' + str(j['progress']) + '% done'")"
  curl -s -X DELETE "http://127.0.0.1:$port/v1/jobs/$id" > /dev/null
  sleep 1
done
stop_server
