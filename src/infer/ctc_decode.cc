#include "infer/ctc_decode.h"

#include <cmath>

namespace sori {

CtcHypothesis GreedyCtc(const at::Tensor& log_probs, int64_t length, int blank) {
  CtcHypothesis h;
  if (length <= 0) return h;
  const auto [best_lp, best] = log_probs.narrow(0, 0, length).max(-1);
  const at::Tensor ids = best.to(at::kCPU, at::kLong).contiguous();
  const at::Tensor lps = best_lp.to(at::kCPU, at::kFloat).contiguous();
  const int64_t* id = ids.data_ptr<int64_t>();
  const float* lp = lps.data_ptr<float>();
  int64_t prev = -1;
  for (int64_t t = 0; t < length; ++t) {
    if (id[t] != blank && id[t] != prev) {
      h.tokens.push_back(static_cast<int>(id[t]));
      h.frames.push_back(static_cast<int>(t));
      h.probs.push_back(std::exp(lp[t]));
    }
    prev = id[t];
  }
  return h;
}

std::vector<CtcHypothesis> GreedyCtcBatch(const at::Tensor& log_probs, const at::Tensor& lengths, int blank) {
  std::vector<CtcHypothesis> out;
  const at::Tensor len = lengths.to(at::kCPU, at::kLong);
  for (int64_t b = 0; b < log_probs.size(0); ++b) out.push_back(GreedyCtc(log_probs[b], len[b].item<int64_t>(), blank));
  return out;
}

}  // namespace sori
