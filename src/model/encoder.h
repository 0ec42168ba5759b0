// NeMo's ConformerEncoder (FastConformer with dw_striding subsampling): subsampling,
// relative positional encoding, n_layers Conformer blocks. No final norm beyond each
// block's norm_out (NeMo has none). Parameter names: pre_encode.*, layers.N.*, and
// pos_bias_u/v at this level when untie_biases is false.
#pragma once

#include <torch/torch.h>

#include <utility>

#include "model/attention.h"
#include "model/conformer_layer.h"
#include "model/encoder_config.h"
#include "model/subsampling.h"

namespace sori {

class ConformerEncoderImpl : public torch::nn::Module {
 public:
  explicit ConformerEncoderImpl(const EncoderConfig& config);
  // features [B, feat_in, T], lengths [B] int64 -> (encoded [B, d_model, T'], lengths [B])
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& features, const torch::Tensor& lengths);
  const EncoderConfig& config() const { return config_; }

 private:
  EncoderConfig config_;
  ConvSubsampling pre_encode_{nullptr};
  RelPositionalEncoding pos_enc_{nullptr};
  torch::nn::ModuleList layers_{nullptr};
  torch::Tensor pos_bias_u_, pos_bias_v_;  // shared, when !untie_biases
};
TORCH_MODULE(ConformerEncoder);

}  // namespace sori
