// sori transcribe: audio files to text, JSON or subtitles.
//
// Short files (up to one segment) are decoded whole and run together in batches; longer
// ones are streamed from disk through the Recognizer's segmenter, so an hour-long file
// never sits in memory whole. A file that cannot be read is reported and skipped; the
// others are still transcribed (exit status 1 if any failed).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "audio/reader.h"
#include "cli/command.h"
#include "cli/lm_flags.h"
#include "infer/recognizer.h"
#include "infer/transcript_formats.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/progress.h"

namespace sori::cli {
namespace {

struct TranscribeArgs {
  std::vector<std::string> files;
  std::string model;
  std::string format = "txt";
  std::string out_dir;
  RecognizerOptions recognizer;
  LmFlags lm;
  int batch = 8;
  double max_hours = 24.0;
};

std::string Render(const Transcript& t, const std::string& format, const std::string& file, bool pretty) {
  if (format == "txt") return t.text + "\n";
  if (format == "srt") return TranscriptToSrt(t);
  if (format == "vtt") return TranscriptToVtt(t);
  nlohmann::ordered_json j;
  j["file"] = file;
  j.update(TranscriptToJson(t));
  // A file name need not be UTF-8 on Linux: replace bad bytes rather than throw.
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Output paths (DIR/<stem>.<format>) for --out-dir, refusing two inputs that would
// write the same file.
std::vector<std::string> OutputPaths(const TranscribeArgs& a) {
  std::vector<std::string> out;
  std::map<std::string, std::string> seen;
  for (const std::string& f : a.files) {
    const std::string path = (std::filesystem::path(a.out_dir) / std::filesystem::path(f).stem()).string() + "." + a.format;
    if (const auto it = seen.find(path); it != seen.end()) {
      throw Error(ErrorCode::kInvalidInput, "'" + it->second + "' and '" + f + "' would both be written to " + path +
                                                "; transcribe them in separate runs or rename one");
    }
    seen[path] = f;
    out.push_back(path);
  }
  return out;
}

// Probes every file first: the progress bar counts audio seconds, and unreadable files
// are reported before any work. Returns each file's duration; nullopt (logged, counted in
// *failed) for one that cannot be read or is too long.
std::vector<std::optional<double>> ProbeFiles(const TranscribeArgs& a, const DecodeOptions& decode, int* failed) {
  std::vector<std::optional<double>> seconds(a.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) {
    try {
      const AudioInfo info = ProbeAudioFile(a.files[i], decode);
      if (info.duration_sec > decode.max_duration_sec) {
        throw Error(ErrorCode::kTooLarge, a.files[i] + ": " + std::to_string(info.duration_sec / 3600.0) +
                                              " h is longer than --max-hours " + std::to_string(a.max_hours));
      }
      seconds[i] = info.duration_sec;
    } catch (const Error& e) {
      spdlog::error("{}", e.what());
      ++*failed;
    }
  }
  return seconds;
}

// One `sori transcribe` run over readable files: short files gather into batches of
// --batch, a long one runs alone through the segmenter; transcripts come out in input
// order and the progress bar follows the audio seconds done.
class TranscribeRun {
 public:
  TranscribeRun(const TranscribeArgs& a, Recognizer& recognizer, std::vector<std::string> outputs, double total_seconds)
      : a_(a), recognizer_(recognizer), outputs_(std::move(outputs)), total_(total_seconds),
        progress_("transcribe", static_cast<uint64_t>(total_seconds + 0.5), "audio-s") {}

  void File(size_t i, double seconds, const DecodeOptions& decode) {
    if (seconds <= a_.recognizer.segments.max_seconds) {
      pending_audio_.push_back(DecodeAudioFile(a_.files[i], decode).samples);
      pending_.push_back(i);
      if (static_cast<int>(pending_.size()) >= a_.batch) Flush();
      return;
    }
    Flush();  // keep the output in input order
    auto reader = AudioReader::OpenFile(a_.files[i], decode);
    const double base = done_;
    const Transcript t = recognizer_.TranscribeLong([&](std::vector<float>* piece) { return reader->ReadChunk(piece); },
                                                    a_.recognizer, [&](double done) { Advance(base + done); });
    Emit(i, t);
    done_ += t.audio_seconds;
  }

  void Flush() {
    if (pending_.empty()) return;
    const std::vector<Transcript> out = recognizer_.Transcribe(pending_audio_, a_.recognizer);
    for (size_t k = 0; k < pending_.size(); ++k) {
      Emit(pending_[k], out[k]);
      done_ += out[k].audio_seconds;
    }
    Advance(done_);
    pending_.clear();
    pending_audio_.clear();
  }

  void Finish() {
    Flush();
    progress_.Finish();
  }

 private:
  void Emit(size_t i, const Transcript& t) {
    const bool many = a_.files.size() > 1;
    const std::string text = Render(t, a_.format, a_.files[i], !many);
    if (outputs_.empty()) {
      std::cout << (many && a_.format == "txt" ? a_.files[i] + "\t" : "") << text << std::flush;
    } else {
      WriteFileAtomic(outputs_[i], text);
    }
  }
  void Advance(double done) {
    const double target = std::min(done, total_);
    if (target > reported_) progress_.Add(static_cast<uint64_t>(target + 0.5) - static_cast<uint64_t>(reported_ + 0.5));
    reported_ = std::max(reported_, target);
  }

  const TranscribeArgs& a_;
  Recognizer& recognizer_;
  const std::vector<std::string> outputs_;
  const double total_;
  ProgressBar progress_;
  double reported_ = 0.0, done_ = 0.0;
  std::vector<size_t> pending_;
  std::vector<std::vector<float>> pending_audio_;
};

int RunTranscribe(TranscribeArgs a, const GlobalOptions& global) {
  a.lm.ApplyTo(&a.recognizer);
  if (a.batch < 1 || a.batch > 256) throw Error(ErrorCode::kInvalidInput, "--batch must be in [1, 256]");
  if (a.files.size() > 1 && a.out_dir.empty() && (a.format == "srt" || a.format == "vtt")) {
    throw Error(ErrorCode::kInvalidInput, "--format " + a.format + " with several files needs --out-dir (one subtitle file each)");
  }
  std::vector<std::string> outputs = a.out_dir.empty() ? std::vector<std::string>{} : OutputPaths(a);
  if (!a.out_dir.empty()) std::filesystem::create_directories(a.out_dir);

  Recognizer recognizer(ResolveModelPackage(global, a.model));
  a.lm.LoadInto(&recognizer);
  DecodeOptions decode;
  decode.target_sample_rate = recognizer.sample_rate();
  decode.max_duration_sec = a.max_hours * 3600.0;

  int failed = 0;
  const std::vector<std::optional<double>> seconds = ProbeFiles(a, decode, &failed);
  double total = 0.0;
  for (const auto& s : seconds) total += s.value_or(0.0);
  TranscribeRun run(a, recognizer, std::move(outputs), total);
  for (size_t i = 0; i < a.files.size(); ++i) {
    if (!seconds[i]) continue;
    try {
      run.File(i, *seconds[i], decode);
    } catch (const Error& e) {
      spdlog::error("{}", e.what());
      ++failed;
    }
  }
  run.Finish();
  if (failed > 0) spdlog::error("{} of {} files could not be transcribed", failed, a.files.size());
  return failed > 0 ? 1 : 0;
}

}  // namespace

void AddTranscribeCommand(CLI::App& app, Registry& registry) {
  auto args = std::make_shared<TranscribeArgs>();
  CLI::App* cmd = app.add_subcommand("transcribe", "Transcribe audio files (any length) to text, JSON, SRT or WebVTT");
  cmd->footer(
      "Examples:\n"
      "  sori transcribe talk.wav --model runs/3fa9/model\n"
      "  sori transcribe a.wav b.flac --model 3fa9 --format json --beam 8\n"
      "  sori transcribe lecture.mp3 --model pkg --format srt --out-dir subs/");
  cmd->add_option("files", args->files, "Audio files (WAV, FLAC, OGG, MP3, ...; any rate, resampled)")
      ->required();  // a missing one is reported and skipped, not fatal to the others
  cmd->add_option("-m,--model", args->model, "Model package folder or run id")->required();
  cmd->add_option("-f,--format", args->format, "Output: txt, json (text, confidence, words with times), srt, vtt")
      ->check(CLI::IsMember({"txt", "json", "srt", "vtt"}));
  cmd->add_option("--out-dir", args->out_dir, "Write DIR/<name>.<format> per file instead of printing");
  args->lm.AddTo(cmd, &args->recognizer);
  cmd->add_option("--batch", args->batch, "Short files (or long-file segments) run together")->check(CLI::Range(1, 256));
  cmd->add_option("--max-segment", args->recognizer.segments.max_seconds,
                  "Longest segment in seconds; longer audio is cut at the quietest point after half of it")
      ->check(CLI::Range(2.0, 600.0));
  cmd->add_option("--max-hours", args->max_hours, "Refuse files longer than this")->check(CLI::Range(0.001, 1000.0));
  registry.Add(cmd, [args, &registry] {
    TranscribeArgs a = *args;
    a.recognizer.segments.min_seconds = a.recognizer.segments.max_seconds / 2;
    a.recognizer.max_batch_segments = a.batch;
    return RunTranscribe(a, registry.global());
  });
}

}  // namespace sori::cli
