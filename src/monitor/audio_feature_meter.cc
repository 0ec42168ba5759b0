// AudioFeatureMeter: the input half of drift_features.h.
#include <algorithm>
#include <cmath>
#include <string>

#include "monitor/drift_features.h"
#include "util/error.h"

namespace sori {
namespace {

constexpr double kClipLevel = 0.99;   // see clipping_ratio in drift_features.h
constexpr double kFloorDb = -120.0;
constexpr double kMinSpeechMarginDb = 6.0;
constexpr double kSpeechMarginOfSnr = 0.3;
// Carried-over samples are compacted once this many are consumed, so a stream of tiny
// chunks does not move the buffer on every call.
constexpr size_t kCompactAfter = 8192;

double PowerDb(double mean_square) {
  return mean_square > 0.0 ? std::max(kFloorDb, 10.0 * std::log10(mean_square)) : kFloorDb;
}

int CheckedRate(int sample_rate) {
  if (sample_rate < 1000) {
    throw Error(ErrorCode::kInvalidInput,
                "AudioFeatureMeter: sample_rate must be >= 1000 Hz, got " + std::to_string(sample_rate));
  }
  return sample_rate;
}

}  // namespace

AudioFeatureMeter::AudioFeatureMeter(int sample_rate)
    : sample_rate_(CheckedRate(sample_rate)),
      frame_length_(static_cast<size_t>(sample_rate) * 25 / 1000),
      hop_(static_cast<size_t>(sample_rate) / 100),
      spectrum_(sample_rate, frame_length_) {}

void AudioFeatureMeter::Add(const float* samples, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const double x = samples[i];
    sum_squares_ += x * x;
    if (std::fabs(x) >= kClipLevel) clipped_++;
  }
  samples_ += static_cast<int64_t>(n);
  pending_.insert(pending_.end(), samples, samples + n);
  ConsumeFrames();
}

// Every complete frame in pending_, in order; the tail that later frames still need stays.
void AudioFeatureMeter::ConsumeFrames() {
  while (pending_.size() - pending_start_ >= frame_length_) {
    const float* frame = pending_.data() + pending_start_;
    double energy = 0.0;
    for (size_t i = 0; i < frame_length_; ++i) energy += static_cast<double>(frame[i]) * frame[i];
    energies_.Add(PowerDb(energy / static_cast<double>(frame_length_)));
    if (SpectrumAverage::Analyses(frames_)) spectrum_.AddFrame(frame);
    frames_++;
    pending_start_ += hop_;
  }
  if (pending_start_ >= kCompactAfter || pending_start_ >= pending_.size()) {
    const size_t drop = std::min(pending_start_, pending_.size());
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(drop));
    pending_start_ -= drop;
  }
}

AudioFeatureMeter::Result AudioFeatureMeter::Finish() const {
  Result r{};
  r.duration_seconds = static_cast<double>(samples_) / sample_rate_;
  r.rms_dbfs = samples_ > 0 ? PowerDb(sum_squares_ / static_cast<double>(samples_)) : kFloorDb;
  r.clipping_ratio = samples_ > 0 ? static_cast<double>(clipped_) / static_cast<double>(samples_) : 0.0;
  if (frames_ > 0) {
    const double floor = energies_.Percentile(0.10);
    r.snr_db = std::clamp(energies_.Percentile(0.95) - floor, 0.0, 100.0);
    r.speech_ratio = energies_.FractionAbove(floor + std::max(kMinSpeechMarginDb, kSpeechMarginOfSnr * r.snr_db));
  }
  r.bandwidth_hz = spectrum_.BandwidthHz();
  return r;
}

}  // namespace sori
