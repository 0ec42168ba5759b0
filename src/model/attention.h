// Relative-position multi-head self-attention, as NeMo's RelPositionMultiHeadAttention
// (Transformer-XL style, Dai et al. 2019):
//   scores = ((q + pos_bias_u) k^T + rel_shift((q + pos_bias_v) p^T)) / sqrt(d_k)
// with p = linear_pos(pos_emb) (no bias), masked positions set to -10000 before the
// softmax and to 0 after it (so a fully padded query row yields linear_out.bias), then
// dropout, @ v and linear_out. pos_bias_u/v [heads, d_k] are this layer's own or the
// encoder's shared ones (untie_biases = false).
//
// RelPositionalEncoding: the sinusoid table for relative positions +(L-1) .. -(L-1)
// (interleaved sin/cos of pos * exp(-2i ln(10000) / d), float32), sliced to 2T-1 rows
// for T steps; it also scales x by sqrt(d_model) when xscaling and applies dropout.
// The table is not a parameter (NeMo's is a non-persistent buffer).
#pragma once

#include <torch/torch.h>

#include <utility>

namespace sori {

class RelPositionalEncodingImpl : public torch::nn::Module {
 public:
  RelPositionalEncodingImpl(int64_t d_model, int64_t max_len, bool xscaling, double dropout, double dropout_emb);
  // x [B, T, d] -> (x scaled and dropped out, pos_emb [1, 2T-1, d])
  std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor x);

 private:
  torch::Tensor Table(int64_t length, const torch::Device& device) const;  // [1, 2L-1, d]
  int64_t d_model_;
  double xscale_;  // 0: off
  torch::Tensor pe_;  // for max_len, built once; longer inputs build a temporary table
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Dropout dropout_emb_{nullptr};
};
TORCH_MODULE(RelPositionalEncoding);

class RelPositionMultiHeadAttentionImpl : public torch::nn::Module {
 public:
  // shared_bias_u/v: the encoder's biases when untie_biases is false; undefined otherwise.
  RelPositionMultiHeadAttentionImpl(int64_t d_model, int64_t heads, double dropout_att,
                                    torch::Tensor shared_bias_u, torch::Tensor shared_bias_v);
  // x [B, T, d], mask [B, T, T] bool (true = ignore), pos_emb [1, 2T-1, d] -> [B, T, d]
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& mask, const torch::Tensor& pos_emb);

 private:
  int64_t heads_;
  int64_t d_k_;
  torch::nn::Linear linear_q_{nullptr}, linear_k_{nullptr}, linear_v_{nullptr}, linear_out_{nullptr};
  torch::nn::Linear linear_pos_{nullptr};
  torch::Tensor pos_bias_u_, pos_bias_v_;
  torch::nn::Dropout dropout_{nullptr};
};
TORCH_MODULE(RelPositionMultiHeadAttention);

// NeMo's rel_shift: [B, H, T, 2T-1] raw scores against positions +(T-1)..-(T-1) to
// scores indexed by key, so out[i][j] uses relative position i - j.
torch::Tensor RelShift(const torch::Tensor& x);

}  // namespace sori
