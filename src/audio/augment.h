// Training-time augmentation, each part optional and configured from the training
// YAML (`augmentation.speed_perturb`, `.noise_aug`, `.spec_augment`):
//
//  - Speed perturbation: the waveform is resampled as if it had been recorded at
//    sample_rate * factor, so it plays `factor` times faster (pitch shifts with it), the
//    Kaldi/NeMo recipe. One factor is drawn per utterance from `factors`.
//  - Additive noise at a random SNR: with probability `prob`, a noise segment (from the
//    WAV/FLAC files of `noise_dir`, or generated white/pink/brown noise) is scaled so
//    that 10*log10(P_signal / P_noise) is uniform in [min_snr_db, max_snr_db] and added.
//  - Vocal tract length perturbation (VTLP, Jaitly & Hinton 2013): the spectrum's frequency
//    axis is warped by a factor drawn uniformly from [min_warp, max_warp] per utterance, as
//    if a speaker with a longer or shorter vocal tract had said it (formants move by the
//    factor; pitch and tempo stay). Piecewise linear, so the Nyquist frequency stays put:
//    f -> f * warp below boundary_hz * min(warp, 1) / warp, a straight line to Nyquist
//    above. Applied by warping the mel filterbank (WarpFilterbank), so it costs nothing
//    per frame.
//  - SpecAugment (Park et al. 2019, as in NeMo's SpectrogramAugmentation): `freq_masks`
//    bands of up to `freq_width` mel channels and `time_masks` spans of up to
//    `time_width` frames (a value below 1 is a fraction of the utterance's length) are
//    set to `mask_value`, only within the valid frames.
//
// Every function takes the RNG to use, so a loader can seed it per utterance and get
// the same augmentation whatever thread runs it.
#pragma once

#include <ATen/ATen.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace sori {

struct SpeedPerturbConfig {
  bool enabled = false;
  std::vector<double> factors = {0.9, 1.0, 1.1};  // each in [0.5, 2.0]
};

struct NoiseAugConfig {
  bool enabled = false;
  double prob = 0.5;          // share of utterances that get noise
  double min_snr_db = 10.0;
  double max_snr_db = 30.0;
  std::string noise_dir;      // empty: generated noise (white, pink, brown)
  double max_noise_seconds = 3600.0;  // at most this much of noise_dir is loaded
};

struct VtlpConfig {
  bool enabled = false;
  double min_warp = 0.9;
  double max_warp = 1.1;
  double boundary_hz = 4800;  // warping is linear below about this frequency
};

struct SpecAugmentConfig {
  bool enabled = false;
  int freq_masks = 2;
  int freq_width = 27;        // mel channels
  int time_masks = 10;
  double time_width = 0.05;   // < 1: fraction of valid frames; >= 1: frames
  double mask_value = 0.0;
};

struct AugmentConfig {
  SpeedPerturbConfig speed_perturb;
  NoiseAugConfig noise_aug;
  VtlpConfig vtlp;
  SpecAugmentConfig spec_augment;
  // Throws Error(kInvalidInput) naming the bad key (e.g. "augmentation.noise_aug.prob").
  void Validate() const;
  bool any() const { return speed_perturb.enabled || noise_aug.enabled || vtlp.enabled || spec_augment.enabled; }
};

// Draws a factor from config.factors (1.0 when disabled).
double DrawSpeedFactor(const SpeedPerturbConfig& config, std::mt19937_64& rng);
// Resamples so the audio plays `factor` times faster; 1.0 returns the input.
std::vector<float> ApplySpeed(const std::vector<float>& samples, int sample_rate, double factor);

// Noise to mix in: loaded once from a folder (16 kHz mono) or generated on demand.
class NoiseSource {
 public:
  // Loads every audio file in config.noise_dir (recursively), up to max_noise_seconds.
  // Throws Error if the folder is missing or holds no decodable audio.
  NoiseSource(const NoiseAugConfig& config, int sample_rate);
  // `n` samples of noise (unit-free; AddNoise scales it).
  std::vector<float> Segment(size_t n, std::mt19937_64& rng) const;
  double loaded_seconds() const;

 private:
  std::vector<std::vector<float>> clips_;
  int sample_rate_;
};

// Adds noise at the given SNR. Silent signals (power 0) are left untouched.
void AddNoiseAtSnr(std::vector<float>* samples, const std::vector<float>& noise, double snr_db);

// With probability config.prob, adds a segment from `source` at a random SNR. Returns
// the SNR used, or NaN if no noise was added.
double MaybeAddNoise(std::vector<float>* samples, const NoiseAugConfig& config, const NoiseSource& source,
                     std::mt19937_64& rng);

// Draws a warp factor from [min_warp, max_warp] (1.0 when disabled).
double DrawVtlpWarp(const VtlpConfig& config, std::mt19937_64& rng);
// The VTLP warp of frequency `hz` (see above); monotonic, and Nyquist maps to itself.
double VtlpWarpHz(double hz, double warp, double boundary_hz, double nyquist_hz);
// Its inverse: the frequency that VtlpWarpHz maps to `hz`.
double VtlpUnwarpHz(double hz, double warp, double boundary_hz, double nyquist_hz);
// Throws Error(kInvalidInput) naming augmentation.vtlp.boundary_hz unless it lies below
// the Nyquist frequency of `sample_rate` (the warp needs room above the knee).
void CheckVtlpBoundary(double boundary_hz, int sample_rate);
// A mel filterbank [n_mels, n_fft/2+1] that, applied to an utterance's power spectrum,
// gives the mels of the spectrum warped by `warp`: each bin of the warped spectrum is
// linearly interpolated from the original at the inverse-warped frequency. Warp 1 returns
// `filterbank` unchanged.
at::Tensor WarpFilterbank(const at::Tensor& filterbank, int sample_rate, double warp, double boundary_hz);

// Masks features [n_mels, T] in place within the first `valid_frames` frames.
void ApplySpecAugment(at::Tensor features, int64_t valid_frames, const SpecAugmentConfig& config,
                      std::mt19937_64& rng);

}  // namespace sori
