#!/usr/bin/env bash
# Accuracy benchmarks for training (not CI tests: each takes 10-25 minutes on 2 cores).
#
#   bench/train_accuracy.sh ko      [BUILD]  # tiny-ko on 4 h of synthetic Korean (3.2 h of it
#                                            # train), 20 min budget, then test CER on voices
#                                            # never seen in training
#   bench/train_accuracy.sh digits  [BUILD]  # tiny-en on synthetic English + FSDD takes 5-44
#                                            # (takes 45-49 validate: they choose the best
#                                            # checkpoint), then WER on FSDD takes 0-4
#   bench/train_accuracy.sh digits-synth-only [BUILD]  # no FSDD at all in training or
#                                            # validation (synthetic val), same test
#
# Corpora are made under corpus/ (reused when present), runs go to the store in
# bench-store/ (override with SORI_BENCH_STORE), and the script ends by printing the run,
# the learning curve, training speed and the test figures.
set -euo pipefail
what=${1:?usage: bench/train_accuracy.sh ko|digits|digits-synth-only [BUILD_DIR]}
build=${2:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
sori="$root/$build/src/sori"
store=${SORI_BENCH_STORE:-$root/bench-store}
minutes=${SORI_BENCH_MINUTES:-}
extra_args=()
fsdd="$root/../shared/data/fsdd"
work="$root/corpus"
mkdir -p "$work"
cd "$root"

synth() {  # lang hours dir
  if [ ! -f "$3/train.jsonl" ]; then "$sori" --threads 2 data synth --lang "$1" --hours "$2" --seed 1 --out "$3"; fi
}

fsdd_splits() {  # takes 0-4 are the test set; 5-49 may train (45-49 of them validate)
  if [ -f "$work/fsdd/val_45_49.jsonl" ]; then return; fi
  [ -d "$fsdd" ] || { echo "FSDD not found at $fsdd" >&2; exit 1; }
  mkdir -p "$work/fsdd"
  "$sori" data import --format fsdd "$fsdd" --out "$work/fsdd/all.jsonl" > /dev/null
  grep -E '"id":"[0-9]_[a-z]+_[0-4]"' "$work/fsdd/all.jsonl" > "$work/fsdd/test_0_4.jsonl"
  grep -E '"id":"[0-9]_[a-z]+_4[5-9]"' "$work/fsdd/all.jsonl" > "$work/fsdd/val_45_49.jsonl"
  grep -vE '"id":"[0-9]_[a-z]+_([0-4]|4[5-9])"' "$work/fsdd/all.jsonl" > "$work/fsdd/train_5_44.jsonl"
}

# A copy of configs/NAME.yaml with the data section replaced.
config_with_data() {  # name out train val test
  sed -e '/^data:/,/^training:/{/^data:/!{/^training:/!d}}' "configs/$1.yaml" |
    sed -e "s|^data:|data:\n  train_manifest: $3\n  val_manifest: $4\n  test_manifest: $5\n  max_duration: 20.0|" \
        -e "s|^name: .*|name: $(basename "$2" .yaml)|" > "$2"
}

case "$what" in
  ko)
    synth ko 4 "$work/ko-synth-4h"
    cfg="configs/tiny-ko.yaml"
    test_manifest="$work/ko-synth-4h/test.jsonl"
    minutes=${minutes:-20}
    extra_args=(--set name=tiny-ko-4h --set data.train_manifest="$work/ko-synth-4h/train.jsonl"
                --set data.val_manifest="$work/ko-synth-4h/val.jsonl" --set data.test_manifest="$test_manifest")
    ;;
  digits | digits-synth-only)
    synth en 0.5 "$work/en-synth"
    fsdd_splits
    if [ "$what" = digits ]; then
      # In the synthetic corpus folder: its audio paths are relative to it (FSDD's are absolute).
      # FSDD is repeated (SORI_FSDD_REPEAT, default 3) so that the real voices weigh about as
      # much as the synthetic ones (1,600 clips of ~0.45 s against 0.5 h).
      { cat "$work/en-synth/train.jsonl"
        for _ in $(seq "${SORI_FSDD_REPEAT:-3}"); do cat "$work/fsdd/train_5_44.jsonl"; done
      } > "$work/en-synth/train+fsdd_5_44.jsonl"
      train="$work/en-synth/train+fsdd_5_44.jsonl"
      val="$work/fsdd/val_45_49.jsonl"
    else
      train="$work/en-synth/train.jsonl"
      val="$work/en-synth/val.jsonl"
    fi
    cfg="$work/$what.yaml"
    config_with_data tiny-en "$cfg" "$train" "$val" "$work/fsdd/test_0_4.jsonl"
    test_manifest="$work/fsdd/test_0_4.jsonl"
    minutes=${minutes:-20}
    extra_args=(--set training.max_epochs=100)  # the time budget decides
    ;;
  *) echo "unknown benchmark '$what' (ko, digits, digits-synth-only)" >&2; exit 2 ;;
esac

echo "== training $cfg for at most $minutes minutes (store $store)"
"$sori" --threads 2 --store "$store" train --config "$cfg" --max-minutes "$minutes" "${extra_args[@]}"
run=$("$sori" --store "$store" runs list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
echo
echo "== learning curve"
"$sori" --store "$store" runs plot "$run" --metric val/cer
"$sori" --store "$store" runs plot "$run" --metric val/cer --out "$store/$what-val-cer.png" > /dev/null 2>&1 || true
echo
echo "== test: $test_manifest"
"$sori" --threads 2 --store "$store" eval --model "$run" --manifest "$test_manifest" --worst 5
