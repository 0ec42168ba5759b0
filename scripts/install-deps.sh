#!/usr/bin/env bash
# Installs every build, test and run-time dependency of Sori from Debian 12 packages.
# Idempotent: packages already installed are skipped, and `apt-get update` runs at most
# once, only when something is missing. Prints what it installs.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config ninja-build clang libclang-rt-14-dev
  # numerics: libtorch and an optimized BLAS for it (without openblas-pthread, matrix
  # products fall back to reference BLAS and run several times slower)
  libtorch-dev libopenblas0-pthread libjemalloc-dev
  # audio
  libsndfile1-dev libsoxr-dev libvorbis-dev libogg-dev
  # text
  libsentencepiece-dev sentencepiece
  # base libraries
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev libsqlite3-dev
  libssl-dev
  libarchive-dev  # .nemo archives (tar, plain or gzip)
  libboost-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # speech synthesis and audio tools used by tests and the demo corpus
  espeak-ng libespeak-ng-dev sox libsox-fmt-all
  gnuplot-nox  # sori runs plot --out (PNG curves)
  # Python PyTorch, only to check that saved weights load in Python (and to write test
  # fixtures in PyTorch's format); Sori itself never runs Python
  python3-torch
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
