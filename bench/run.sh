#!/usr/bin/env bash
# Runs every benchmark program in BUILD_DIR/bench and prints their tables.
# Figures are throughput in seconds of audio per second (CPU or wall, as labelled).
set -euo pipefail
build=${1:-build}
for b in "$build"/bench/sori_*_bench; do
  echo "== $(basename "$b")"
  "$b" --benchmark_counters_tabular=true --benchmark_min_time=1 "${@:2}"
  echo
done
