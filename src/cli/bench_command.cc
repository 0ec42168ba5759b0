// sori bench: how fast a model package recognizes on this machine.
//
// Speed is printed as audio seconds processed per wall-clock second (higher is better;
// its inverse is the real-time factor) for batches of 1..32 clips and for one long input
// run through the segmenter, with the process's peak resident memory. Without --audio a
// fixed synthetic signal is used: the network's cost does not depend on what is said,
// only greedy/beam decoding does a little.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <random>

#include "audio/reader.h"
#include "cli/command.h"
#include "cli/lm_flags.h"
#include "infer/recognizer.h"
#include "util/error.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct BenchArgs {
  std::string model;
  std::string audio;
  double clip_seconds = 5.0;
  std::vector<int> batch_sizes{1, 2, 4, 8, 16, 32};
  double long_minutes = 10.0;
  double min_seconds = 3.0;  // run each case at least this long
  RecognizerOptions recognizer;
  LmFlags lm;
};

// A clip of `seconds`: the file (looped or cut to length) or a deterministic voiced-like
// signal (harmonics with a slow envelope plus a little noise).
std::vector<float> Clip(const std::string& file, double seconds, int rate) {
  const size_t n = static_cast<size_t>(seconds * rate);
  std::vector<float> out(n);
  if (!file.empty()) {
    DecodeOptions o;
    o.target_sample_rate = rate;
    const std::vector<float> src = DecodeAudioFile(file, o).samples;
    if (src.empty()) throw Error(ErrorCode::kInvalidInput, file + ": no samples");
    for (size_t i = 0; i < n; ++i) out[i] = src[i % src.size()];
    return out;
  }
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 0.01f);
  for (size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate;
    const double f0 = 120.0 + 30.0 * std::sin(2 * M_PI * 0.5 * t);
    double v = 0.0;
    for (int h = 1; h <= 5; ++h) v += std::sin(2 * M_PI * f0 * h * t) / h;
    out[i] = static_cast<float>(0.1 * v * (0.6 + 0.4 * std::sin(2 * M_PI * 3.0 * t))) + noise(rng);
  }
  return out;
}

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // KiB on Linux
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int RunBench(BenchArgs a, const GlobalOptions& global) {
  a.lm.ApplyTo(&a.recognizer);
  const std::string package = ResolveModelPackage(global, a.model);
  Recognizer recognizer(package);
  a.lm.LoadInto(&recognizer);
  const std::vector<float> clip = Clip(a.audio, a.clip_seconds, recognizer.sample_rate());
  std::cout << "model " << package << "  (" << global.runtime.threads << " threads, beam "
            << recognizer.EffectiveBeam(a.recognizer) << (recognizer.UsesLanguageModel(a.recognizer) ? " with its language model" : "")
            << ", clip " << FormatFixed(a.clip_seconds, 1) << " s" << (a.audio.empty() ? " synthetic" : " of " + a.audio)
            << ")\n\n";

  Table t({"batch", "runs", "audio s", "wall s", "audio-s/s", "RTF", "ms / clip"}, std::vector<Table::Align>(7, Table::Align::kRight));
  for (const int b : a.batch_sizes) {
    if (b < 1 || b > 256) throw Error(ErrorCode::kInvalidInput, "--batch-sizes: " + std::to_string(b) + " is not in [1, 256]");
    const std::vector<std::vector<float>> batch(static_cast<size_t>(b), clip);
    recognizer.Transcribe(batch, a.recognizer);  // warm-up: allocator and thread pool
    int runs = 0;
    const auto t0 = std::chrono::steady_clock::now();
    do {
      recognizer.Transcribe(batch, a.recognizer);
      ++runs;
    } while (Since(t0) < a.min_seconds);
    const double wall = Since(t0);
    const double audio = runs * b * a.clip_seconds;
    t.AddRow({std::to_string(b), std::to_string(runs), FormatFixed(audio, 0), FormatFixed(wall, 2), FormatFixed(audio / wall, 1),
              FormatFixed(wall / audio, 4), FormatFixed(1000.0 * wall / (runs * b), 1)});
  }
  std::cout << t.Render();

  if (a.long_minutes > 0) {
    // The long input is produced piece by piece, as a file would be decoded, so only
    // the segmenter's buffer and one batch of segments are in memory.
    const size_t total = static_cast<size_t>(a.long_minutes * 60.0 * recognizer.sample_rate());
    size_t produced = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const Transcript tr = recognizer.TranscribeLong(
        [&](std::vector<float>* piece) {
          const size_t n = std::min(clip.size(), total - produced);
          piece->assign(clip.begin(), clip.begin() + static_cast<std::ptrdiff_t>(n));
          produced += n;
          return produced < total;
        },
        a.recognizer);
    const double wall = Since(t0);
    std::cout << "\nlong audio: " << FormatFixed(a.long_minutes, 1) << " min in " << FormatFixed(wall, 1) << " s = "
              << FormatFixed(tr.audio_seconds / wall, 1) << " audio-s/s (segments of at most "
              << FormatFixed(a.recognizer.segments.max_seconds, 0) << " s, " << a.recognizer.max_batch_segments
              << " per batch)\n";
  }
  std::cout << "peak RSS " << FormatFixed(PeakRssMiB(), 0) << " MiB\n";
  return 0;
}

}  // namespace

void AddBenchCommand(CLI::App& app, Registry& registry) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* cmd = app.add_subcommand("bench", "Measure recognition speed (audio seconds per second) and memory");
  cmd->footer("Example: sori --threads 2 bench --model runs/3fa9/model --batch-sizes 1,16 --long-minutes 60");
  cmd->add_option("-m,--model", args->model, "Model package folder or run id")->required();
  cmd->add_option("--audio", args->audio, "Clip to use (looped or cut to --clip-seconds); default: synthetic");
  cmd->add_option("--clip-seconds", args->clip_seconds, "Length of each clip")->check(CLI::Range(0.5, 60.0));
  cmd->add_option("--batch-sizes", args->batch_sizes, "Batch sizes to run")->delimiter(',');
  cmd->add_option("--long-minutes", args->long_minutes, "Length of the long-audio case (0: skip)")->check(CLI::Range(0.0, 600.0));
  cmd->add_option("--min-seconds", args->min_seconds, "Run each case at least this long")->check(CLI::Range(0.1, 600.0));
  args->lm.AddTo(cmd, &args->recognizer);
  cmd->add_option("--max-segment", args->recognizer.segments.max_seconds, "Long audio: longest segment (seconds)")
      ->check(CLI::Range(2.0, 600.0));
  cmd->add_option("--min-segment", args->recognizer.segments.min_seconds, "Long audio: no cut before this (seconds)")
      ->check(CLI::Range(1.0, 600.0));
  registry.Add(cmd, [args, &registry] { return RunBench(*args, registry.global()); });
}

}  // namespace sori::cli
