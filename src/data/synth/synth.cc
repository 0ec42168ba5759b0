#include "data/synth/synth.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "audio/reader.h"
#include "audio/writer.h"
#include "data/synth/espeak.h"
#include "data/manifest.h"
#include "data/synth/synth_text.h"
#include "data/synth/synth_text_random.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/parallel.h"
#include "util/progress.h"

namespace sori {
namespace fs = std::filesystem;
namespace {

struct Voice {
  std::string variant;
  std::string split;
  int pitch;
  int rate;
};

struct Planned {
  size_t voice;
  EspeakVoice speak;
  SynthText text;
};

std::string EspeakLanguage(const std::string& lang) { return lang == "en" ? "en-us" : lang; }

// Voices with their split and base pitch/rate, from the seed.
std::vector<Voice> AssignVoices(const std::vector<std::string>& variants, const SynthOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::vector<std::string> order = variants;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[UniformBelow(rng, i)]);
  const size_t n = order.size();
  const size_t n_test = std::max<size_t>(1, static_cast<size_t>(std::lround(n * o.test_voice_fraction)));
  const size_t n_val = std::max<size_t>(1, static_cast<size_t>(std::lround(n * o.val_voice_fraction)));
  std::vector<Voice> voices;
  for (size_t i = 0; i < n; ++i) {
    const std::string split = i < n_test ? "test" : i < n_test + n_val ? "val" : "train";
    const int pitch = static_cast<int>(UniformInt(rng, 25, 75));
    const int rate = static_cast<int>(UniformInt(rng, 140, 195));
    voices.push_back({order[i], split, pitch, rate});
  }
  std::sort(voices.begin(), voices.end(), [](const Voice& a, const Voice& b) { return a.variant < b.variant; });
  return voices;
}

Planned Plan(size_t index, const std::vector<Voice>& voices, const SentenceGenerator& gen,
             const SynthOptions& o) {
  std::seed_seq seq{static_cast<uint32_t>(o.seed), static_cast<uint32_t>(o.seed >> 32),
                    static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32)};
  std::mt19937_64 rng(seq);
  Planned p;
  // Draws through synth_text_random.h, not <random> distributions, so a seed gives the
  // same corpus with any standard library.
  p.voice = static_cast<size_t>(UniformBelow(rng, voices.size()));
  const Voice& v = voices[p.voice];
  p.speak.language = EspeakLanguage(o.lang);
  p.speak.variant = v.variant;
  const int pitch_jitter = static_cast<int>(UniformInt(rng, -6, 6));
  const int rate_percent = static_cast<int>(UniformInt(rng, 92, 108));
  p.speak.pitch = std::clamp(v.pitch + pitch_jitter, 0, 99);
  p.speak.rate = std::clamp(v.rate * rate_percent / 100, 80, 450);
  p.text = gen.Next(rng);
  return p;
}

void PrepareOutDir(const SynthOptions& o) {
  std::error_code ec;
  if (fs::exists(fs::path(o.out_dir) / "train.jsonl", ec)) {
    if (!o.force) {
      throw Error(ErrorCode::kInvalidInput, "'" + o.out_dir +
                                                "' already holds a corpus (train.jsonl); use --force to replace it");
    }
    for (const char* name : {"train.jsonl", "val.jsonl", "test.jsonl", "voices.json", "synth.json"}) {
      fs::remove(fs::path(o.out_dir) / name, ec);
    }
    fs::remove_all(fs::path(o.out_dir) / "wav", ec);
  }
  fs::create_directories(fs::path(o.out_dir) / "wav", ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot create '" + o.out_dir + "/wav': " + ec.message());
}

}  // namespace

void SynthOptions::Validate() const {
  const auto bad = [](const std::string& m) { throw Error(ErrorCode::kInvalidInput, "synth: " + m); };
  if (lang != "ko" && lang != "en") bad("--lang must be ko or en, got '" + lang + "'");
  if (!(hours > 0 && hours <= 1000)) bad("--hours must be in (0, 1000]");
  if (out_dir.empty()) bad("--out is required");
  if (threads < 1) bad("threads must be >= 1");
  if (!(val_voice_fraction >= 0 && test_voice_fraction >= 0 && val_voice_fraction + test_voice_fraction < 0.9)) {
    bad("voice fractions for val and test must be >= 0 and sum below 0.9");
  }
  if (sample_rate < 8000 || sample_rate > 48000) bad("sample rate must be in 8000..48000");
}

SynthReport SynthesizeCorpus(const SynthOptions& o) {
  o.Validate();
  const auto start = std::chrono::steady_clock::now();
  const std::unique_ptr<SentenceGenerator> gen = MakeSentenceGenerator(o.lang);
  const std::vector<Voice> voices = AssignVoices(ListEspeakVariants(o.espeak), o);
  if (voices.size() < 3) throw Error(ErrorCode::kUnsupported, "espeak-ng offers fewer than 3 voice variants");
  PrepareOutDir(o);

  const double target = o.hours * 3600.0;
  DecodeOptions decode;
  decode.target_sample_rate = o.sample_rate;
  std::map<std::string, std::vector<ManifestEntry>> manifests;
  SynthReport report;
  report.espeak_version = EspeakVersion(o.espeak);
  double total = 0.0;
  size_t next = 0;
  const size_t chunk = static_cast<size_t>(std::max(1, o.threads)) * 8;
  ProgressBar progress("synth", static_cast<uint64_t>(std::ceil(target)), "audio-s");
  if (!o.show_progress) progress.set_mode(ProgressBar::Mode::kSilent);
  double reported = 0.0;
  while (total < target) {
    std::vector<Planned> plans;
    for (size_t i = 0; i < chunk; ++i) plans.push_back(Plan(next + i, voices, *gen, o));
    std::vector<Audio> audio(plans.size());
    ParallelFor(plans.size(), o.threads, [&](size_t i) {
      const std::string wav = SpeakToWav(plans[i].speak, plans[i].text.text, o.espeak);
      audio[i] = DecodeAudioMemory(wav, "espeak-ng output", decode);
    });
    // Accept in plan order until the target is reached: deterministic at any thread count.
    for (size_t i = 0; i < plans.size() && total < target; ++i) {
      const size_t index = next + i;
      const Voice& v = voices[plans[i].voice];
      char id[32];
      std::snprintf(id, sizeof(id), "%s-%06zu", o.lang.c_str(), index);
      const std::string wav_path = (fs::path(o.out_dir) / "wav" / (std::string(id) + ".wav")).string();
      WriteWav(wav_path, audio[i]);
      ManifestEntry e;
      e.audio_filepath = wav_path;
      e.duration = audio[i].duration_sec();
      e.text = plans[i].text.text;
      e.lang = o.lang;
      e.speaker = plans[i].speak.language + "+" + v.variant;
      e.extra["id"] = id;
      e.extra["kind"] = plans[i].text.kind;
      e.extra["pitch"] = plans[i].speak.pitch;
      e.extra["rate"] = plans[i].speak.rate;
      manifests[v.split].push_back(std::move(e));
      total += audio[i].duration_sec();
      SynthSplit& s = report.splits[v.split];
      s.utterances++;
      s.hours += audio[i].duration_sec() / 3600.0;
    }
    next += plans.size();
    const double shown = std::min(total, target);
    progress.Add(static_cast<uint64_t>(shown) - static_cast<uint64_t>(reported));
    reported = static_cast<double>(static_cast<uint64_t>(shown));
  }
  progress.Finish();

  nlohmann::ordered_json voices_json = nlohmann::ordered_json::object();
  for (const Voice& v : voices) {
    voices_json[EspeakLanguage(o.lang) + "+" + v.variant] = {{"split", v.split}, {"pitch", v.pitch}, {"rate", v.rate}};
    report.splits[v.split].voices.push_back(EspeakLanguage(o.lang) + "+" + v.variant);
  }
  for (const char* split : {"train", "val", "test"}) {
    WriteManifest((fs::path(o.out_dir) / (std::string(split) + ".jsonl")).string(), manifests[split]);
    report.utterances += report.splits[split].utterances;
    report.hours += report.splits[split].hours;
  }
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  nlohmann::ordered_json info = {
      {"lang", o.lang},           {"hours_requested", o.hours}, {"seed", o.seed},
      {"espeak", report.espeak_version}, {"sample_rate", o.sample_rate},
      {"utterances", report.utterances}, {"hours", report.hours}};
  WriteFileAtomic((fs::path(o.out_dir) / "voices.json").string(), voices_json.dump(2) + "\n");
  WriteFileAtomic((fs::path(o.out_dir) / "synth.json").string(), info.dump(2) + "\n");
  return report;
}

}  // namespace sori
