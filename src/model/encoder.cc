#include "model/encoder.h"

namespace sori {

ConformerEncoderImpl::ConformerEncoderImpl(const EncoderConfig& config) : config_(config) {
  config_.Validate();
  pre_encode_ = register_module("pre_encode", ConvSubsampling(config_));
  pos_enc_ = register_module("pos_enc", RelPositionalEncoding(config_.d_model, config_.pos_emb_max_len,
                                                              config_.xscaling, config_.dropout_pre_encoder,
                                                              config_.dropout_emb));
  if (!config_.untie_biases) {
    const int64_t d_k = config_.d_model / config_.n_heads;
    pos_bias_u_ = register_parameter("pos_bias_u", torch::zeros({config_.n_heads, d_k}));
    pos_bias_v_ = register_parameter("pos_bias_v", torch::zeros({config_.n_heads, d_k}));
  }
  layers_ = register_module("layers", torch::nn::ModuleList());
  for (int i = 0; i < config_.n_layers; ++i) layers_->push_back(ConformerLayer(config_, pos_bias_u_, pos_bias_v_));
}

std::pair<torch::Tensor, torch::Tensor> ConformerEncoderImpl::forward(const torch::Tensor& features,
                                                                     const torch::Tensor& lengths) {
  auto [x, len] = pre_encode_(features.transpose(1, 2), lengths);
  torch::Tensor pos_emb;
  std::tie(x, pos_emb) = pos_enc_(x);
  const int64_t t = x.size(1);
  // true = padding; attention ignores a pair if either end is padding.
  const torch::Tensor pad_mask = torch::arange(t, len.options()).unsqueeze(0) >= len.unsqueeze(1);  // [B, T']
  const torch::Tensor att_mask = pad_mask.unsqueeze(1) | pad_mask.unsqueeze(2);                   // [B, T', T']
  for (const auto& layer : *layers_) {
    x = layer->as<ConformerLayer>()->forward(x, att_mask, pos_emb, pad_mask);
  }
  return {x.transpose(1, 2), len};
}

}  // namespace sori
