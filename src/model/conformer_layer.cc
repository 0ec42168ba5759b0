#include "model/conformer_layer.h"

namespace sori {
namespace {
torch::nn::LayerNorm Norm(int64_t d) { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(1e-5)); }
}  // namespace

ConformerFeedForwardImpl::ConformerFeedForwardImpl(int64_t d_model, int64_t d_ff, double dropout) {
  linear1_ = register_module("linear1", torch::nn::Linear(d_model, d_ff));
  linear2_ = register_module("linear2", torch::nn::Linear(d_ff, d_model));
  dropout_ = register_module("dropout", torch::nn::Dropout(dropout));
}

torch::Tensor ConformerFeedForwardImpl::forward(torch::Tensor x) {
  return linear2_(dropout_(torch::silu(linear1_(x))));
}

ConformerConvolutionImpl::ConformerConvolutionImpl(int64_t d_model, int64_t kernel_size, const std::string& norm_type)
    : kernel_size_(kernel_size), layer_norm_(norm_type == "layer_norm") {
  pointwise_conv1_ = register_module("pointwise_conv1", torch::nn::Conv1d(torch::nn::Conv1dOptions(d_model, 2 * d_model, 1)));
  depthwise_conv_ = register_module(
      "depthwise_conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(d_model, d_model, kernel_size).groups(d_model)));
  if (layer_norm_) {
    layer_norm_module_ = register_module("batch_norm", Norm(d_model));
  } else {
    batch_norm_ = register_module("batch_norm", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(d_model).eps(1e-5)));
  }
  pointwise_conv2_ = register_module("pointwise_conv2", torch::nn::Conv1d(torch::nn::Conv1dOptions(d_model, d_model, 1)));
}

torch::Tensor ConformerConvolutionImpl::forward(torch::Tensor x, const torch::Tensor& pad_mask) {
  x = pointwise_conv1_(x.transpose(1, 2));          // [B, 2d, T]
  x = torch::glu(x, 1);                              // [B, d, T]
  x = x.masked_fill(pad_mask.unsqueeze(1), 0.0);
  const int64_t pad = (kernel_size_ - 1) / 2;
  x = depthwise_conv_(torch::constant_pad_nd(x, {pad, pad}));
  if (layer_norm_) {
    x = layer_norm_module_(x.transpose(1, 2)).transpose(1, 2);
  } else {
    x = batch_norm_(x);
  }
  x = pointwise_conv2_(torch::silu(x));
  return x.transpose(1, 2);
}

ConformerLayerImpl::ConformerLayerImpl(const EncoderConfig& config, torch::Tensor shared_bias_u,
                                       torch::Tensor shared_bias_v) {
  const int64_t d = config.d_model;
  norm_feed_forward1_ = register_module("norm_feed_forward1", Norm(d));
  feed_forward1_ = register_module("feed_forward1", ConformerFeedForward(d, d * config.ff_expansion_factor, config.dropout));
  norm_conv_ = register_module("norm_conv", Norm(d));
  conv_ = register_module("conv", ConformerConvolution(d, config.conv_kernel_size, config.conv_norm_type));
  norm_self_att_ = register_module("norm_self_att", Norm(d));
  self_attn_ = register_module("self_attn", RelPositionMultiHeadAttention(d, config.n_heads, config.dropout_att,
                                                                          shared_bias_u, shared_bias_v));
  norm_feed_forward2_ = register_module("norm_feed_forward2", Norm(d));
  feed_forward2_ = register_module("feed_forward2", ConformerFeedForward(d, d * config.ff_expansion_factor, config.dropout));
  norm_out_ = register_module("norm_out", Norm(d));
  dropout_ = register_module("dropout", torch::nn::Dropout(config.dropout));
}

torch::Tensor ConformerLayerImpl::forward(torch::Tensor x, const torch::Tensor& att_mask,
                                          const torch::Tensor& pos_emb, const torch::Tensor& pad_mask) {
  torch::Tensor r = x + 0.5 * dropout_(feed_forward1_(norm_feed_forward1_(x)));
  r = r + dropout_(self_attn_(norm_self_att_(r), att_mask, pos_emb));
  r = r + dropout_(conv_(norm_conv_(r), pad_mask));
  r = r + 0.5 * dropout_(feed_forward2_(norm_feed_forward2_(r)));
  return norm_out_(r);
}

}  // namespace sori
