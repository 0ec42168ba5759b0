// Decode + down-mix + resample-to-16 kHz throughput for each input format, in seconds
// of audio per second of CPU (`audio_s/cpu_s`; decoding is single-threaded). Fixtures
// (20 s of a sine with noise) are written to a temp folder by libsndfile at start-up.
#include <benchmark/benchmark.h>
#include <sndfile.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "audio/reader.h"

namespace {

constexpr double kSeconds = 20.0;

std::string FixtureDir() {
  static const std::string dir = [] {
    std::string tmpl = "/tmp/sori-bench-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    return tmpl;
  }();
  return dir;
}

std::string Fixture(const std::string& name, int format, int rate, int channels) {
  const std::string path = FixtureDir() + "/" + name;
  if (std::filesystem::exists(path)) return path;
  const size_t frames = static_cast<size_t>(kSeconds * rate);
  std::vector<float> data(frames * static_cast<size_t>(channels));
  uint32_t s = 11;
  for (size_t i = 0; i < frames; ++i) {
    s = s * 1664525u + 1013904223u;
    const float v = static_cast<float>(0.3 * std::sin(2 * M_PI * 440.0 * double(i) / rate) +
                                       (double(s >> 8) / (1 << 24) - 0.5) * 0.05);
    for (int c = 0; c < channels; ++c) data[i * static_cast<size_t>(channels) + static_cast<size_t>(c)] = v;
  }
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = channels;
  info.format = format;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
  if (f == nullptr) std::abort();
  sf_writef_float(f, data.data(), static_cast<sf_count_t>(frames));
  sf_close(f);
  return path;
}

void Decode(benchmark::State& state, const std::string& path) {
  for (auto _ : state) {
    sori::Audio a = sori::DecodeAudioFile(path);
    benchmark::DoNotOptimize(a.samples.data());
  }
  state.counters["audio_s/cpu_s"] =
      benchmark::Counter(kSeconds * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Wav16kMono(benchmark::State& s) { Decode(s, Fixture("a.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1)); }
void BM_Wav8kTo16k(benchmark::State& s) { Decode(s, Fixture("b.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1)); }
void BM_Wav48kStereoTo16k(benchmark::State& s) { Decode(s, Fixture("c.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2)); }
void BM_Flac44kStereoTo16k(benchmark::State& s) { Decode(s, Fixture("d.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2)); }
void BM_OggVorbis44kTo16k(benchmark::State& s) { Decode(s, Fixture("e.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, 1)); }
void BM_Opus48kTo16k(benchmark::State& s) { Decode(s, Fixture("f.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000, 1)); }
void BM_Mp344kTo16k(benchmark::State& s) { Decode(s, Fixture("g.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 44100, 1)); }

BENCHMARK(BM_Wav16kMono)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Wav8kTo16k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Wav48kStereoTo16k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Flac44kStereoTo16k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OggVorbis44kTo16k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Opus48kTo16k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Mp344kTo16k)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove_all(FixtureDir());
  return 0;
}
