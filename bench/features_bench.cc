// Log-mel feature extraction throughput: seconds of audio per second of CPU
// (`audio_s/cpu_s`, measured with torch on one thread so that thread CPU time is all
// the CPU used) and per second of wall time with every core (`audio_s/wall_s`).
// Arguments: batch size and seconds per utterance. `--allocator=tuned` (default)
// applies TuneAllocatorForTensors() as the sori binary does; `--allocator=glibc`
// leaves glibc's defaults (dynamic mmap threshold), for comparison: bench/run.sh runs
// both. (A mallopt() call cannot be undone within a process, hence two processes.)
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "audio/features.h"
#include "util/allocator.h"
#include "util/parallel.h"

namespace {

std::vector<float> Signal(size_t n) {
  std::vector<float> v(n);
  uint32_t s = 7;
  for (size_t i = 0; i < n; ++i) {
    s = s * 1664525u + 1013904223u;
    v[i] = static_cast<float>(0.2 * std::sin(0.01 * double(i)) + (double(s >> 8) / (1 << 24) - 0.5) * 0.05);
  }
  return v;
}

void Run(benchmark::State& state, int threads, bool per_cpu) {
  at::set_num_threads(threads);
  const int batch = static_cast<int>(state.range(0));
  const double seconds = static_cast<double>(state.range(1));
  const sori::FeatureExtractor fx{sori::FeatureConfig{}};
  std::vector<std::vector<float>> utts(static_cast<size_t>(batch), Signal(static_cast<size_t>(seconds * 16000)));
  for (auto _ : state) {
    auto f = fx.Compute(utts);
    benchmark::DoNotOptimize(f.values.data_ptr<float>());
  }
  state.counters[per_cpu ? "audio_s/cpu_s" : "audio_s/wall_s"] =
      benchmark::Counter(seconds * batch * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_FeaturesOneThread(benchmark::State& state) { Run(state, 1, true); }
void BM_FeaturesAllThreads(benchmark::State& state) { Run(state, sori::AvailableCpus(), false); }

BENCHMARK(BM_FeaturesOneThread)
    ->ArgNames({"batch", "sec"})
    ->ArgsProduct({{1, 8}, {10, 60}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FeaturesAllThreads)
    ->ArgNames({"batch", "sec"})
    ->ArgsProduct({{1, 8}, {10}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  std::string allocator = "tuned";
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--allocator=", 0) == 0) {
      allocator = a.substr(12);
    } else {
      args.push_back(argv[i]);
    }
  }
  if (allocator == "tuned") {
    sori::TuneAllocatorForTensors();
  } else if (allocator != "glibc") {
    std::fprintf(stderr, "--allocator must be tuned or glibc\n");
    return 2;
  }
  benchmark::AddCustomContext("allocator", allocator);
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
