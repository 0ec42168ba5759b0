// NeMo's ConvSubsampling: 2-D convolutions over (time, mel) that shorten time by the
// subsampling factor, then a Linear to d_model.
//  dw_striding (FastConformer, parameter names pre_encode.conv.{0,2,3,5,6}):
//    Conv2d(1->C, 3x3, stride 2, pad 1), ReLU, then per further halving
//    [depthwise Conv2d(C, 3x3, stride 2, pad 1, groups C), pointwise Conv2d(C->C, 1x1), ReLU]
//  striding (Conformer, pre_encode.conv.{0,2,...}): [Conv2d(->C, 3x3, stride 2, pad 1), ReLU] x log2(factor)
// As in NeMo >= 2.5 (MaskedConvSequential), time steps past each utterance's length are
// zeroed so padding never leaks into valid steps (before each 3x3 convolution and after
// the last layer: the same values as NeMo's mask-before-every-layer, see forward()).
// Lengths shrink as floor((L - 1) / 2) + 1 per stride-2 convolution.
#pragma once

#include <torch/torch.h>

#include <utility>
#include <vector>

#include "model/encoder_config.h"

namespace sori {

class ConvSubsamplingImpl : public torch::nn::Module {
 public:
  explicit ConvSubsamplingImpl(const EncoderConfig& config);
  // x [B, T, feat_in], lengths [B] int64 -> ([B, T', d_model], lengths [B] int64)
  std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor x, torch::Tensor lengths);

 private:
  torch::nn::Sequential conv_{nullptr};
  std::vector<bool> strided_;  // per layer of conv_: does it halve time?
  torch::nn::Linear out_{nullptr};
};
TORCH_MODULE(ConvSubsampling);

// Output length after `factor` subsampling, as the convolutions compute it.
int64_t SubsampledLength(int64_t frames, int factor);

}  // namespace sori
