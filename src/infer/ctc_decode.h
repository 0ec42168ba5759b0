// CTC decoding: greedy (as NeMo's GreedyCTCInfer) and prefix beam search.
//
// Greedy takes the best class per frame over the valid frames, then keeps a class only
// if it is not the blank and differs from the previous frame's class. Prefix beam search
// (Hannun et al. 2014) sums the probability of every alignment of a prefix, so it can
// find a transcript whose alignments are individually unlikely but together the most
// probable; beam 1 is not the same as greedy. With a token n-gram language model it
// fuses shallowly: each emitted token adds weight x log P_lm(token | prefix) + bonus to
// the prefix's score, and the sentence end's LM probability ranks the final prefixes
// (the bonus offsets the LM's preference for short transcripts).
//
// Both report, per emitted token, the encoder frame where it was first emitted on the
// best alignment (for timestamps) and that frame's probability of the token (for
// confidence), plus the mean over valid frames of the best class's probability
// (the utterance's frame confidence; blanks count, so silence decoded as silence is
// confident).
#pragma once

#include <ATen/ATen.h>

#include <vector>

#include "text/ngram_lm.h"

namespace sori {

struct LmFusion {
  const NgramLm* lm = nullptr;  // none: acoustic scores only
  float weight = 0.5f;          // scales the LM's natural-log probabilities
  float bonus = 0.0f;           // added per emitted token
  bool active() const { return lm != nullptr && weight != 0.0f; }
};

struct CtcHypothesis {
  std::vector<int> tokens;
  std::vector<int> frames;        // encoder frame where each token was first emitted
  std::vector<float> probs;       // that frame's probability of the token, 0..1
  float frame_confidence = 1.0f;  // mean over valid frames of the top class's probability
  int num_frames = 0;             // valid encoder frames
};

// log_probs [T, V+1] (float, any device), first `length` frames are valid.
CtcHypothesis GreedyCtc(const at::Tensor& log_probs, int64_t length, int blank);
// log_probs [B, T, V+1], lengths [B].
std::vector<CtcHypothesis> GreedyCtcBatch(const at::Tensor& log_probs, const at::Tensor& lengths, int blank);

// Prefix beam search keeping `beam` prefixes per frame; per frame only the `beam` most
// probable classes are expanded. Throws Error(kInvalidInput) for beam < 1 or an LM
// whose vocabulary is not the model's (classes minus the blank).
CtcHypothesis PrefixBeamSearchCtc(const at::Tensor& log_probs, int64_t length, int blank, int beam,
                                  const LmFusion& lm = {});
std::vector<CtcHypothesis> PrefixBeamSearchCtcBatch(const at::Tensor& log_probs, const at::Tensor& lengths, int blank,
                                                    int beam, const LmFusion& lm = {});

}  // namespace sori
