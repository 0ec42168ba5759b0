#!/usr/bin/env bash
# The end-to-end demo behind `make quickstart`: everything Sori can do today, on a corpus
# it synthesizes itself (espeak-ng) and on the real FSDD recordings in ../shared/data if
# present. A second run reuses the synthesized corpus. The model registry and serving
# are not built yet; this script grows with them.
set -euo pipefail
build=${1:-build}
sori="$build/src/sori"
demo="$build/quickstart"
mkdir -p "$demo"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/9 Synthesize a small Korean corpus with espeak-ng (splits by voice)"
if [ -f "$demo/ko/train.jsonl" ]; then
  echo "reusing $demo/ko (delete it to synthesize again)"
else
  "$sori" data synth --lang ko --hours 0.3 --out "$demo/ko" --seed 1
fi

step "2/9 Validate the manifests: every file decoded, durations checked"
for split in train val test; do "$sori" manifest validate "$demo/ko/$split.jsonl"; done

step "3/9 Version the training set in the store"
"$sori" --store "$demo/store" data snapshot "$demo/ko/train.jsonl" --name ko-synth-train

step "4/9 Log-mel features (NeMo FastConformer settings)"
"$sori" features "$(ls "$demo"/ko/wav/*.wav | head -1)"

step "5/9 Normalize a KsponSpeech-style transcript and tokenize it into jamo"
raw='b/ 음/ (3시)/(세 시)에 회의실+ 회의실에서 만나요. n/'
echo "raw:        $raw"
norm=$("$sori" text normalize --lang ko "$raw")
echo "normalized: $norm"
"$sori" text tokenize --tokenizer jamo "$norm"

step "6/9 Score a hypothesis against the reference"
"$sori" metrics cer --ref "$norm" --hyp "음 세 시에 회의실 회의실에서 만나여"
"$sori" metrics wer --ref "$norm" --hyp "음 세 시에 회의실 회의실에서 만나여"

step "7/9 Real speech: import the Free Spoken Digit Dataset and split it by speaker"
fsdd="$(realpath -m "$(dirname "$0")/../../shared/data/fsdd")"
if [ -d "$fsdd" ]; then
  "$sori" data import --format fsdd "$fsdd" --out "$demo/fsdd/all.jsonl"
  "$sori" data split "$demo/fsdd/all.jsonl" --by speaker --ratios 0.5,0.25,0.25
else
  echo "(../shared/data/fsdd not found; skipped)"
fi

step "8/9 Train the tiny Korean model for ${QUICKSTART_MINUTES:=3} minutes (the 20-minute benchmark is bench/train_accuracy.sh ko)"
ko="$(realpath "$demo/ko")"
"$sori" --store "$demo/store" train --config "$(dirname "$0")/../configs/tiny-ko.yaml" --max-minutes "$QUICKSTART_MINUTES" \
  --set name=quickstart-ko --set data.train_manifest="$ko/train.jsonl" \
  --set data.val_manifest="$ko/val.jsonl" --set data.test_manifest="$ko/test.jsonl"
run=$("$sori" --store "$demo/store" runs list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$sori" --store "$demo/store" runs plot "$run" --metric val/cer --height 10

step "9/9 Evaluate it on the test voices (never heard in training)"
"$sori" --store "$demo/store" eval --model "$run" --manifest "$ko/test.jsonl" --worst 2

cat <<MSG

Done. Files are in $demo. Try next:
  $sori audio info --decode YOUR_FILE.mp3
  $sori data import --format folder YOUR_RECORDINGS/ --out mine.jsonl
  $sori manifest validate YOUR_MANIFEST.jsonl --report problems.json
  $sori --store $demo/store runs show $run
  $sori train --config configs/tiny-ko.yaml          # on corpus/ko-synth (sori data synth --hours 2 ...)
  $sori --help
The model registry and the HTTP server are the next milestones (see docs/architecture.md).
MSG
