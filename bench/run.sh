#!/usr/bin/env bash
# Runs every benchmark program in BUILD_DIR/bench and prints their tables.
# Figures are throughput in seconds of audio per second (CPU or wall, as labelled).
set -euo pipefail
build=${1:-build}
run() {
  echo "== $*"
  "$@" --benchmark_counters_tabular=true --benchmark_min_time=1 2>&1 | grep -v '^\*\*\*'
  echo
}
run "$build/bench/sori_decode_bench"
run "$build/bench/sori_loader_bench"
run "$build/bench/sori_train_step_bench"
# Features with the allocator tuned as the sori binary runs, then with glibc's defaults.
run "$build/bench/sori_features_bench" --allocator=tuned
run "$build/bench/sori_features_bench" --allocator=glibc
