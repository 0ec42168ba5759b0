#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "audio/resampler.h"
#include "monitor/drift_features.h"
#include "speech_signal.h"

namespace sori {
namespace {

using test::kSpeechRate;

AudioFeatureMeter::Result Measure(const std::vector<float>& x, size_t chunk = 0) {
  AudioFeatureMeter meter(kSpeechRate);
  if (chunk == 0) chunk = x.size();
  for (size_t i = 0; i < x.size(); i += chunk) meter.Add(x.data() + i, std::min(chunk, x.size() - i));
  return meter.Finish();
}

void Print(const char* name, const AudioFeatureMeter::Result& r) {
  std::printf("%-8s duration %.3f s, rms %.2f dBFS, clipping %.4f, snr %.1f dB, bandwidth %.0f Hz, speech %.3f\n", name,
              r.duration_seconds, r.rms_dbfs, r.clipping_ratio, r.snr_db, r.bandwidth_hz, r.speech_ratio);
}

class SpeechFeatures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { signal_ = new std::vector<float>(test::SpeechLikeSignal(8.0)); }
  static void TearDownTestSuite() { delete signal_; }
  static const std::vector<float>& signal() { return *signal_; }
  static inline std::vector<float>* signal_ = nullptr;
};

TEST_F(SpeechFeatures, ChunkingDoesNotChangeAnything) {
  const AudioFeatureMeter::Result whole = Measure(signal());
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{4097}}) {
    const AudioFeatureMeter::Result r = Measure(signal(), chunk);
    EXPECT_NEAR(r.duration_seconds, whole.duration_seconds, 1e-9) << chunk;
    EXPECT_NEAR(r.rms_dbfs, whole.rms_dbfs, 1e-9) << chunk;
    EXPECT_NEAR(r.clipping_ratio, whole.clipping_ratio, 1e-9) << chunk;
    EXPECT_NEAR(r.snr_db, whole.snr_db, 1e-9) << chunk;
    EXPECT_NEAR(r.bandwidth_hz, whole.bandwidth_hz, 1e-9) << chunk;
    EXPECT_NEAR(r.speech_ratio, whole.speech_ratio, 1e-9) << chunk;
  }
}

TEST_F(SpeechFeatures, CleanSpeech) {
  const AudioFeatureMeter::Result r = Measure(signal());
  Print("clean", r);
  EXPECT_DOUBLE_EQ(r.duration_seconds, 8.0);
  EXPECT_NEAR(r.rms_dbfs, 10.0 * std::log10(test::MeanSquare(signal())), 1e-9);
  EXPECT_EQ(r.clipping_ratio, 0.0);
  EXPECT_GT(r.snr_db, 60.0);  // digital silence in the pauses
  EXPECT_GT(r.bandwidth_hz, 5000.0);
  EXPECT_LE(r.bandwidth_hz, 8000.0);
  // Pauses are 25% of the time, and the syllables' quiet edges fall under the margin.
  EXPECT_GT(r.speech_ratio, 0.4);
  EXPECT_LT(r.speech_ratio, 0.8);
}

TEST_F(SpeechFeatures, ClippedSpeechScoresHigh) {
  const AudioFeatureMeter::Result r = Measure(test::Clipped(signal(), 8.0f));
  Print("clipped", r);
  EXPECT_GT(r.clipping_ratio, 0.2);
}

TEST_F(SpeechFeatures, NoiseInThePausesLowersSnrAndSpeechRatio) {
  const AudioFeatureMeter::Result clean = Measure(signal());
  const AudioFeatureMeter::Result r = Measure(test::WithWhiteNoise(signal(), 10.0));
  Print("noise10", r);
  EXPECT_LT(r.snr_db, 25.0);
  EXPECT_LT(r.snr_db, clean.snr_db - 30.0);
  EXPECT_GT(std::fabs(r.speech_ratio - clean.speech_ratio), 0.1);
  EXPECT_NEAR(r.rms_dbfs, clean.rms_dbfs + 10.0 * std::log10(1.1), 0.1);  // signal + noise power
}

TEST_F(SpeechFeatures, AudioThroughEightKilohertzLosesTheTopBand) {
  const std::vector<float> narrow = Resample(Resample(signal(), kSpeechRate, 8000), 8000, kSpeechRate);
  const AudioFeatureMeter::Result r = Measure(narrow);
  Print("via8k", r);
  EXPECT_LE(r.bandwidth_hz, 4000.0);
  EXPECT_GT(r.bandwidth_hz, 2000.0);
}

TEST(AudioFeatureMeter, SineHasTheHandComputedRmsAndNoDynamics) {
  std::vector<float> x(16000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * 1000.0 * static_cast<double>(i) / 16000));
  const AudioFeatureMeter::Result r = Measure(x);
  EXPECT_NEAR(r.rms_dbfs, 20 * std::log10(0.5 / std::sqrt(2.0)), 1e-3);  // -9.03 dBFS
  EXPECT_EQ(r.snr_db, 0.0);          // every frame equally loud
  EXPECT_EQ(r.speech_ratio, 0.0);    // nothing rises above the floor
  EXPECT_GT(r.bandwidth_hz, 1000.0);  // the tone's band, plus the window's leakage
  EXPECT_LT(r.bandwidth_hz, 1600.0);
}

TEST(AudioFeatureMeter, SilenceAndShortInput) {
  AudioFeatureMeter meter(kSpeechRate);
  AudioFeatureMeter::Result r = meter.Finish();
  EXPECT_EQ(r.duration_seconds, 0.0);
  EXPECT_EQ(r.rms_dbfs, -120.0);
  EXPECT_EQ(r.bandwidth_hz, 0.0);
  meter.Add(std::vector<float>(100, 0.25f));  // shorter than one 25 ms frame
  r = meter.Finish();
  EXPECT_DOUBLE_EQ(r.duration_seconds, 100.0 / kSpeechRate);
  EXPECT_NEAR(r.rms_dbfs, 20 * std::log10(0.25), 1e-9);
  EXPECT_EQ(r.snr_db, 0.0);
  EXPECT_EQ(r.speech_ratio, 0.0);
  AudioFeatureMeter silent(kSpeechRate);
  silent.Add(std::vector<float>(16000, 0.1f));  // frames, but a constant: its mean is removed
  EXPECT_EQ(silent.Finish().bandwidth_hz, 0.0);
  EXPECT_EQ(silent.Finish().snr_db, 0.0);
}

TEST(DriftFeatures, NamesRoundTrip) {
  for (int i = 0; i < kDriftFeatureCount; ++i) {
    const auto f = static_cast<DriftFeature>(i);
    EXPECT_EQ(DriftFeatureFromName(DriftFeatureName(f)), f);
  }
  EXPECT_STREQ(DriftFeatureName(DriftFeature::kSnrDb), "snr_db");
  EXPECT_STREQ(DriftFeatureName(DriftFeature::kEmptyTranscript), "empty_transcript");
  EXPECT_FALSE(DriftFeatureFromName("snr").has_value());
}

TEST(DriftFeatures, TranscriptFeatures) {
  Transcript t;
  t.text = "ab cd";
  t.audio_seconds = 2.0;
  t.words = {{"ab", 0.0, 0.5, 0.9f}, {"cd", 0.5, 1.0, 0.5f}};
  t.hypothesis.tokens = {1, 2, 3, 4, 5};
  DriftSample s{};
  MeasureTranscript(t, &s);
  EXPECT_NEAR(s[static_cast<int>(DriftFeature::kMeanWordConfidence)], 0.7, 1e-6);
  EXPECT_NEAR(s[static_cast<int>(DriftFeature::kMinWordConfidence)], 0.5, 1e-6);
  EXPECT_DOUBLE_EQ(s[static_cast<int>(DriftFeature::kTokensPerSecond)], 2.5);
  EXPECT_EQ(s[static_cast<int>(DriftFeature::kEmptyTranscript)], 0.0);

  Transcript empty;
  empty.text = " ";
  empty.audio_seconds = 1.0;
  const DriftSample e = MakeDriftSample(AudioFeatureMeter::Result{1.0, -20.0, 0.0, 30.0, 7000.0, 0.5}, empty);
  EXPECT_TRUE(std::isnan(e[static_cast<int>(DriftFeature::kMeanWordConfidence)]));
  EXPECT_TRUE(std::isnan(e[static_cast<int>(DriftFeature::kMinWordConfidence)]));
  EXPECT_EQ(e[static_cast<int>(DriftFeature::kTokensPerSecond)], 0.0);
  EXPECT_EQ(e[static_cast<int>(DriftFeature::kEmptyTranscript)], 1.0);
  EXPECT_EQ(e[static_cast<int>(DriftFeature::kBandwidthHz)], 7000.0);
  EXPECT_EQ(e[static_cast<int>(DriftFeature::kSpeechRatio)], 0.5);

  t.hypothesis.tokens.clear();  // stitched long audio: tokens unknown
  MeasureTranscript(t, &s);
  EXPECT_TRUE(std::isnan(s[static_cast<int>(DriftFeature::kTokensPerSecond)]));
}

}  // namespace
}  // namespace sori
