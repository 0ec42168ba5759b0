// A CTC speech recognizer: ConformerEncoder + NeMo's ConvASRDecoder (a kernel-1 Conv1d
// to vocabulary + 1 classes, the blank last, then log-softmax). Parameter and buffer
// names are NeMo's ("encoder.layers.0.self_attn.linear_q.weight", "decoder.decoder_
// layers.0.weight"), so NeMo state dicts load directly and ours load in NeMo.
#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "model/encoder.h"
#include "model/encoder_config.h"
#include "model/state_dict_io.h"

namespace sori {

struct CtcOutput {
  torch::Tensor log_probs;  // [B, T', vocab + 1] float, blank = vocab
  torch::Tensor lengths;    // [B] int64, valid frames of log_probs
  torch::Tensor encoded;    // [B, d_model, T'] (NeMo's layout)
};

class ConvAsrDecoderImpl : public torch::nn::Module {
 public:
  explicit ConvAsrDecoderImpl(const CtcDecoderConfig& config);
  // encoded [B, d, T'] -> log-probs [B, T', classes + 1]
  torch::Tensor forward(const torch::Tensor& encoded);

 private:
  torch::nn::Sequential decoder_layers_{nullptr};
};
TORCH_MODULE(ConvAsrDecoder);

class CtcModelImpl : public torch::nn::Module {
 public:
  CtcModelImpl(const EncoderConfig& encoder, const CtcDecoderConfig& decoder);
  // features [B, feat_in, T] (from FeatureExtractor), lengths [B] frames
  CtcOutput forward(const torch::Tensor& features, const torch::Tensor& lengths);

  ConformerEncoder& encoder() { return encoder_; }
  int vocab_size() const { return decoder_config_.num_classes; }
  int blank_id() const { return decoder_config_.num_classes; }
  int subsampling_factor() const { return encoder_config_.subsampling_factor; }

  // Every parameter and buffer, by NeMo name, in registration order.
  StateDict GetStateDict();
  // Copies `state` into the model. Every missing or unexpected key and every shape
  // mismatch is an Error(kInvalidInput) naming it; nothing is skipped silently. Keys
  // with a prefix outside encoder./decoder. (e.g. NeMo's preprocessor.*) are ignored
  // only if listed in `ignore_prefixes`.
  void LoadStateDict(const StateDict& state, const std::vector<std::string>& ignore_prefixes = {});
  int64_t ParameterCount();

 private:
  EncoderConfig encoder_config_;
  CtcDecoderConfig decoder_config_;
  ConformerEncoder encoder_{nullptr};
  ConvAsrDecoder decoder_{nullptr};
};
TORCH_MODULE(CtcModel);

}  // namespace sori
