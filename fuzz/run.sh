#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS, starting from a small seed corpus of valid
# inputs made here (sox and printf), and saving new inputs and any crash under
# build-fuzz/corpus and build-fuzz/crashes.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-60}
corpus="$build/corpus"
crashes="$build/crashes"
mkdir -p "$corpus/audio_decode" "$corpus/manifest" "$corpus/import" "$corpus/http_framing" "$crashes"

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

# HTTP requests (the first byte sets how many bytes arrive per read): Content-Length,
# chunked with an extension and trailers, multipart, and a trailer near the limit.
printf '\x05POST /v1/transcribe?beam=4 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nRIFF!' > "$corpus/http_framing/length"
printf '\x01POST /v1/transcribe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-T: t\r\n\r\n' \
  > "$corpus/http_framing/chunked"
printf '\x10POST /v1/audio/transcriptions HTTP/1.1\r\nContent-Type: Multipart/Form-Data; boundary=zz\r\nContent-Length: 98\r\n\r\n--zz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nRIFF\r\n--zz--\r\n' \
  > "$corpus/http_framing/multipart"
{ printf '\x02POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: '; head -c 40000 /dev/zero | tr '\0' t; printf '\r\n\r\n'; } \
  > "$corpus/http_framing/big-trailer"

status=0
for target in audio_decode manifest import http_framing; do
  max_len=65536
  [ "$target" = http_framing ] && max_len=131072  # room for trailers past the 32 KiB limit
  echo "== fuzz_$target for ${seconds}s"
  "$build/fuzz/fuzz_$target" "$corpus/$target" -max_total_time="$seconds" -max_len="$max_len" \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$crashes/$target-" -print_final_stats=1 || status=1
done
exit $status
