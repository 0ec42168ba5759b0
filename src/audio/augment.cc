#include "audio/augment.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "audio/reader.h"
#include "audio/resampler.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

[[noreturn]] void Bad(const std::string& key, const std::string& why) {
  throw Error(ErrorCode::kInvalidInput, "augmentation." + key + ": " + why);
}

double Power(const std::vector<float>& x) {
  if (x.empty()) return 0.0;
  double sum = 0;
  for (float v : x) sum += double(v) * v;
  return sum / static_cast<double>(x.size());
}

// White, pink (Paul Kellet's filter) or brown (integrated white) noise.
std::vector<float> GeneratedNoise(size_t n, std::mt19937_64& rng) {
  std::normal_distribution<float> white(0.0f, 1.0f);
  const int color = std::uniform_int_distribution<int>(0, 2)(rng);
  std::vector<float> out(n);
  float b0 = 0, b1 = 0, b2 = 0, brown = 0;
  for (size_t i = 0; i < n; ++i) {
    const float w = white(rng);
    if (color == 0) {
      out[i] = w;
    } else if (color == 1) {
      b0 = 0.99765f * b0 + w * 0.0990460f;
      b1 = 0.96300f * b1 + w * 0.2965164f;
      b2 = 0.57000f * b2 + w * 1.0526913f;
      out[i] = b0 + b1 + b2 + w * 0.1848f;
    } else {
      brown = 0.98f * brown + 0.1f * w;  // leaky, so it stays bounded
      out[i] = brown;
    }
  }
  return out;
}

bool IsAudioFile(const std::filesystem::path& p) {
  const std::string ext = AsciiLower(p.extension().string());
  return ext == ".wav" || ext == ".flac" || ext == ".ogg" || ext == ".opus" || ext == ".mp3";
}

}  // namespace

void AugmentConfig::Validate() const {
  for (double f : speed_perturb.factors) {
    if (!(f >= 0.5 && f <= 2.0)) Bad("speed_perturb.factors", "each factor must be in [0.5, 2.0], got " + FormatFixed(f, 3));
  }
  if (speed_perturb.enabled && speed_perturb.factors.empty()) Bad("speed_perturb.factors", "must not be empty");
  if (!(noise_aug.prob >= 0 && noise_aug.prob <= 1)) Bad("noise_aug.prob", "must be in [0, 1]");
  if (!(noise_aug.min_snr_db <= noise_aug.max_snr_db)) Bad("noise_aug.min_snr_db", "must be <= max_snr_db");
  if (!(std::isfinite(noise_aug.min_snr_db) && std::isfinite(noise_aug.max_snr_db))) Bad("noise_aug", "SNRs must be finite");
  if (!(noise_aug.max_noise_seconds > 0)) Bad("noise_aug.max_noise_seconds", "must be positive");
  if (!(vtlp.min_warp >= 0.5 && vtlp.max_warp <= 2.0 && vtlp.min_warp <= vtlp.max_warp)) {
    Bad("vtlp", "need 0.5 <= min_warp <= max_warp <= 2.0, got " + FormatFixed(vtlp.min_warp, 3) + " and " +
                    FormatFixed(vtlp.max_warp, 3));
  }
  if (!(vtlp.boundary_hz > 0 && std::isfinite(vtlp.boundary_hz))) Bad("vtlp.boundary_hz", "must be positive");
  if (spec_augment.freq_masks < 0 || spec_augment.time_masks < 0) Bad("spec_augment", "mask counts must be >= 0");
  if (spec_augment.freq_width < 0) Bad("spec_augment.freq_width", "must be >= 0");
  if (!(spec_augment.time_width >= 0)) Bad("spec_augment.time_width", "must be >= 0");
}

double DrawVtlpWarp(const VtlpConfig& config, std::mt19937_64& rng) {
  if (!config.enabled) return 1.0;
  return std::uniform_real_distribution<double>(config.min_warp, config.max_warp)(rng);
}

namespace {
// The last input frequency that is simply scaled by `warp`.
double VtlpKnee(double warp, double boundary_hz) { return boundary_hz * std::min(warp, 1.0) / warp; }
}  // namespace

double VtlpWarpHz(double hz, double warp, double boundary_hz, double nyquist_hz) {
  const double knee = VtlpKnee(warp, boundary_hz);
  if (hz <= knee) return hz * warp;
  return warp * knee + (hz - knee) * (nyquist_hz - warp * knee) / (nyquist_hz - knee);
}

double VtlpUnwarpHz(double hz, double warp, double boundary_hz, double nyquist_hz) {
  const double knee = VtlpKnee(warp, boundary_hz);
  if (hz <= warp * knee) return hz / warp;
  return knee + (hz - warp * knee) * (nyquist_hz - knee) / (nyquist_hz - warp * knee);
}

void CheckVtlpBoundary(double boundary_hz, int sample_rate) {
  if (!(boundary_hz < sample_rate / 2.0)) {
    Bad("vtlp.boundary_hz", "must be below the Nyquist frequency (" + std::to_string(sample_rate / 2) + " Hz), got " +
                                FormatFixed(boundary_hz, 0));
  }
}

at::Tensor WarpFilterbank(const at::Tensor& filterbank, int sample_rate, double warp, double boundary_hz) {
  if (warp == 1.0) return filterbank;
  CheckVtlpBoundary(boundary_hz, sample_rate);
  const double nyquist = sample_rate / 2.0;
  const int64_t bins = filterbank.size(-1);
  const double bin_hz = nyquist / static_cast<double>(bins - 1);
  std::vector<float> interp(static_cast<size_t>(bins * bins), 0.0f);  // [output bin, input bin]
  for (int64_t k = 0; k < bins; ++k) {
    // The input frequency that lands on output bin k.
    const double in_hz = VtlpUnwarpHz(static_cast<double>(k) * bin_hz, warp, boundary_hz, nyquist);
    const double x = std::clamp(in_hz / bin_hz, 0.0, static_cast<double>(bins - 1));
    const int64_t j = std::min<int64_t>(static_cast<int64_t>(x), bins - 2);
    const double frac = x - static_cast<double>(j);
    interp[static_cast<size_t>(k * bins + j)] += static_cast<float>(1.0 - frac);
    interp[static_cast<size_t>(k * bins + j + 1)] += static_cast<float>(frac);
  }
  const at::Tensor w = at::from_blob(interp.data(), {bins, bins}, at::kFloat).to(filterbank.device());
  return at::matmul(filterbank.to(at::kFloat), w);
}

double DrawSpeedFactor(const SpeedPerturbConfig& config, std::mt19937_64& rng) {
  if (!config.enabled || config.factors.empty()) return 1.0;
  return config.factors[std::uniform_int_distribution<size_t>(0, config.factors.size() - 1)(rng)];
}

std::vector<float> ApplySpeed(const std::vector<float>& samples, int sample_rate, double factor) {
  if (factor == 1.0) return samples;
  // Pretend the samples were taken at sample_rate * factor and bring them back to
  // sample_rate: 1/factor as many samples, everything factor times faster.
  return Resample(samples, static_cast<int>(std::lround(sample_rate * factor)), sample_rate);
}

NoiseSource::NoiseSource(const NoiseAugConfig& config, int sample_rate) : sample_rate_(sample_rate) {
  if (config.noise_dir.empty()) return;
  std::error_code ec;
  if (!std::filesystem::is_directory(config.noise_dir, ec)) {
    throw Error(ErrorCode::kNotFound, "augmentation.noise_aug.noise_dir '" + config.noise_dir + "' is not a folder");
  }
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(config.noise_dir, ec)) {
    if (e.is_regular_file() && IsAudioFile(e.path())) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  DecodeOptions opts;
  opts.target_sample_rate = sample_rate;
  double seconds = 0;
  for (const auto& f : files) {
    if (seconds >= config.max_noise_seconds) break;
    opts.max_duration_sec = std::max(1.0, config.max_noise_seconds - seconds);
    Audio a = DecodeAudioFile(f, opts);
    if (a.samples.empty()) continue;
    seconds += a.duration_sec();
    clips_.push_back(std::move(a.samples));
  }
  if (clips_.empty()) {
    throw Error(ErrorCode::kInvalidInput, "augmentation.noise_aug.noise_dir '" + config.noise_dir +
                                              "' holds no audio files (wav, flac, ogg, opus, mp3)");
  }
}

double NoiseSource::loaded_seconds() const {
  double s = 0;
  for (const auto& c : clips_) s += static_cast<double>(c.size()) / sample_rate_;
  return s;
}

std::vector<float> NoiseSource::Segment(size_t n, std::mt19937_64& rng) const {
  if (clips_.empty()) return GeneratedNoise(n, rng);
  const auto& clip = clips_[std::uniform_int_distribution<size_t>(0, clips_.size() - 1)(rng)];
  std::vector<float> out(n);
  size_t pos = std::uniform_int_distribution<size_t>(0, clip.size() - 1)(rng);
  for (size_t i = 0; i < n; ++i) {  // loops over the clip if it is shorter than n
    out[i] = clip[pos];
    pos = (pos + 1) % clip.size();
  }
  return out;
}

void AddNoiseAtSnr(std::vector<float>* samples, const std::vector<float>& noise, double snr_db) {
  const double ps = Power(*samples);
  const double pn = Power(noise);
  if (ps <= 0 || pn <= 0) return;
  const double scale = std::sqrt(ps / (pn * std::pow(10.0, snr_db / 10.0)));
  const size_t n = std::min(samples->size(), noise.size());
  for (size_t i = 0; i < n; ++i) (*samples)[i] += static_cast<float>(scale * noise[i]);
}

double MaybeAddNoise(std::vector<float>* samples, const NoiseAugConfig& config, const NoiseSource& source,
                     std::mt19937_64& rng) {
  if (!config.enabled || samples->empty()) return std::nan("");
  if (std::uniform_real_distribution<double>(0.0, 1.0)(rng) >= config.prob) return std::nan("");
  const double snr = std::uniform_real_distribution<double>(config.min_snr_db, config.max_snr_db)(rng);
  AddNoiseAtSnr(samples, source.Segment(samples->size(), rng), snr);
  return snr;
}

void ApplySpecAugment(at::Tensor features, int64_t valid_frames, const SpecAugmentConfig& config,
                      std::mt19937_64& rng) {
  if (!config.enabled || valid_frames <= 0) return;
  const int64_t n_mels = features.size(0);
  for (int m = 0; m < config.freq_masks; ++m) {
    const int64_t width = std::uniform_int_distribution<int64_t>(0, std::min<int64_t>(config.freq_width, n_mels))(rng);
    if (width == 0) continue;
    const int64_t start = std::uniform_int_distribution<int64_t>(0, n_mels - width)(rng);
    features.narrow(0, start, width).narrow(1, 0, valid_frames).fill_(config.mask_value);
  }
  const int64_t max_time = config.time_width < 1.0
                               ? static_cast<int64_t>(config.time_width * static_cast<double>(valid_frames))
                               : static_cast<int64_t>(config.time_width);
  for (int m = 0; m < config.time_masks; ++m) {
    const int64_t width = std::uniform_int_distribution<int64_t>(0, std::min(max_time, valid_frames))(rng);
    if (width == 0) continue;
    const int64_t start = std::uniform_int_distribution<int64_t>(0, valid_frames - width)(rng);
    features.narrow(1, start, width).fill_(config.mask_value);
  }
}

}  // namespace sori
