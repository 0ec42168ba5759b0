#include "model/attention.h"

#include <cmath>

namespace sori {

RelPositionalEncodingImpl::RelPositionalEncodingImpl(int64_t d_model, int64_t max_len, bool xscaling,
                                                     double dropout, double dropout_emb)
    : d_model_(d_model), xscale_(xscaling ? std::sqrt(static_cast<double>(d_model)) : 0.0) {
  dropout_ = register_module("dropout", torch::nn::Dropout(dropout));
  dropout_emb_ = register_module("dropout_emb", torch::nn::Dropout(dropout_emb));
  pe_ = Table(max_len, torch::kCPU);
}

torch::Tensor RelPositionalEncodingImpl::Table(int64_t length, const torch::Device& device) const {
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat).device(device);
  const torch::Tensor positions = torch::arange(length - 1, -length, -1, f32).unsqueeze(1);  // +(L-1) .. -(L-1)
  const torch::Tensor div_term =
      torch::exp(torch::arange(0, d_model_, 2, f32) * -(std::log(10000.0) / static_cast<double>(d_model_)));
  torch::Tensor pe = torch::zeros({positions.size(0), d_model_}, f32);
  pe.index_put_({torch::indexing::Slice(), torch::indexing::Slice(0, torch::indexing::None, 2)},
                torch::sin(positions * div_term));
  pe.index_put_({torch::indexing::Slice(), torch::indexing::Slice(1, torch::indexing::None, 2)},
                torch::cos(positions * div_term));
  return pe.unsqueeze(0);
}

std::pair<torch::Tensor, torch::Tensor> RelPositionalEncodingImpl::forward(torch::Tensor x) {
  if (xscale_ > 0) x = x * xscale_;
  const int64_t t = x.size(1);
  // Rows for +(t-1)..-(t-1) from the centre of a table built for max_len >= t, or a
  // table built for exactly t (identical values: each row depends only on its position).
  torch::Tensor table = pe_;
  if (2 * t - 1 > table.size(1)) table = Table(t, torch::kCPU);
  const int64_t center = table.size(1) / 2 + 1;
  torch::Tensor pos_emb = table.narrow(1, center - t, 2 * t - 1).to(x.device(), x.scalar_type());
  if (dropout_emb_->options.p() > 0) pos_emb = dropout_emb_(pos_emb);
  return {dropout_(x), pos_emb};
}

torch::Tensor RelShift(const torch::Tensor& x) {
  const int64_t b = x.size(0), h = x.size(1), qlen = x.size(2), pos_len = x.size(3);
  torch::Tensor y = torch::constant_pad_nd(x, {1, 0});  // [b, h, t, 2t]
  y = y.view({b, h, -1, qlen});                           // [b, h, 2t, t]
  return y.narrow(2, 1, y.size(2) - 1).reshape({b, h, qlen, pos_len});
}

RelPositionMultiHeadAttentionImpl::RelPositionMultiHeadAttentionImpl(int64_t d_model, int64_t heads,
                                                                     double dropout_att, torch::Tensor shared_bias_u,
                                                                     torch::Tensor shared_bias_v)
    : heads_(heads), d_k_(d_model / heads) {
  linear_q_ = register_module("linear_q", torch::nn::Linear(d_model, d_model));
  linear_k_ = register_module("linear_k", torch::nn::Linear(d_model, d_model));
  linear_v_ = register_module("linear_v", torch::nn::Linear(d_model, d_model));
  linear_out_ = register_module("linear_out", torch::nn::Linear(d_model, d_model));
  linear_pos_ = register_module("linear_pos", torch::nn::Linear(torch::nn::LinearOptions(d_model, d_model).bias(false)));
  if (shared_bias_u.defined()) {
    pos_bias_u_ = shared_bias_u;
    pos_bias_v_ = shared_bias_v;
  } else {
    // NeMo initializes these to zero.
    pos_bias_u_ = register_parameter("pos_bias_u", torch::zeros({heads, d_k_}));
    pos_bias_v_ = register_parameter("pos_bias_v", torch::zeros({heads, d_k_}));
  }
  dropout_ = register_module("dropout", torch::nn::Dropout(dropout_att));
}

torch::Tensor RelPositionMultiHeadAttentionImpl::forward(torch::Tensor x, const torch::Tensor& mask,
                                                         const torch::Tensor& pos_emb) {
  const int64_t b = x.size(0);
  const torch::Tensor q = linear_q_(x).view({b, -1, heads_, d_k_});                  // [b, t, h, dk]
  const torch::Tensor k = linear_k_(x).view({b, -1, heads_, d_k_}).transpose(1, 2);  // [b, h, t, dk]
  const torch::Tensor v = linear_v_(x).view({b, -1, heads_, d_k_}).transpose(1, 2);
  const torch::Tensor p = linear_pos_(pos_emb).view({pos_emb.size(0), -1, heads_, d_k_}).transpose(1, 2);
  const torch::Tensor q_u = (q + pos_bias_u_).transpose(1, 2);  // [b, h, t, dk]
  const torch::Tensor q_v = (q + pos_bias_v_).transpose(1, 2);
  torch::Tensor bd = RelShift(torch::matmul(q_v, p.transpose(-2, -1)));
  const torch::Tensor ac = torch::matmul(q_u, k.transpose(-2, -1));
  bd = bd.narrow(-1, 0, ac.size(-1));
  torch::Tensor scores = (ac + bd) / std::sqrt(static_cast<double>(d_k_));
  const torch::Tensor m = mask.unsqueeze(1);  // [b, 1, t, t]
  scores = scores.masked_fill(m, -10000.0);
  torch::Tensor attn = torch::softmax(scores, -1).masked_fill(m, 0.0);
  attn = dropout_(attn);
  const torch::Tensor out = torch::matmul(attn, v).transpose(1, 2).reshape({b, -1, heads_ * d_k_});
  return linear_out_(out);
}

}  // namespace sori
