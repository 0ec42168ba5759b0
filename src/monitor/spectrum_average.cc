#include "monitor/spectrum_average.h"

#include <algorithm>
#include <cmath>

namespace sori {
namespace {

constexpr int64_t kDenseFrames = 24000;  // 4 minutes of 10 ms hops analysed densely
constexpr int64_t kDenseStride = 4;
constexpr int64_t kSparseStride = 40;
constexpr size_t kBands = 64;
constexpr double kBandwidthFloorDb = 60.0;
// Per analysed frame, a band below this is silence (a full-scale tone peaks near 1e4,
// so this is ~140 dB down): rounding left over from removing a constant must not count.
constexpr double kSilentBandPower = 1e-10;

size_t FftSizeFor(size_t frame_length) {
  size_t n = 512;
  while (n < frame_length) n <<= 1;
  return n;
}

}  // namespace

SpectrumAverage::SpectrumAverage(int sample_rate, size_t frame_length)
    : sample_rate_(sample_rate),
      frame_length_(frame_length),
      fft_(FftSizeFor(frame_length)),
      window_(frame_length),
      power_sum_(fft_.size() / 2 + 1, 0.0),
      padded_(fft_.size(), 0.0) {
  // Symmetric Hann over the frame; the zero padding after it is left untouched.
  for (size_t i = 0; i < frame_length; ++i) {
    window_[i] = 0.5 - 0.5 * std::cos(2.0 * M_PI * static_cast<double>(i) / static_cast<double>(frame_length - 1));
  }
}

bool SpectrumAverage::Analyses(int64_t frame_index) {
  return frame_index % (frame_index < kDenseFrames ? kDenseStride : kSparseStride) == 0;
}

void SpectrumAverage::AddFrame(const float* frame) {
  double mean = 0.0;
  for (size_t i = 0; i < frame_length_; ++i) mean += frame[i];
  mean /= static_cast<double>(frame_length_);
  for (size_t i = 0; i < frame_length_; ++i) padded_[i] = (frame[i] - mean) * window_[i];
  fft_.PowerSpectrum(padded_, &power_);
  for (size_t k = 0; k < power_.size(); ++k) power_sum_[k] += power_[k];
  frames_++;
}

double SpectrumAverage::BandwidthHz() const {
  const size_t bins_per_band = (power_sum_.size() - 1) / kBands;  // fft_size / 128
  std::vector<double> bands(kBands, 0.0);
  for (size_t b = 0; b < kBands; ++b) {
    for (size_t k = 1 + b * bins_per_band; k <= (b + 1) * bins_per_band; ++k) bands[b] += power_sum_[k];
  }
  const double peak = *std::max_element(bands.begin(), bands.end());
  if (frames_ == 0 || !(peak > kSilentBandPower * static_cast<double>(frames_))) return 0.0;
  const double floor = peak * std::pow(10.0, -kBandwidthFloorDb / 10.0);
  size_t top = 0;
  for (size_t b = 0; b < kBands; ++b) {
    if (bands[b] >= floor) top = b;
  }
  return static_cast<double>(sample_rate_) / 2.0 * static_cast<double>(top + 1) / static_cast<double>(kBands);
}

}  // namespace sori
