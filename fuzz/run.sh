#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS, starting from a small seed corpus of valid
# inputs made here (sox and printf), and saving new inputs and any crash under
# build-fuzz/corpus and build-fuzz/crashes.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-60}
corpus="$build/corpus"
crashes="$build/crashes"
mkdir -p "$corpus/audio_decode" "$corpus/manifest" "$corpus/import" "$crashes"

# Seeds: one short file per container, prefixed with the mode byte (0 = by header).
seed_audio() {
  local ext=$1 tmp
  tmp=$(mktemp --suffix=".$ext")
  sox -n -r 16000 -c 1 "$tmp" synth 0.05 sine 440 2>/dev/null || { rm -f "$tmp"; return; }
  { printf '\x00'; cat "$tmp"; } > "$corpus/audio_decode/seed.$ext"
  rm -f "$tmp"
}
for ext in wav flac ogg mp3; do seed_audio "$ext"; done
printf '%s\n' '{"audio_filepath": "a.wav", "duration": 1.5, "text": "안녕", "speaker": 3}' \
  '{"audio_filepath": "/x/b.flac", "duration": 0, "text": "", "offset": 2.0, "lang": "en"}' \
  > "$corpus/manifest/seed.jsonl"

# Kaldi wav.scp / text / segments / utt2spk and a .trn script, separated by NUL bytes.
printf 'u1 a.wav\nu2 /missing.wav\nu3 sox a.wav -t wav - |\n\0u1 hello world\nu2 bye\n\0s1 u1 0.0 0.2\ns2 u1 0.1 -1\n\0s1 spk\n\0a.wav :: b/ 안녕 (2시)/(두 시)\n' \
  > "$corpus/import/seed.txt"

status=0
for target in audio_decode manifest import; do
  echo "== fuzz_$target for ${seconds}s"
  "$build/fuzz/fuzz_$target" "$corpus/$target" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$crashes/$target-" -print_final_stats=1 || status=1
done
exit $status
