#!/usr/bin/env bash
# Installs every build, test and run-time dependency of Sori from Debian 12 packages.
# Idempotent: packages already installed are skipped, and `apt-get update` runs at most
# once, only when something is missing. Prints what it installs.
#
#   scripts/install-deps.sh               everything (build, run, every test, fuzzing)
#   scripts/install-deps.sh --quickstart  what building `sori` and running the demo need:
#                                         no clang, Node.js/npm, promtool or Python PyTorch
#                                         (the tests' extra tools; `make test` adds them)
set -euo pipefail

mode=${1:-all}
case "$mode" in
  all | --quickstart) ;;
  *) echo "usage: $0 [--quickstart]" >&2; exit 2 ;;
esac

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config ninja-build
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
  libcurl4-openssl-dev  # webhook deliveries (src/net)
  libarchive-dev  # .nemo archives (tar, plain or gzip)
  libboost-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # speech synthesis and audio tools used by tests and the demo corpus
  espeak-ng libespeak-ng-dev sox libsox-fmt-all
  gnuplot-nox  # sori runs plot --out (PNG curves)
  curl python3 # the quickstart's requests and its reading of JSON answers
)
if [ "$mode" = all ]; then
  PACKAGES+=(
    clang libclang-rt-14-dev  # make fuzz: clang and its runtimes (libFuzzer, sanitizers)
    prometheus   # promtool (checks /metrics, deploy/'s rules and dashboard) and the Prometheus
                 # server that tests/deploy starts against real Sori servers
    jq           # tests/deploy: reads the Grafana dashboard's expressions
    # Python PyTorch, only to check that saved weights load in Python (and to write test
    # fixtures in PyTorch's format); Sori itself never runs Python
    python3-torch
  )
  # The official `openai` npm client is tested against the server; Node.js and npm come
  # from Debian unless the machine already has them (e.g. from NodeSource).
  if ! command -v node > /dev/null || ! command -v npm > /dev/null; then PACKAGES+=(nodejs npm); fi
fi

# npm packages for the tests (versions pinned by package-lock.json), from the npm registry.
install_npm_packages() {
  [ "$mode" = all ] || return 0
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/serve/openai-client"
  if [ ! -d "$dir/node_modules/openai" ] || [ ! -d "$dir/node_modules/standardwebhooks" ]; then
    echo "install-deps: npm ci in tests/serve/openai-client"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  install_npm_packages
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_npm_packages
echo "install-deps: done"
