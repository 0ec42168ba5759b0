#!/usr/bin/env bash
# The end-to-end demo behind `make quickstart`: everything Sori can do today, on audio it
# makes itself (espeak-ng) and on the real FSDD recordings in ../shared/data if present.
# Training, evaluation and serving are not built yet; this script grows with them.
set -euo pipefail
build=${1:-build}
sori="$build/src/sori"
demo="$build/quickstart"
mkdir -p "$demo"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/6 Synthesize three Korean sentences with espeak-ng and convert them to 16 kHz"
sentences=("안녕하세요, 소리입니다." "세 시에 회의실에서 만나요." "오늘 날씨가 정말 좋네요.")
: > "$demo/manifest.jsonl"
for i in "${!sentences[@]}"; do
  espeak-ng -v ko -s 150 -w "$demo/raw-$i.wav" "${sentences[$i]}"
  line=$("$sori" audio convert "$demo/raw-$i.wav" "$demo/ko-$i.wav")
  echo "$line"
  seconds=$(sed -E 's/.* ([0-9.]+) s$/\1/' <<<"$line")
  text=$("$sori" text normalize --lang ko "${sentences[$i]}")
  printf '{"audio_filepath": "ko-%d.wav", "duration": %s, "text": "%s", "lang": "ko"}\n' \
    "$i" "$seconds" "$text" >> "$demo/manifest.jsonl"
done
"$sori" audio info "$demo"/ko-*.wav

step "2/6 Validate the manifest: every file decoded, durations checked"
"$sori" manifest validate "$demo/manifest.jsonl"

step "3/6 Log-mel features (NeMo FastConformer settings)"
"$sori" features "$demo/ko-0.wav"

step "4/6 Normalize a KsponSpeech-style transcript and tokenize it into jamo"
raw='b/ 음/ (3시)/(세 시)에 회의실+ 회의실에서 만나요. n/'
echo "raw:        $raw"
norm=$("$sori" text normalize --lang ko "$raw")
echo "normalized: $norm"
"$sori" text tokenize --tokenizer jamo "$norm"

step "5/6 Score a hypothesis against the reference"
"$sori" metrics cer --ref "$norm" --hyp "음 세 시에 회의실 회의실에서 만나여"
"$sori" metrics wer --ref "$norm" --hyp "음 세 시에 회의실 회의실에서 만나여"

step "6/6 Real speech: a Free Spoken Digit Dataset recording (8 kHz), decoded to 16 kHz"
fsdd="$(realpath -m "$(dirname "$0")/../../shared/data/fsdd/0_jackson_0.wav")"
if [ -f "$fsdd" ]; then
  "$sori" audio info --decode "$fsdd"
else
  echo "(../shared/data/fsdd not found; skipped)"
fi

cat <<MSG

Done. Files are in $demo. Try next:
  $sori audio info --decode YOUR_FILE.mp3
  $sori manifest validate YOUR_MANIFEST.jsonl --report problems.json
  $sori text train-tokenizer --type spm --input transcripts.txt --out tok --vocab-size 256
  $sori --help
Training, evaluation and the HTTP server are the next milestones (see docs/architecture.md).
MSG
