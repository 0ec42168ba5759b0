#include "model/subsampling.h"

#include <cmath>

namespace sori {
namespace {

torch::nn::Conv2d Conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding, int64_t groups) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).groups(groups).bias(true));
}

// [B, T] float 0/1: step t of utterance b is kept iff t < lengths[b].
torch::Tensor TimeMask(int64_t steps, const torch::Tensor& lengths) {
  return (torch::arange(steps, lengths.options().dtype(torch::kFloat)).unsqueeze(0) < lengths.unsqueeze(1))
      .to(torch::kFloat);
}

}  // namespace

int64_t SubsampledLength(int64_t frames, int factor) {
  for (int f = factor; f > 1; f /= 2) frames = frames <= 0 ? 0 : (frames - 1) / 2 + 1;
  return frames;
}

ConvSubsamplingImpl::ConvSubsamplingImpl(const EncoderConfig& config) {
  const int64_t c = config.conv_channels();
  const int halvings = static_cast<int>(std::lround(std::log2(config.subsampling_factor)));
  conv_ = torch::nn::Sequential();
  if (config.subsampling == "dw_striding") {
    conv_->push_back(Conv(1, c, 3, 2, 1, 1));
    strided_.push_back(true);
    conv_->push_back(torch::nn::ReLU());
    strided_.push_back(false);
    for (int i = 1; i < halvings; ++i) {
      conv_->push_back(Conv(c, c, 3, 2, 1, c));  // depthwise
      strided_.push_back(true);
      conv_->push_back(Conv(c, c, 1, 1, 0, 1));  // pointwise
      strided_.push_back(false);
      conv_->push_back(torch::nn::ReLU());
      strided_.push_back(false);
    }
  } else {  // striding
    int64_t in = 1;
    for (int i = 0; i < halvings; ++i) {
      conv_->push_back(Conv(in, c, 3, 2, 1, 1));
      strided_.push_back(true);
      conv_->push_back(torch::nn::ReLU());
      strided_.push_back(false);
      in = c;
    }
  }
  register_module("conv", conv_);
  const int64_t freq = SubsampledLength(config.feat_in, config.subsampling_factor);
  out_ = register_module("out", torch::nn::Linear(c * freq, config.d_model));
}

std::pair<torch::Tensor, torch::Tensor> ConvSubsamplingImpl::forward(torch::Tensor x, torch::Tensor lengths) {
  x = x.unsqueeze(1);  // [B, 1, T, F]
  torch::Tensor len = lengths.to(torch::kFloat);
  // NeMo multiplies by the time mask before every layer. Only the 3x3 convolutions mix
  // time steps, so masking right before them (and once at the end) gives the same
  // values everywhere at a fraction of the memory traffic; and when no utterance is
  // padded there is nothing to mask at all (a batch of one, in inference).
  const bool padded = (lengths < x.size(2)).any().item<bool>();
  torch::Tensor mask = padded ? TimeMask(x.size(2), len) : torch::Tensor();
  size_t i = 0;
  for (auto& layer : *conv_) {
    const bool strided = strided_[i++];
    if (padded && strided) x = x * mask.unsqueeze(1).unsqueeze(-1);
    x = layer.forward(x);
    if (strided) {
      len = torch::floor((len + 2.0 - 3.0) / 2.0 + 1.0);
      if (padded) mask = TimeMask(x.size(2), len);
    }
  }
  if (padded) x = x * mask.unsqueeze(1).unsqueeze(-1);
  const int64_t b = x.size(0), c = x.size(1), t = x.size(2), f = x.size(3);
  x = out_(x.transpose(1, 2).reshape({b, t, c * f}));
  return {x, len.to(torch::kLong)};
}

}  // namespace sori
