// Log-mel filterbank features, computed with libtorch (ATen) ops so they run on batches
// and on any device (CPU here, CUDA where present). The computation reproduces NVIDIA
// NeMo's AudioToMelSpectrogramPreprocessor / FilterbankFeatures (NeMo >= 2.5) in eval
// mode, step for step, so NeMo checkpoints see the features they were trained on:
//
//   1. Lengths: valid frames = (samples + 2 * (n_fft / 2) - n_fft) / hop (floor), i.e.
//      samples / hop for even n_fft. The STFT yields one more frame (center padding);
//      that frame and everything past each utterance's length become `pad_value`.
//   2. Dither (training only): x += dither * N(0, 1).
//   3. Pre-emphasis: y[0] = x[0], y[n] = x[n] - preemph * x[n-1]; samples past each
//      utterance's length are zeroed afterwards (so padding never leaks in).
//   4. STFT: n_fft-point, hop = int(window_stride * sr), window = symmetric
//      (periodic=False) Hann of length int(window_size * sr), zero-padded to n_fft and
//      centred; center=True with zero ("constant") padding of n_fft/2 on both sides.
//   5. Magnitude sqrt(re^2 + im^2), then raised to mag_power (2: power spectrum). The
//      sqrt-then-square round trip is kept because NeMo does it; it changes the last bit.
//   6. Mel: [n_mels, n_fft/2+1] Slaney filterbank (mel_filterbank.h) times the spectrum.
//   7. Log: natural log of (mel + log_zero_guard), guard 2^-24 ("add"); or
//      log(max(mel, guard)) ("clamp").
//   8. Normalization over each utterance's valid frames: "per_feature" (each mel channel
//      to zero mean, unit std; std is unbiased, NaN for one frame becomes 0, plus 1e-5),
//      "all_features" (one mean/std per utterance), or "none".
//   9. Frames at or past the valid length are set to pad_value; if pad_to > 0 the time
//      axis is right-padded to a multiple of pad_to.
//
// Defaults are NeMo's FastConformer settings: 16 kHz, 25 ms window, 10 ms hop, 512-point
// FFT, 80 mels, pre-emphasis 0.97, per-feature normalization, pad_to 0. (NeMo's class
// default pad_to is 16; FastConformer configs set 0 for inference parity and we follow.)
#pragma once

#include <ATen/ATen.h>

#include <string>
#include <vector>

namespace sori {

struct FeatureConfig {
  int sample_rate = 16000;          // Hz; input must already be at this rate
  double window_size = 0.025;       // seconds; win_length = int(window_size * sample_rate)
  double window_stride = 0.01;      // seconds; hop = int(window_stride * sample_rate)
  int n_fft = 512;                  // FFT points, >= win_length
  int n_mels = 80;                  // mel channels ("features" in NeMo configs)
  std::string window = "hann";      // hann | hamming | blackman | bartlett | ones
  double preemph = 0.97;            // 0 disables pre-emphasis
  double lowfreq = 0.0;             // Hz, lowest mel edge
  double highfreq = 0.0;            // Hz, highest mel edge; 0 means sample_rate / 2
  double mag_power = 2.0;           // 1: magnitude, 2: power
  std::string log_zero_guard_type = "add";  // add | clamp
  double log_zero_guard_value = 5.9604644775390625e-08;  // 2^-24
  std::string normalize = "per_feature";    // per_feature | all_features | none
  double dither = 1e-5;             // std of noise added in training only
  int pad_to = 0;                   // pad time axis to a multiple of this (0: no)
  double pad_value = 0.0;           // value for padded frames

  int win_length() const;
  int hop_length() const;
  // Throws Error(kInvalidInput) naming the bad field and the accepted range.
  void Validate() const;
  std::string ToString() const;
};

struct Features {
  at::Tensor values;   // [B, n_mels, T] float32, channels-first as in NeMo
  at::Tensor lengths;  // [B] int64, valid frames per utterance
};

class FeatureExtractor {
 public:
  // Builds the window and filterbank from the config, on `device`.
  explicit FeatureExtractor(const FeatureConfig& config, at::Device device = at::kCPU);
  // Uses the given buffers as they are (e.g. a NeMo checkpoint's featurizer.fb and
  // featurizer.window): filterbank [n_mels, n_fft/2+1] (or [1, n_mels, n_fft/2+1]),
  // window [win_length]. Shapes are checked against the config.
  FeatureExtractor(const FeatureConfig& config, at::Tensor filterbank, at::Tensor window);

  // waveforms [B, S] float32 (zero-padded past each length), lengths [B] int64 samples.
  // `training` enables dither, drawn from torch's global generator as NeMo does (the data
  // loader dithers the waveforms itself, per utterance, to stay reproducible).
  // `filterbanks` [B, n_mels, n_fft/2+1], if defined, replaces the extractor's filterbank
  // per utterance (training-time VTLP, audio/augment.h).
  // Thread-safe: the extractor is read-only.
  Features Compute(const at::Tensor& waveforms, const at::Tensor& lengths, bool training = false,
                   const at::Tensor& filterbanks = {}) const;
  // One utterance, on the extractor's device.
  Features Compute(const std::vector<float>& samples) const;
  // Pads and stacks utterances into a batch.
  Features Compute(const std::vector<std::vector<float>>& batch) const;

  // Valid feature frames for an utterance of `num_samples` samples.
  int64_t NumFrames(int64_t num_samples) const;

  const FeatureConfig& config() const { return config_; }
  const at::Tensor& filterbank() const { return filterbank_; }  // [n_mels, n_fft/2+1]
  const at::Tensor& window() const { return window_; }          // [win_length]

 private:
  FeatureConfig config_;
  at::Tensor filterbank_;
  at::Tensor window_;
};

}  // namespace sori
