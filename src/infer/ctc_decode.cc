#include "infer/ctc_decode.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "util/error.h"

namespace sori {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

float LogAdd(float a, float b) {
  if (a == kNegInf) return b;
  if (b == kNegInf) return a;
  const float m = std::max(a, b);
  return m + std::log1p(std::exp(-std::fabs(a - b)));
}

// The valid frames as a contiguous CPU float tensor.
at::Tensor ValidFrames(const at::Tensor& log_probs, int64_t length) {
  return log_probs.narrow(0, 0, length).to(at::kCPU, at::kFloat).contiguous();
}

float MeanTopProbability(const at::Tensor& top_log_probs) {
  return top_log_probs.numel() == 0 ? 1.0f : top_log_probs.exp().mean().item<float>();
}

// One prefix in the beam. `blank` / `non_blank`: log probability of all alignments of the
// prefix that end in a blank / in its last token. The viterbi_* fields follow the single
// best alignment of each kind, with the frame and probability of each token on it.
struct PrefixScore {
  float blank = kNegInf;
  float non_blank = kNegInf;
  float viterbi_blank = kNegInf;
  float viterbi_non_blank = kNegInf;
  std::vector<int> frames_blank, frames_non_blank;
  std::vector<float> probs_blank, probs_non_blank;

  float total() const { return LogAdd(blank, non_blank); }
  float viterbi() const { return std::max(viterbi_blank, viterbi_non_blank); }
  const std::vector<int>& best_frames() const { return viterbi_blank >= viterbi_non_blank ? frames_blank : frames_non_blank; }
  const std::vector<float>& best_probs() const { return viterbi_blank >= viterbi_non_blank ? probs_blank : probs_non_blank; }
};

// Prefixes are kept as u32string (one char32_t per token id): ordered map keys that
// compare fast, and an empty one still has storage (GCC's -Wnull-dereference flags
// comparisons of empty std::vector keys).
using Prefix = std::u32string;
using Beam = std::map<Prefix, PrefixScore>;

// The LM's score for emitting `c` after `prefix` (0 without an LM). The blank is the
// last class (NeMo's convention), so token ids are the LM's ids.
inline float FusedLmScore(const LmFusion& lm, const Prefix& prefix, int c) {
  return lm.active() ? lm.weight * lm.lm->LogProb(prefix, c) + lm.bonus : 0.0f;
}

// A blank (log probability `p`) after `score`'s prefix: the prefix stays, now ending in
// a blank (`n` is its entry in the next beam).
inline void AddBlankToPrefix(const PrefixScore& score, float p, PrefixScore& n) {
  n.blank = LogAdd(n.blank, score.total() + p);
  if (score.viterbi() + p > n.viterbi_blank) {
    n.viterbi_blank = score.viterbi() + p;
    n.frames_blank = score.best_frames();
    n.probs_blank = score.best_probs();
  }
}

// Token `c` at frame `t` (log probability `p`) after `prefix`: extends the prefix, and,
// when `c` repeats the prefix's last token, also continues that token's emission.
inline void AddTokenToPrefix(const Prefix& prefix, const PrefixScore& score, int c, float p, int64_t t,
                             const LmFusion& lm, Beam& next) {
  Prefix extended = prefix;
  extended.push_back(static_cast<char32_t>(c));
  PrefixScore& n = next[extended];
  const bool repeat = !prefix.empty() && prefix.back() == static_cast<char32_t>(c);
  // A repeated token only starts a new emission after a blank; otherwise its
  // frame continues the prefix's last token.
  const float from = repeat ? score.blank : score.total();
  const float from_viterbi = repeat ? score.viterbi_blank : score.viterbi();
  const float emit = p + FusedLmScore(lm, prefix, c);
  n.non_blank = LogAdd(n.non_blank, from + emit);
  if (from_viterbi + emit > n.viterbi_non_blank) {
    n.viterbi_non_blank = from_viterbi + emit;
    n.frames_non_blank = repeat ? score.frames_blank : score.best_frames();
    n.probs_non_blank = repeat ? score.probs_blank : score.best_probs();
    n.frames_non_blank.push_back(static_cast<int>(t));
    n.probs_non_blank.push_back(std::exp(p));
  }
  if (repeat) {
    PrefixScore& same = next[prefix];
    same.non_blank = LogAdd(same.non_blank, score.non_blank + p);
    if (score.viterbi_non_blank + p > same.viterbi_non_blank) {
      same.viterbi_non_blank = score.viterbi_non_blank + p;
      same.frames_non_blank = score.frames_non_blank;
      same.probs_non_blank = score.probs_non_blank;
      // The token's probability is its best frame on this run of repeats.
      if (!same.probs_non_blank.empty()) same.probs_non_blank.back() = std::max(same.probs_non_blank.back(), std::exp(p));
    }
  }
}

// Every prefix of `beams` followed by each of frame `t`'s `expand` best classes (ids
// `ids`, log probabilities `lps`).
Beam ExtendBeamByFrame(const Beam& beams, int64_t t, const float* lps, const int64_t* ids, int expand, int blank,
                       const LmFusion& lm) {
  Beam next;
  for (const auto& [prefix, score] : beams) {
    for (int k = 0; k < expand; ++k) {
      const int c = static_cast<int>(ids[k]);
      const float p = lps[k];
      if (c == blank) {
        AddBlankToPrefix(score, p, next[prefix]);
      } else {
        AddTokenToPrefix(prefix, score, c, p, t, lm, next);
      }
    }
  }
  return next;
}

// The `beam` most probable prefixes of `next` (ties broken by the prefix, for
// determinism), moved out of it.
Beam KeepMostProbablePrefixes(Beam& next, int beam) {
  std::vector<std::pair<float, const Prefix*>> ranked;
  for (const auto& [prefix, score] : next) ranked.push_back({score.total(), &prefix});
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  Beam kept;
  for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(beam); ++i) {
    kept.emplace(*ranked[i].second, std::move(next[*ranked[i].second]));
  }
  return kept;
}

// The final prefix to report. With an LM, a transcript must also be a likely whole
// sentence, so the sentence end's LM probability counts too.
const std::pair<const Prefix, PrefixScore>& BestFinalPrefix(const Beam& beams, const LmFusion& lm) {
  const auto final_score = [&](const std::pair<const Prefix, PrefixScore>& entry) {
    return entry.second.total() + (lm.active() ? lm.weight * lm.lm->LogProb(entry.first, NgramLm::kEndOfSentence) : 0.0f);
  };
  return *std::max_element(beams.begin(), beams.end(), [&](const auto& a, const auto& b) {
    return final_score(a) < final_score(b);
  });
}

}  // namespace

CtcHypothesis GreedyCtc(const at::Tensor& log_probs, int64_t length, int blank) {
  CtcHypothesis h;
  if (length <= 0) return h;
  const auto [best_lp, best] = ValidFrames(log_probs, length).max(-1);
  const at::Tensor ids = best.to(at::kLong).contiguous();
  const int64_t* id = ids.data_ptr<int64_t>();
  const float* lp = best_lp.data_ptr<float>();
  int64_t prev = -1;
  for (int64_t t = 0; t < length; ++t) {
    if (id[t] != blank && id[t] != prev) {
      h.tokens.push_back(static_cast<int>(id[t]));
      h.frames.push_back(static_cast<int>(t));
      h.probs.push_back(std::exp(lp[t]));
    }
    prev = id[t];
  }
  h.frame_confidence = MeanTopProbability(best_lp);
  h.num_frames = static_cast<int>(length);
  return h;
}

std::vector<CtcHypothesis> GreedyCtcBatch(const at::Tensor& log_probs, const at::Tensor& lengths, int blank) {
  std::vector<CtcHypothesis> out;
  const at::Tensor len = lengths.to(at::kCPU, at::kLong);
  for (int64_t b = 0; b < log_probs.size(0); ++b) out.push_back(GreedyCtc(log_probs[b], len[b].item<int64_t>(), blank));
  return out;
}

CtcHypothesis PrefixBeamSearchCtc(const at::Tensor& log_probs, int64_t length, int blank, int beam,
                                  const LmFusion& lm) {
  if (beam < 1) throw Error(ErrorCode::kInvalidInput, "beam width must be at least 1, got " + std::to_string(beam));
  const int64_t classes = log_probs.size(-1);
  if (lm.active() && lm.lm->vocab_size() != classes - 1) {
    throw Error(ErrorCode::kInvalidInput, "the language model's vocabulary has " + std::to_string(lm.lm->vocab_size()) +
                                              " tokens, the model's " + std::to_string(classes - 1));
  }
  CtcHypothesis h;
  if (length <= 0) return h;
  const at::Tensor lp = ValidFrames(log_probs, length);
  // Only the `expand` most probable classes of each frame are tried.
  const int expand = static_cast<int>(std::min<int64_t>(beam, classes));
  const auto [top_lp, top_id] = lp.topk(expand, -1);
  const at::Tensor top_ids = top_id.to(at::kLong).contiguous();
  const float* tlp = top_lp.data_ptr<float>();
  const int64_t* tid = top_ids.data_ptr<int64_t>();

  PrefixScore start;  // the empty prefix, certain before the first frame
  start.blank = 0.0f;
  start.viterbi_blank = 0.0f;
  Beam beams;
  beams.emplace(Prefix(), std::move(start));
  for (int64_t t = 0; t < length; ++t) {
    Beam next = ExtendBeamByFrame(beams, t, tlp + t * expand, tid + t * expand, expand, blank, lm);
    beams = KeepMostProbablePrefixes(next, beam);
  }
  const auto& best = BestFinalPrefix(beams, lm);
  h.tokens.assign(best.first.begin(), best.first.end());
  h.frames = best.second.best_frames();
  h.probs = best.second.best_probs();
  h.frame_confidence = MeanTopProbability(std::get<0>(lp.max(-1)));
  h.num_frames = static_cast<int>(length);
  return h;
}

std::vector<CtcHypothesis> PrefixBeamSearchCtcBatch(const at::Tensor& log_probs, const at::Tensor& lengths, int blank,
                                                    int beam, const LmFusion& lm) {
  std::vector<CtcHypothesis> out;
  const at::Tensor len = lengths.to(at::kCPU, at::kLong);
  for (int64_t b = 0; b < log_probs.size(0); ++b) {
    out.push_back(PrefixBeamSearchCtc(log_probs[b], len[b].item<int64_t>(), blank, beam, lm));
  }
  return out;
}

}  // namespace sori
