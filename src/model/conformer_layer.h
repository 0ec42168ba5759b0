// One Conformer block as NeMo's ConformerLayer (pre-norm, macaron feed-forward):
//   r = x + 0.5 * drop(FF1(LN(x)))
//   r = r + drop(MHSA(LN(r)))
//   r = r + drop(Conv(LN(r)))
//   r = r + 0.5 * drop(FF2(LN(r)))
//   out = LN(r)
// FF: linear2(drop(SiLU(linear1(x)))), d_model -> d_model * ff_expansion_factor -> d_model.
// Conv: pointwise_conv1 (d -> 2d, k 1), GLU over channels, zero the padded steps,
// depthwise_conv (k, "same" zero padding, groups d), batch_norm (BatchNorm1d, or
// LayerNorm over channels; NeMo names both `batch_norm`), SiLU, pointwise_conv2 (d -> d).
// Module names match NeMo's state dict (norm_feed_forward1, feed_forward1.linear1, ...).
#pragma once

#include <torch/torch.h>

#include "model/attention.h"
#include "model/encoder_config.h"

namespace sori {

class ConformerFeedForwardImpl : public torch::nn::Module {
 public:
  ConformerFeedForwardImpl(int64_t d_model, int64_t d_ff, double dropout);
  torch::Tensor forward(torch::Tensor x);

 private:
  torch::nn::Linear linear1_{nullptr}, linear2_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
};
TORCH_MODULE(ConformerFeedForward);

class ConformerConvolutionImpl : public torch::nn::Module {
 public:
  ConformerConvolutionImpl(int64_t d_model, int64_t kernel_size, const std::string& norm_type);
  // x [B, T, d], pad_mask [B, T] bool (true = padding) -> [B, T, d]
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& pad_mask);

 private:
  int64_t kernel_size_;
  bool layer_norm_;
  torch::nn::Conv1d pointwise_conv1_{nullptr}, depthwise_conv_{nullptr}, pointwise_conv2_{nullptr};
  torch::nn::BatchNorm1d batch_norm_{nullptr};
  torch::nn::LayerNorm layer_norm_module_{nullptr};
};
TORCH_MODULE(ConformerConvolution);

class ConformerLayerImpl : public torch::nn::Module {
 public:
  ConformerLayerImpl(const EncoderConfig& config, torch::Tensor shared_bias_u, torch::Tensor shared_bias_v);
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& att_mask, const torch::Tensor& pos_emb,
                        const torch::Tensor& pad_mask);

 private:
  torch::nn::LayerNorm norm_feed_forward1_{nullptr}, norm_conv_{nullptr}, norm_self_att_{nullptr},
      norm_feed_forward2_{nullptr}, norm_out_{nullptr};
  ConformerFeedForward feed_forward1_{nullptr}, feed_forward2_{nullptr};
  ConformerConvolution conv_{nullptr};
  RelPositionMultiHeadAttention self_attn_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
};
TORCH_MODULE(ConformerLayer);

}  // namespace sori
