#include "audio/features.h"

#include <cmath>
#include <cstring>
#include <sstream>
#include <utility>

#include "audio/mel_filterbank.h"
#include "util/error.h"

namespace sori {
namespace {

[[noreturn]] void Invalid(const std::string& message) {
  throw Error(ErrorCode::kInvalidInput, "feature config: " + message);
}

std::string ShapeOf(const at::Tensor& t) {
  std::string out = "[";
  for (int64_t d = 0; d < t.dim(); ++d) out += (d ? ", " : "") + std::to_string(t.size(d));
  return out + "]";
}

at::Tensor MakeWindow(const std::string& name, int64_t length) {
  const auto opts = at::TensorOptions().dtype(at::kFloat);
  // periodic=false everywhere, as NeMo builds its windows.
  if (name == "hann") return at::hann_window(length, /*periodic=*/false, opts);
  if (name == "hamming") return at::hamming_window(length, /*periodic=*/false, opts);
  if (name == "blackman") return at::blackman_window(length, /*periodic=*/false, opts);
  if (name == "bartlett") return at::bartlett_window(length, /*periodic=*/false, opts);
  if (name == "ones") return at::ones({length}, opts);
  Invalid("window '" + name + "' is not supported (accepted: hann, hamming, blackman, bartlett, ones)");
}

// Compute's checks of its arguments' shapes, before any tensor work.
void CheckFeatureInputShapes(const at::Tensor& waveforms, const at::Tensor& lengths, const at::Tensor& filterbanks,
                             const at::Tensor& filterbank) {
  if (waveforms.dim() != 2 || lengths.dim() != 1 || lengths.size(0) != waveforms.size(0)) {
    throw Error(ErrorCode::kInvalidInput,
                "features: expected waveforms [B, S] and lengths [B], got " +
                    std::to_string(waveforms.dim()) + "-d and " + std::to_string(lengths.dim()) +
                    "-d tensors");
  }
  const int64_t batch = waveforms.size(0);
  const int64_t samples = waveforms.size(1);
  if (batch == 0 || samples == 0) {
    throw Error(ErrorCode::kInvalidInput, "features: empty batch or zero-length audio");
  }
  if (filterbanks.defined() && (filterbanks.dim() != 3 || filterbanks.size(0) != batch ||
                                filterbanks.size(1) != filterbank.size(0) || filterbanks.size(2) != filterbank.size(1))) {
    throw Error(ErrorCode::kInvalidInput, "features: per-utterance filterbanks must be [" + std::to_string(batch) + ", " +
                                              std::to_string(filterbank.size(0)) + ", " +
                                              std::to_string(filterbank.size(1)) + "]");
  }
}

// x[t] - preemph * x[t-1] as NeMo does it, then zeros past each utterance's length, so
// the STFT of a padded utterance sees the same silence as NeMo's.
// (`x` by value: the caller moves its waveforms in, so they are freed once emphasized.)
at::Tensor PreEmphasizeAndMask(at::Tensor x, const at::Tensor& len, double preemph) {
  const int64_t samples = x.size(1);
  x = at::cat({x.narrow(1, 0, 1), x.narrow(1, 1, samples - 1) - preemph * x.narrow(1, 0, samples - 1)}, 1);
  const at::Tensor time_mask =
      at::arange(samples, at::TensorOptions().dtype(at::kLong).device(x.device())).unsqueeze(0) <
      len.unsqueeze(1);
  return x.masked_fill(time_mask.logical_not(), 0.0);
}

// STFT with centred zero padding, magnitude, then NeMo's mag_power: [B, F, T].
at::Tensor PowerSpectrum(const at::Tensor& x, const FeatureConfig& config, const at::Tensor& window) {
  const at::Tensor spec = at::stft(x, config.n_fft, config.hop_length(), config.win_length(), window,
                                   /*center=*/true, /*pad_mode=*/"constant",
                                   /*normalized=*/false, /*onesided=*/true,
                                   /*return_complex=*/true);
  at::Tensor power = at::view_as_real(spec).pow(2).sum(-1).sqrt();
  if (config.mag_power != 1.0) power = power.pow(config.mag_power);
  return power;
}

// The log, kept finite for empty mel bins by NeMo's "add" or "clamp" guard.
at::Tensor GuardedLog(const at::Tensor& mel, const FeatureConfig& config) {
  if (config.log_zero_guard_type == "add") return at::log(mel + config.log_zero_guard_value);
  return at::log(at::clamp_min(mel, config.log_zero_guard_value));
}

// NeMo's per_feature normalization: each mel bin to zero mean and unit (unbiased)
// standard deviation over the utterance's valid frames. `valid`: [B, T].
at::Tensor NormalizePerFeature(const at::Tensor& mel, const at::Tensor& valid) {
  const at::Tensor valid3 = valid.unsqueeze(1);
  const at::Tensor count = valid.sum(1);  // [B]
  const at::Tensor mean = at::where(valid3, mel, 0.0).sum(2) / count.clamp_min(1).unsqueeze(1);
  at::Tensor std = at::sqrt(at::where(valid3, mel - mean.unsqueeze(2), 0.0).pow(2).sum(2) /
                            (count.unsqueeze(1) - 1.0));
  std = std.masked_fill(std.isnan(), 0.0) + 1e-5;
  return (mel - mean.unsqueeze(2)) / std.unsqueeze(2);
}

// NeMo's all_features normalization: one mean and standard deviation per utterance over
// all bins of its valid frames (at least one frame, as NeMo counts them).
at::Tensor NormalizeAllFeatures(const at::Tensor& mel, const at::Tensor& seq_len) {
  const int64_t frames = mel.size(2);
  std::vector<at::Tensor> rows;
  for (int64_t b = 0; b < mel.size(0); ++b) {
    const int64_t n = std::max<int64_t>(1, seq_len[b].item<int64_t>());
    const at::Tensor valid_part = mel[b].narrow(1, 0, std::min(n, frames));
    const at::Tensor mean = valid_part.mean();
    at::Tensor std = valid_part.std();
    std = std.masked_fill(std.isnan(), 0.0) + 1e-5;
    rows.push_back((mel[b] - mean) / std);
  }
  return at::stack(rows);
}

// pad_value in the frames past each utterance's length, then more of it up to a
// multiple of pad_to frames (NeMo pads so the encoder's subsampling divides evenly).
at::Tensor PadFeatureFrames(const at::Tensor& mel, const at::Tensor& valid, const FeatureConfig& config) {
  const int64_t frames = mel.size(2);
  at::Tensor padded = mel.masked_fill(valid.logical_not().unsqueeze(1), config.pad_value);
  if (config.pad_to > 0 && frames % config.pad_to != 0) {
    padded = at::constant_pad_nd(padded, {0, config.pad_to - frames % config.pad_to}, config.pad_value);
  }
  return padded;
}

}  // namespace

int FeatureConfig::win_length() const { return static_cast<int>(window_size * sample_rate); }
int FeatureConfig::hop_length() const { return static_cast<int>(window_stride * sample_rate); }

void FeatureConfig::Validate() const {
  if (sample_rate < 1000 || sample_rate > 384000) {
    Invalid("sample_rate " + std::to_string(sample_rate) + " is out of range (1000..384000 Hz)");
  }
  if (!(window_size > 0) || win_length() < 2) {
    Invalid("window_size " + std::to_string(window_size) + " s gives fewer than 2 samples");
  }
  if (!(window_stride > 0) || hop_length() < 1) {
    Invalid("window_stride " + std::to_string(window_stride) + " s gives less than 1 sample");
  }
  if (n_fft < win_length() || n_fft > 65536) {
    Invalid("n_fft " + std::to_string(n_fft) + " must be in [win_length=" +
            std::to_string(win_length()) + ", 65536]");
  }
  if (n_mels < 1 || n_mels > n_fft / 2 + 1) {
    Invalid("n_mels " + std::to_string(n_mels) + " must be in [1, n_fft/2+1=" +
            std::to_string(n_fft / 2 + 1) + "]");
  }
  if (!(preemph >= 0 && preemph < 1)) Invalid("preemph must be in [0, 1)");
  const double nyquist = sample_rate / 2.0;
  const double high = highfreq > 0 ? highfreq : nyquist;
  if (lowfreq < 0 || high > nyquist || lowfreq >= high) {
    Invalid("need 0 <= lowfreq < highfreq <= sample_rate/2 (got lowfreq=" +
            std::to_string(lowfreq) + ", highfreq=" + std::to_string(high) + ")");
  }
  if (!(mag_power > 0)) Invalid("mag_power must be positive");
  if (log_zero_guard_type != "add" && log_zero_guard_type != "clamp") {
    Invalid("log_zero_guard_type '" + log_zero_guard_type + "' (accepted: add, clamp)");
  }
  if (!(log_zero_guard_value > 0)) Invalid("log_zero_guard_value must be positive");
  if (normalize != "per_feature" && normalize != "all_features" && normalize != "none") {
    Invalid("normalize '" + normalize + "' (accepted: per_feature, all_features, none)");
  }
  if (!(dither >= 0)) Invalid("dither must be >= 0");
  if (pad_to < 0) Invalid("pad_to must be >= 0");
  if (!std::isfinite(pad_value)) Invalid("pad_value must be finite");
  MakeWindow(window, 2);  // throws on an unknown window name
}

std::string FeatureConfig::ToString() const {
  std::ostringstream os;
  os << "FeatureConfig(sample_rate=" << sample_rate << ", window_size=" << window_size
     << ", window_stride=" << window_stride << ", n_fft=" << n_fft << ", n_mels=" << n_mels
     << ", window=" << window << ", preemph=" << preemph << ", lowfreq=" << lowfreq
     << ", highfreq=" << highfreq << ", mag_power=" << mag_power
     << ", log_zero_guard=" << log_zero_guard_type << ":" << log_zero_guard_value
     << ", normalize=" << normalize << ", dither=" << dither << ", pad_to=" << pad_to
     << ", pad_value=" << pad_value << ")";
  return os.str();
}

FeatureExtractor::FeatureExtractor(const FeatureConfig& config, at::Device device)
    : config_(config) {
  config_.Validate();
  const double high = config_.highfreq > 0 ? config_.highfreq : config_.sample_rate / 2.0;
  std::vector<float> fb = SlaneyMelFilterbank(config_.sample_rate, config_.n_fft,
                                              config_.n_mels, config_.lowfreq, high);
  filterbank_ = at::from_blob(fb.data(), {config_.n_mels, config_.n_fft / 2 + 1}, at::kFloat)
                    .clone()
                    .to(device);
  window_ = MakeWindow(config_.window, config_.win_length()).to(device);
}

FeatureExtractor::FeatureExtractor(const FeatureConfig& config, at::Tensor filterbank,
                                   at::Tensor window)
    : config_(config) {
  config_.Validate();
  if (filterbank.dim() == 3 && filterbank.size(0) == 1) filterbank = filterbank.squeeze(0);
  const int64_t bins = config_.n_fft / 2 + 1;
  if (filterbank.dim() != 2 || filterbank.size(0) != config_.n_mels || filterbank.size(1) != bins) {
    throw Error(ErrorCode::kInvalidInput,
                "mel filterbank has shape " + ShapeOf(filterbank) +
                    ", expected [" + std::to_string(config_.n_mels) + ", " + std::to_string(bins) + "]");
  }
  if (window.dim() != 1 || window.size(0) != config_.win_length()) {
    throw Error(ErrorCode::kInvalidInput, "window has shape " + ShapeOf(window) +
                                              ", expected [" +
                                              std::to_string(config_.win_length()) + "]");
  }
  if (!at::isfinite(filterbank).all().item<bool>() || !at::isfinite(window).all().item<bool>()) {
    throw Error(ErrorCode::kInvalidInput, "mel filterbank or window holds NaN or infinite values");
  }
  filterbank_ = filterbank.to(at::kFloat).contiguous();
  window_ = window.to(filterbank_.device(), at::kFloat).contiguous();
}

int64_t FeatureExtractor::NumFrames(int64_t num_samples) const {
  const int64_t pad = (config_.n_fft / 2) * 2;
  const int64_t n = num_samples + pad - config_.n_fft;
  return n <= 0 ? 0 : n / config_.hop_length();
}

Features FeatureExtractor::Compute(const at::Tensor& waveforms, const at::Tensor& lengths, bool training,
                                   const at::Tensor& filterbanks) const {
  CheckFeatureInputShapes(waveforms, lengths, filterbanks, filterbank_);
  const int64_t samples = waveforms.size(1);
  const at::Device device = filterbank_.device();
  at::Tensor x = waveforms.to(device, at::kFloat);
  const at::Tensor len = lengths.to(device, at::kLong);
  if (len.min().item<int64_t>() < 0 || len.max().item<int64_t>() > samples) {
    throw Error(ErrorCode::kInvalidInput, "features: lengths must be in [0, " +
                                              std::to_string(samples) + "]");
  }
  const int64_t n_fft = config_.n_fft;
  const int64_t hop = config_.hop_length();

  // 1. Valid frames per utterance.
  const at::Tensor seq_len = at::floor_divide(len + (n_fft / 2) * 2 - n_fft, hop).clamp_min(0);

  // 2. Dither, training only.
  if (training && config_.dither > 0) x = x + config_.dither * at::randn_like(x);

  // 3. Pre-emphasis, then zero everything past each utterance's length.
  if (config_.preemph > 0) x = PreEmphasizeAndMask(std::move(x), len, config_.preemph);

  // 4-5. Power spectrum; 6. mel projection, with the [1, M, F] shape NeMo multiplies
  // with (or the batch's own [B, M, F] filterbanks); 7. log.
  const at::Tensor power = PowerSpectrum(x, config_, window_);
  at::Tensor mel = at::matmul(filterbanks.defined() ? filterbanks.to(device, at::kFloat) : filterbank_.unsqueeze(0), power);
  mel = GuardedLog(mel, config_);

  // 8. Normalization over valid frames.
  const int64_t frames = mel.size(2);
  const at::Tensor valid =
      at::arange(frames, at::TensorOptions().dtype(at::kLong).device(device))
          .unsqueeze(0)
          .expand({waveforms.size(0), frames}) < seq_len.unsqueeze(1);  // [B, T]
  if (config_.normalize == "per_feature") {
    mel = NormalizePerFeature(mel, valid);
  } else if (config_.normalize == "all_features") {
    mel = NormalizeAllFeatures(mel, seq_len);
  }

  // 9. Padding frames.
  return Features{PadFeatureFrames(mel, valid, config_), seq_len};
}

Features FeatureExtractor::Compute(const std::vector<float>& samples) const {
  return Compute(std::vector<std::vector<float>>{samples});
}

Features FeatureExtractor::Compute(const std::vector<std::vector<float>>& batch) const {
  size_t longest = 0;
  for (const auto& u : batch) longest = std::max(longest, u.size());
  at::Tensor waves = at::zeros({static_cast<int64_t>(batch.size()), static_cast<int64_t>(longest)},
                               at::kFloat);
  at::Tensor lengths = at::empty({static_cast<int64_t>(batch.size())}, at::kLong);
  for (size_t b = 0; b < batch.size(); ++b) {
    const auto& u = batch[b];
    if (!u.empty()) {
      std::memcpy(waves[static_cast<int64_t>(b)].data_ptr<float>(), u.data(), u.size() * sizeof(float));
    }
    lengths[static_cast<int64_t>(b)] = static_cast<int64_t>(u.size());
  }
  return Compute(waves, lengths);
}

}  // namespace sori
