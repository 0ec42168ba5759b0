#include "model/ctc_model.h"

#include <map>

#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

std::string Shape(const torch::Tensor& t) {
  std::vector<std::string> d;
  for (int64_t s : t.sizes()) d.push_back(std::to_string(s));
  return "[" + Join(d, ", ") + "]";
}

}  // namespace

ConvAsrDecoderImpl::ConvAsrDecoderImpl(const CtcDecoderConfig& config) {
  config.Validate();
  torch::nn::Conv1d conv(torch::nn::Conv1dOptions(config.feat_in, config.num_classes + 1, 1));
  torch::nn::init::xavier_uniform_(conv->weight);  // NeMo's init_mode for ConvASRDecoder
  decoder_layers_ = register_module("decoder_layers", torch::nn::Sequential(conv));
}

torch::Tensor ConvAsrDecoderImpl::forward(const torch::Tensor& encoded) {
  return torch::log_softmax(decoder_layers_->forward(encoded).transpose(1, 2), -1);
}

CtcModelImpl::CtcModelImpl(const EncoderConfig& encoder, const CtcDecoderConfig& decoder)
    : encoder_config_(encoder), decoder_config_(decoder) {
  encoder_config_.Validate();
  decoder_config_.Validate();
  if (decoder_config_.feat_in != encoder_config_.d_model) {
    throw Error(ErrorCode::kInvalidInput, "decoder.feat_in (" + std::to_string(decoder_config_.feat_in) +
                                              ") must equal encoder.d_model (" +
                                              std::to_string(encoder_config_.d_model) + ")");
  }
  encoder_ = register_module("encoder", ConformerEncoder(encoder_config_));
  decoder_ = register_module("decoder", ConvAsrDecoder(decoder_config_));
}

CtcOutput CtcModelImpl::forward(const torch::Tensor& features, const torch::Tensor& lengths) {
  auto [encoded, len] = encoder_(features, lengths);
  return CtcOutput{decoder_(encoded), len, encoded};
}

StateDict CtcModelImpl::GetStateDict() {
  StateDict out;
  for (const auto& p : named_parameters(true)) out.emplace_back(p.key(), p.value());
  for (const auto& b : named_buffers(true)) out.emplace_back(b.key(), b.value());
  return out;
}

int64_t CtcModelImpl::ParameterCount() {
  int64_t n = 0;
  for (const auto& p : parameters(true)) n += p.numel();
  return n;
}

void CtcModelImpl::LoadStateDict(const StateDict& state, const std::vector<std::string>& ignore_prefixes) {
  std::map<std::string, torch::Tensor> ours;
  for (auto& [name, t] : GetStateDict()) ours.emplace(name, t);
  std::vector<std::string> unexpected, mismatched;
  std::map<std::string, bool> seen;
  torch::NoGradGuard no_grad;
  for (const auto& [name, tensor] : state) {
    bool ignored = false;
    for (const auto& p : ignore_prefixes) ignored = ignored || StartsWith(name, p);
    if (ignored) continue;
    const auto it = ours.find(name);
    if (it == ours.end()) {
      unexpected.push_back(name);
      continue;
    }
    seen[name] = true;
    if (it->second.sizes() != tensor.sizes()) {
      mismatched.push_back(name + " (checkpoint " + Shape(tensor) + ", model " + Shape(it->second) + ")");
      continue;
    }
    it->second.copy_(tensor.to(it->second.dtype()));
  }
  std::vector<std::string> missing;
  for (const auto& [name, t] : ours) {
    if (!seen.count(name)) missing.push_back(name);
  }
  if (unexpected.empty() && mismatched.empty() && missing.empty()) return;
  std::string msg = "state dict does not match the model:";
  const auto list = [&](const char* what, const std::vector<std::string>& names) {
    if (names.empty()) return;
    msg += std::string(" ") + what + " (" + std::to_string(names.size()) + "): ";
    for (size_t i = 0; i < names.size() && i < 8; ++i) msg += (i ? ", " : "") + names[i];
    if (names.size() > 8) msg += ", ...";
    msg += ";";
  };
  list("unexpected keys", unexpected);
  list("shape mismatches", mismatched);
  list("missing keys", missing);
  throw Error(ErrorCode::kInvalidInput, msg);
}

}  // namespace sori
