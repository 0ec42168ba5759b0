#!/usr/bin/env bash
# Times a clean build as `make build` configures it: a fresh build folder, then the `sori`
# target, then everything else (tests, benchmarks). With ccache installed it compiles
# through an empty cache in a temporary folder, so no earlier build is reused.
#   scripts/time-clean-build.sh [BUILD_DIR]     (default: build-timing, removed first)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-timing}
rm -rf "$dir"
launcher=()
if command -v ccache >/dev/null; then
  CCACHE_DIR=$(mktemp -d)
  export CCACHE_DIR
  trap 'rm -rf "$CCACHE_DIR"' EXIT
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
start=$(date +%s)
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSORI_WERROR=ON "${launcher[@]}" >/dev/null
configured=$(date +%s)
cmake --build "$dir" -j "$(nproc)" --target sori >/dev/null
sori_done=$(date +%s)
cmake --build "$dir" -j "$(nproc)" >/dev/null
all_done=$(date +%s)
echo "configure $((configured - start)) s; sori $((sori_done - configured)) s; everything $((all_done - configured)) s ($(nproc) cores)"
