#!/usr/bin/env bash
# The end-to-end demo behind `make quickstart`: everything Sori can do today, on a corpus
# it synthesizes itself (espeak-ng) and on the real FSDD recordings in ../shared/data if
# present. A second run reuses the synthesized corpus. Training, evaluation and serving
# are not built yet; this script grows with them.
set -euo pipefail
build=${1:-build}
sori="$build/src/sori"
demo="$build/quickstart"
mkdir -p "$demo"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/7 Synthesize a small Korean corpus with espeak-ng (splits by voice)"
if [ -f "$demo/ko/train.jsonl" ]; then
  echo "reusing $demo/ko (delete it to synthesize again)"
else
  "$sori" data synth --lang ko --hours 0.05 --out "$demo/ko" --seed 1
fi

step "2/7 Validate the manifests: every file decoded, durations checked"
for split in train val test; do "$sori" manifest validate "$demo/ko/$split.jsonl"; done

step "3/7 Version the training set in the store"
"$sori" --store "$demo/store" data snapshot "$demo/ko/train.jsonl" --name ko-synth-train

step "4/7 Log-mel features (NeMo FastConformer settings)"
"$sori" features "$(ls "$demo"/ko/wav/*.wav | head -1)"

step "5/7 Normalize a KsponSpeech-style transcript and tokenize it into jamo"
raw='b/ 음/ (3시)/(세 시)에 회의실+ 회의실에서 만나요. n/'
echo "raw:        $raw"
norm=$("$sori" text normalize --lang ko "$raw")
echo "normalized: $norm"
"$sori" text tokenize --tokenizer jamo "$norm"

step "6/7 Score a hypothesis against the reference"
"$sori" metrics cer --ref "$norm" --hyp "음 세 시에 회의실 회의실에서 만나여"
"$sori" metrics wer --ref "$norm" --hyp "음 세 시에 회의실 회의실에서 만나여"

step "7/7 Real speech: import the Free Spoken Digit Dataset and split it by speaker"
fsdd="$(realpath -m "$(dirname "$0")/../../shared/data/fsdd")"
if [ -d "$fsdd" ]; then
  "$sori" data import --format fsdd "$fsdd" --out "$demo/fsdd/all.jsonl"
  "$sori" data split "$demo/fsdd/all.jsonl" --by speaker --ratios 0.5,0.25,0.25
else
  echo "(../shared/data/fsdd not found; skipped)"
fi

cat <<MSG

Done. Files are in $demo. Try next:
  $sori audio info --decode YOUR_FILE.mp3
  $sori data import --format folder YOUR_RECORDINGS/ --out mine.jsonl
  $sori manifest validate YOUR_MANIFEST.jsonl --report problems.json
  $sori text train-tokenizer --type spm --input transcripts.txt --out tok --vocab-size 256
  $sori --help
Training, evaluation and the HTTP server are the next milestones (see docs/architecture.md).
MSG
