// BaselineFromManifest over generated WAVs with the infer tests' tiny random-weight model
// (built once for the suite, about a second): plumbing, not accuracy.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "../infer/tiny_package.h"
#include "audio/writer.h"
#include "monitor/baseline_builder.h"
#include "support/error_code.h"

namespace sori {
namespace {

class BaselineFromManifestTest : public test::TinyModelTest {
 protected:
  // Entries of `seconds` each, written as WAVs into the suite's folder.
  static Manifest MakeManifest(const std::vector<double>& seconds) {
    Manifest m;
    m.path = dir_->File("val.jsonl");
    for (size_t i = 0; i < seconds.size(); ++i) {
      ManifestEntry e;
      e.audio_filepath = dir_->File("utt" + std::to_string(i) + ".wav");
      e.duration = seconds[i];
      e.line = static_cast<int64_t>(i) + 1;
      WriteWav(e.audio_filepath, Audio{test::TestSignal(seconds[i], static_cast<unsigned>(i)), 16000});
      m.entries.push_back(e);
    }
    return m;
  }
};

TEST_F(BaselineFromManifestTest, OneSamplePerUtterance) {
  // The 9 s utterance is longer than one segment: it goes through TranscribeLong.
  const Manifest m = MakeManifest({1.0, 1.5, 0.7, 2.0, 9.0});
  std::vector<std::pair<size_t, size_t>> calls;
  const DriftBaseline b = BaselineFromManifest(*recognizer_, m, {}, 2, [&](size_t done, size_t total) {
    calls.emplace_back(done, total);
  });
  EXPECT_EQ(b.samples, 5);
  EXPECT_EQ(b.source, m.path);
  EXPECT_EQ((calls), (std::vector<std::pair<size_t, size_t>>{{2, 5}, {4, 5}, {5, 5}}));
  const FeatureBaseline& duration = b.features[static_cast<int>(DriftFeature::kDurationSeconds)];
  EXPECT_EQ(duration.count, 5);
  EXPECT_NEAR(duration.mean, (1.0 + 1.5 + 0.7 + 2.0 + 9.0) / 5, 1e-9);
  EXPECT_EQ(b.features[static_cast<int>(DriftFeature::kEmptyTranscript)].count, 5);
  EXPECT_GE(b.features[static_cast<int>(DriftFeature::kTokensPerSecond)].count, 4);
}

TEST_F(BaselineFromManifestTest, AudioThatDoesNotLoadIsNamed) {
  Manifest m = MakeManifest({1.0});
  ManifestEntry missing = m.entries[0];
  missing.audio_filepath = dir_->File("missing.wav");
  missing.line = 2;
  m.entries.push_back(missing);
  std::string message;
  EXPECT_EQ(test::ErrorCodeOf([&] { BaselineFromManifest(*recognizer_, m, {}); }, &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("missing.wav"), std::string::npos) << message;
  EXPECT_NE(message.find("line 2"), std::string::npos) << message;
  EXPECT_EQ(test::ErrorCodeOf([&] { BaselineFromManifest(*recognizer_, m, {}, 0); }), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace sori
