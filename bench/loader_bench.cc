// Data loader throughput: decode + (augment) + features + batching on N worker threads,
// in seconds of audio per second of wall time and batches per second. The corpus is
// 200 utterances of 2-8 s (speech-like noise bursts) written to a temp folder at start.
// Arguments: workers, augmentation (0 off, 1 speed + noise + SpecAugment).
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>
#include <sndfile.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "data/loader.h"
#include "text/char_tokenizer.h"
#include "util/allocator.h"

namespace {

struct Corpus {
  std::string dir;
  std::vector<sori::ManifestEntry> entries;
  Corpus() {
    std::string tmpl = "/tmp/sori-loader-bench-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    dir = tmpl;
    std::mt19937_64 rng(1);
    std::normal_distribution<float> gauss(0.0f, 0.1f);
    for (int i = 0; i < 200; ++i) {
      const double seconds = 2.0 + 6.0 * static_cast<double>(i % 13) / 12.0;
      const size_t n = static_cast<size_t>(seconds * 16000);
      std::vector<float> x(n);
      for (size_t k = 0; k < n; ++k) {
        const double envelope = 0.5 + 0.5 * std::sin(2 * M_PI * 3.0 * double(k) / 16000);
        x[k] = static_cast<float>(envelope * (gauss(rng) + 0.2 * std::sin(0.05 * double(k))));
      }
      const std::string path = dir + "/u" + std::to_string(i) + ".wav";
      SF_INFO info{};
      info.samplerate = 16000;
      info.channels = 1;
      info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
      SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
      sf_writef_float(f, x.data(), static_cast<sf_count_t>(n));
      sf_close(f);
      sori::ManifestEntry e;
      e.audio_filepath = path;
      e.duration = seconds;
      e.text = "speech recognition batch " + std::to_string(i);
      entries.push_back(e);
    }
  }
  ~Corpus() { std::filesystem::remove_all(dir); }
};

Corpus& TheCorpus() {
  static Corpus corpus;
  return corpus;
}

void BM_LoaderEpoch(benchmark::State& state) {
  const Corpus& corpus = TheCorpus();
  sori::LoaderConfig config;
  config.workers = static_cast<int>(state.range(0));
  config.max_batch_duration = 120.0;
  config.augment.speed_perturb.enabled = state.range(1) == 1;
  config.augment.noise_aug.enabled = state.range(1) == 1;
  config.augment.spec_augment.enabled = state.range(1) == 1;
  std::vector<std::string> texts;
  for (const auto& e : corpus.entries) texts.push_back(e.text);
  auto tokenizer = std::make_shared<sori::CharTokenizer>(sori::CharTokenizer::Build(texts));
  sori::DataLoader loader(corpus.entries, tokenizer, sori::FeatureConfig{}, config);
  double audio = 0;
  int64_t batches = 0;
  int64_t epoch = 0;
  for (auto _ : state) {
    loader.Start(epoch++);
    while (auto b = loader.Next()) {
      audio += b->audio_seconds;
      ++batches;
    }
  }
  state.counters["audio_s/wall_s"] = benchmark::Counter(audio, benchmark::Counter::kIsRate);
  state.counters["batches/s"] = benchmark::Counter(static_cast<double>(batches), benchmark::Counter::kIsRate);
  state.counters["batch_audio_s"] = static_cast<double>(audio) / static_cast<double>(std::max<int64_t>(batches, 1));
}

BENCHMARK(BM_LoaderEpoch)
    ->ArgNames({"workers", "augment"})
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  sori::TuneAllocatorForTensors();
  at::set_num_threads(1);  // the training step would own the other threads
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
