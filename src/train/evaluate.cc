#include "train/evaluate.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <optional>

#include "util/error.h"
#include "util/progress.h"

namespace sori {

nlohmann::ordered_json EvalReport::ToJson(int worst) const {
  const auto counts = [](const ErrorCounts& c) {
    return nlohmann::ordered_json{{"rate", c.rate()},          {"substitutions", c.substitutions},
                                  {"deletions", c.deletions},  {"insertions", c.insertions},
                                  {"hits", c.hits},            {"reference_length", c.ref_length()}};
  };
  nlohmann::ordered_json j;
  j["cer"] = chars.rate();
  j["wer"] = words.rate();
  j["characters"] = counts(chars);
  j["words"] = counts(words);
  j["utterances"] = utterances.size();
  j["failed"] = failed;
  j["audio_seconds"] = audio_seconds;
  j["processing_seconds"] = processing_seconds;
  j["real_time_factor"] = real_time_factor();
  std::vector<const UtteranceResult*> order;
  for (const auto& u : utterances) order.push_back(&u);
  std::stable_sort(order.begin(), order.end(), [](const UtteranceResult* a, const UtteranceResult* b) {
    return a->chars.rate() > b->chars.rate();
  });
  j["worst"] = nlohmann::ordered_json::array();
  for (int i = 0; i < worst && i < static_cast<int>(order.size()); ++i) {
    if (order[static_cast<size_t>(i)]->chars.errors() == 0) break;
    j["worst"].push_back({{"line", order[static_cast<size_t>(i)]->line}, {"cer", order[static_cast<size_t>(i)]->chars.rate()}});
  }
  j["per_utterance"] = nlohmann::ordered_json::array();
  for (const auto& u : utterances) {
    j["per_utterance"].push_back({{"line", u.line},
                                  {"audio_filepath", u.audio_filepath},
                                  {"reference", u.reference},
                                  {"hypothesis", u.hypothesis},
                                  {"cer", u.chars.rate()},
                                  {"wer", u.words.rate()},
                                  {"char_errors", u.chars.errors()},
                                  {"word_errors", u.words.errors()},
                                  {"alignment", u.alignment}});
  }
  return j;
}

EvalReport Evaluate(Recognizer& recognizer, const std::vector<ManifestEntry>& entries, const EvalOptions& options) {
  EvalReport report;
  const auto start = std::chrono::steady_clock::now();
  // Longest first, so memory peaks early and batches are full.
  std::vector<size_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return entries[a].duration > entries[b].duration; });

  std::vector<std::optional<UtteranceResult>> results(entries.size());
  ProgressBar progress("eval", entries.size(), "utts");
  if (!options.show_progress) progress.set_mode(ProgressBar::Mode::kSilent);
  CerOptions cer;
  cer.ignore_spaces = options.ignore_spaces;
  size_t pos = 0;
  while (pos < order.size()) {
    std::vector<size_t> batch;
    std::vector<std::vector<float>> audio;
    double longest = 0;
    while (pos < order.size()) {
      const ManifestEntry& e = entries[order[pos]];
      const double d = std::max(longest, e.duration);
      if (!batch.empty() && (d * static_cast<double>(batch.size() + 1) > options.batch_duration ||
                             static_cast<int>(batch.size()) >= options.max_batch_size)) {
        break;
      }
      ++pos;
      try {
        audio.push_back(DecodeEntryAudio(e, recognizer.sample_rate()));
        batch.push_back(order[pos - 1]);
        longest = d;
      } catch (const Error& err) {
        spdlog::warn("eval: skipping line {}: {}", e.line, err.what());
        report.failed++;
        progress.Add();
      }
    }
    if (batch.empty()) continue;
    const std::vector<Transcript> out = recognizer.Transcribe(audio, options.decoding);
    for (size_t k = 0; k < batch.size(); ++k) {
      const ManifestEntry& e = entries[batch[k]];
      UtteranceResult u;
      u.line = e.line;
      u.audio_filepath = e.audio_filepath;
      u.reference = e.text;
      u.hypothesis = out[k].text;
      u.seconds = out[k].audio_seconds;
      const Alignment a = AlignCharacters(u.reference, u.hypothesis, cer);
      u.chars = a.counts;
      u.words = AlignWords(u.reference, u.hypothesis).counts;
      if (a.counts.errors() > 0) u.alignment = FormatAlignment(a);
      results[batch[k]] = std::move(u);
      progress.Add();
    }
  }
  progress.Finish();
  for (auto& r : results) {
    if (!r) continue;
    report.chars += r->chars;
    report.words += r->words;
    report.audio_seconds += r->seconds;
    report.utterances.push_back(std::move(*r));
  }
  report.processing_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace sori
