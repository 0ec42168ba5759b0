# Sori's entry points. Every target installs missing dependencies first
# (scripts/install-deps.sh is idempotent and quick when nothing is missing).
#
#   make quickstart   install what the demo needs, build the sori binary only, and run the
#                     end-to-end demo (scripts/quickstart.sh); `make test` adds the rest
#   make test         install, build with -Werror, run every test through CTest,
#                     then the unit tests again under AddressSanitizer + UBSan
#   make build        install and build (build/src/sori)
#   make bench        build and run the benchmarks (bench/)
#   make fuzz         build the libFuzzer targets with clang and run each for FUZZ_SECONDS
#   make asan         build and run the unit tests under ASan + UBSan only
#   make clean        remove build folders

JOBS ?= $(shell nproc)
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=
CONFIGURE = cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSORI_WERROR=ON $(CMAKE_FLAGS)

.PHONY: deps build test asan unit-asan bench fuzz quickstart clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(CONFIGURE)
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory unit-asan

# The unit tests again, instrumented: memory errors, leaks and undefined behaviour on
# every bad-input path. Benchmarks are not built here.
asan: deps
	$(MAKE) --no-print-directory unit-asan

unit-asan:
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSORI_WERROR=ON \
	  -DSORI_SANITIZE=ON -DSORI_BUILD_BENCH=OFF -DSORI_PCH=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_DIR) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_odr_violation=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS) -L unit

bench: build
	@bash bench/run.sh $(BUILD_DIR)

fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSORI_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_audio_decode fuzz_manifest fuzz_import fuzz_http_framing
	@bash fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

# Only the packages and the binary the demo runs: the tests' tools and the tests and
# benchmarks themselves are most of the install and build time.
quickstart:
	@bash scripts/install-deps.sh --quickstart
	$(CONFIGURE)
	cmake --build $(BUILD_DIR) -j $(JOBS) --target sori
	@bash scripts/quickstart.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
