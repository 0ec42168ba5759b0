#!/usr/bin/env bash
# Short requests while long uploads run (issue 17): the latency of 0.6 s clips sent by
# 4 clients back to back, while 4 other clients upload ten-minute MP3s one after another
# for the whole run, and the server's peak resident memory. The model is the NeMo FastConformer-CTC checkpoint in
# ../shared/data (imported once); the audio is FSDD speech joined with sox.
#
#   bash bench/serve_fairness.sh [BUILD_DIR]        # SORI=/path/to/sori compares a binary
#
# Prints the short clips' p50/p95/p99 (sori loadtest), every long upload's status and
# time (curl), and the server's VmHWM.
set -euo pipefail
build=${1:-build}
sori=${SORI:-$build/src/sori}
shared=$(cd "$(dirname "$0")/../.." && pwd)/shared/data
work=${BENCH_DIR:-$build/bench-serve}
port=${PORT:-18090}
seconds=${SECONDS_SHORT:-40}
mkdir -p "$work"

if [ ! -d "$work/pkg" ]; then
  "$sori" --log-level warn models import-nemo "$shared/nemo-fastconformer-tiny/tiny_fastconformer_ctc.nemo" --out "$work/pkg"
fi
if [ ! -f "$work/long.mp3" ]; then
  # Ten minutes of real speech: FSDD clips (8 kHz) joined, resampled, encoded as MP3.
  mapfile -t clips < <(ls "$shared"/fsdd/*.wav | sort)
  sox "${clips[@]}" -r 16000 "$work/joined.wav"
  sox "$work/joined.wav" -C 64 "$work/long.mp3" repeat 1 trim 0 600
  sox "$shared/fsdd/0_jackson_0.wav" -r 16000 "$work/short.wav"
  rm -f "$work/joined.wav"
fi
echo "long upload: $(soxi -D "$work/long.mp3") s, $(stat -c %s "$work/long.mp3") bytes; short clip: $(soxi -D "$work/short.wav") s"

"$sori" --log-level warn serve --model "$work/pkg" --port "$port" --max-audio-seconds 700 ${SERVE_FLAGS:-} > "$work/access.log" 2> "$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done

# Four clients uploading ten-minute files back to back until the short clips' run ends.
stop="$work/stop"
rm -f "$stop"
longs=()
for c in 1 2 3 4; do
  (i=0; while [ ! -f "$stop" ] && [ $i -lt 20 ]; do
     i=$((i + 1))
     curl -s -o /dev/null -w "long upload (client $c, #$i): HTTP %{http_code} in %{time_total} s\n" \
       -F "audio=@$work/long.mp3" "http://127.0.0.1:$port/v1/transcribe"
   done) &
  longs+=($!)
done
sleep 2
"$sori" loadtest --port "$port" --file "$work/short.wav" --concurrency 4 --seconds "$seconds"
touch "$stop"
wait "${longs[@]}" || true
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$server/status)"
kill "$server"
wait "$server" 2>/dev/null || true
