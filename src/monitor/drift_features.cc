#include "monitor/drift_features.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace sori {
namespace {

constexpr const char* kDriftFeatureNames[kDriftFeatureCount] = {
    "duration_seconds",     "rms_dbfs",            "clipping_ratio",    "snr_db",          "bandwidth_hz",
    "speech_ratio",         "mean_word_confidence", "min_word_confidence", "tokens_per_second", "empty_transcript"};

bool IsBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

double& At(DriftSample* sample, DriftFeature f) { return (*sample)[static_cast<size_t>(f)]; }

}  // namespace

const char* DriftFeatureName(DriftFeature f) { return kDriftFeatureNames[static_cast<int>(f)]; }

std::optional<DriftFeature> DriftFeatureFromName(const std::string& name) {
  for (int i = 0; i < kDriftFeatureCount; ++i) {
    if (name == kDriftFeatureNames[i]) return static_cast<DriftFeature>(i);
  }
  return std::nullopt;
}

void MeasureTranscript(const Transcript& t, DriftSample* sample) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0, min = nan;
  for (const Word& w : t.words) {
    sum += w.confidence;
    min = std::isnan(min) ? w.confidence : std::min<double>(min, w.confidence);
  }
  At(sample, DriftFeature::kMeanWordConfidence) = t.words.empty() ? nan : sum / static_cast<double>(t.words.size());
  At(sample, DriftFeature::kMinWordConfidence) = min;
  // Stitched long audio has words but no tokens (see drift_features.h): unknown, not 0.
  const bool tokens_lost = t.hypothesis.tokens.empty() && !t.words.empty();
  double tokens_per_second = 0.0;
  if (tokens_lost) {
    tokens_per_second = nan;
  } else if (t.audio_seconds > 0.0) {
    tokens_per_second = static_cast<double>(t.hypothesis.tokens.size()) / t.audio_seconds;
  }
  At(sample, DriftFeature::kTokensPerSecond) = tokens_per_second;
  At(sample, DriftFeature::kEmptyTranscript) = IsBlank(t.text) ? 1.0 : 0.0;
}

DriftSample MakeDriftSample(const AudioFeatureMeter::Result& audio, const Transcript& t) {
  DriftSample s{};
  At(&s, DriftFeature::kDurationSeconds) = audio.duration_seconds;
  At(&s, DriftFeature::kRmsDbfs) = audio.rms_dbfs;
  At(&s, DriftFeature::kClippingRatio) = audio.clipping_ratio;
  At(&s, DriftFeature::kSnrDb) = audio.snr_db;
  At(&s, DriftFeature::kBandwidthHz) = audio.bandwidth_hz;
  At(&s, DriftFeature::kSpeechRatio) = audio.speech_ratio;
  MeasureTranscript(t, &s);
  return s;
}

}  // namespace sori
