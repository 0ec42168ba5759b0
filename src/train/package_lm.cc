#include "train/package_lm.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

#include "train/evaluate.h"
#include "text/metrics.h"
#include "util/error.h"
#include "util/progress.h"

namespace sori {
namespace {

// Longest batch of validation audio decoded at once, in seconds of padded audio.
constexpr double kBatchSeconds = 120.0;

// The validation set's model outputs, computed once, batched by length; undefined for
// utterances whose audio could not be decoded.
std::vector<at::Tensor> LmTuningLogProbs(const std::vector<ManifestEntry>& val, Recognizer& recognizer,
                                         bool show_progress) {
  std::vector<size_t> order(val.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return val[a].duration > val[b].duration; });
  std::vector<at::Tensor> log_probs(val.size());
  ProgressBar progress("lm: validation outputs", val.size(), "utts");
  if (!show_progress) progress.set_mode(ProgressBar::Mode::kSilent);
  for (size_t pos = 0; pos < order.size();) {
    std::vector<size_t> batch;
    std::vector<std::vector<float>> audio;
    while (pos < order.size() &&
           (batch.empty() || val[order[batch[0]]].duration * static_cast<double>(batch.size() + 1) <= kBatchSeconds)) {
      const ManifestEntry& e = val[order[pos]];
      try {
        audio.push_back(DecodeEntryAudio(e, recognizer.sample_rate()));
        batch.push_back(pos);
      } catch (const Error& err) {  // as evaluation does: skipped, said, not fatal
        spdlog::warn("lm tuning: skipping line {}: {}", e.line, err.what());
        progress.Add();
      }
      ++pos;
    }
    if (batch.empty()) continue;
    std::vector<at::Tensor> lp = recognizer.LogProbs(audio);
    for (size_t k = 0; k < batch.size(); ++k) log_probs[order[batch[k]]] = std::move(lp[k]);
    progress.Add(batch.size());
  }
  progress.Finish();
  return log_probs;
}

}  // namespace

TunedLm TuneLm(PackageLm lm, const LmSpec& spec, const std::vector<ManifestEntry>& val, Recognizer& recognizer,
               bool show_progress) {
  if (!lm.lm) throw Error(ErrorCode::kInternal, "TuneLm needs a language model");
  const Tokenizer& tokenizer = *recognizer.model().tokenizer;
  TunedLm out;
  out.lm = std::move(lm);
  out.lm.beam = spec.beam;
  out.lm.Validate();  // the beam; weight and bonus are set below

  const std::vector<at::Tensor> log_probs = LmTuningLogProbs(val, recognizer, show_progress);

  // Every grid point decodes every utterance; the LM-free beam search comes first, for
  // comparison. Ties keep the earlier point (the smaller weight, then bonus).
  recognizer.UseLanguageModel(out.lm);
  const auto cer_at = [&](float weight, float bonus) {
    RecognizerOptions o;
    o.beam = spec.beam;
    o.lm_weight = weight;
    o.lm_bonus = bonus;
    ErrorCounts counts;
    for (size_t i = 0; i < val.size(); ++i) {
      if (!log_probs[i].defined()) continue;
      const at::Tensor lengths = at::full({1}, log_probs[i].size(0), at::kLong);
      const CtcHypothesis h = recognizer.Decode(log_probs[i].unsqueeze(0), lengths, o).at(0);
      counts += AlignCharacters(val[i].text, tokenizer.Decode(h.tokens)).counts;
    }
    return counts.rate();
  };
  ProgressBar tuning("lm: tuning weight and bonus", 1 + spec.weights.size() * spec.bonuses.size(), "points");
  if (!show_progress) tuning.set_mode(ProgressBar::Mode::kSilent);
  out.grid.push_back({0.0f, 0.0f, cer_at(0.0f, 0.0f)});
  tuning.Add();
  // The LM must earn its place: if no point beats the beam search without it, the
  // package keeps it with weight 0 (off unless asked for).
  LmTuningPoint best = out.grid.front();
  for (double w : spec.weights) {
    for (double b : spec.bonuses) {
      const LmTuningPoint p{static_cast<float>(w), static_cast<float>(b), cer_at(static_cast<float>(w), static_cast<float>(b))};
      out.grid.push_back(p);
      if (p.cer < best.cer) best = p;
      spdlog::debug("lm tuning: weight {} bonus {}: val CER {:.2f}%", w, b, 100 * p.cer);
      tuning.Add();
    }
  }
  tuning.Finish();
  recognizer.UseLanguageModel({});
  out.lm.weight = best.weight;
  out.lm.bonus = best.bonus;
  nlohmann::json grid = nlohmann::json::array();
  for (const LmTuningPoint& p : out.grid) grid.push_back({{"weight", p.weight}, {"bonus", p.bonus}, {"val_cer", p.cer}});
  if (!out.lm.info.is_object()) out.lm.info = nlohmann::json::object();
  out.lm.info["val_cer"] = best.cer;
  out.lm.info["val_cer_without_lm"] = out.grid.front().cer;
  out.lm.info["tuning"] = grid;
  spdlog::info("language model tuned on {} validation utterances (beam {}): weight {}, bonus {}: val CER {:.2f}% "
               "({:.2f}% with the same beam and no LM)",
               val.size(), spec.beam, best.weight, best.bonus, 100 * best.cer, 100 * out.grid.front().cer);
  return out;
}

std::optional<TunedLm> BuildAndTuneLm(const LmSpec& spec, const std::vector<ManifestEntry>& train,
                                      const std::vector<ManifestEntry>& val, Recognizer& recognizer,
                                      bool show_progress) {
  if (spec.order == 0) return std::nullopt;
  const Tokenizer& tokenizer = *recognizer.model().tokenizer;
  std::vector<std::vector<int>> sentences;
  sentences.reserve(train.size());
  for (const ManifestEntry& e : train) sentences.push_back(tokenizer.Encode(e.text));
  PackageLm lm;
  lm.lm = std::make_shared<const NgramLm>(NgramLm::Build(sentences, tokenizer.vocab_size(), spec.order));
  lm.info = {{"source", "training transcripts"}, {"sentences", sentences.size()}};
  spdlog::info("language model: order {} over {} training transcripts, {} n-grams", spec.order, sentences.size(),
               lm.lm->num_ngrams());
  return TuneLm(std::move(lm), spec, val, recognizer, show_progress);
}

}  // namespace sori
