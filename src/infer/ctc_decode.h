// Greedy CTC decoding, as NeMo's GreedyCTCInfer: take the best class per frame over the
// valid frames, then keep a class only if it is not the blank and differs from the
// previous frame's class (or the previous frame was blank). Also reports the frame of
// each emitted token (for timestamps) and its probability (for confidence).
#pragma once

#include <ATen/ATen.h>

#include <vector>

namespace sori {

struct CtcHypothesis {
  std::vector<int> tokens;
  std::vector<int> frames;     // encoder frame where each token was emitted
  std::vector<float> probs;    // that frame's probability of the token
};

// log_probs [T, V+1] (float, any device), first `length` frames are valid.
CtcHypothesis GreedyCtc(const at::Tensor& log_probs, int64_t length, int blank);
// log_probs [B, T, V+1], lengths [B].
std::vector<CtcHypothesis> GreedyCtcBatch(const at::Tensor& log_probs, const at::Tensor& lengths, int blank);

}  // namespace sori
