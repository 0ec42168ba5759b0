#include "data/manifest_check.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include "support/audio_fixtures.h"
#include <fstream>

#include "audio/reader.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

class ManifestCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::SineSpec spec;
    spec.seconds = 1.0;
    ASSERT_TRUE(test::WriteSine(dir_.File("good.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, spec));
    spec.seconds = 3.0;
    ASSERT_TRUE(test::WriteSine(dir_.File("long.flac"), SF_FORMAT_FLAC | SF_FORMAT_PCM_16, spec));
    dir_.Write("corrupt.wav", "RIFF....WAVEjunk");
    std::string cut = test::MakeWavBytes(16000, 1, 16, std::vector<int16_t>(16000, 100));
    cut.resize(cut.size() / 2);
    dir_.Write("cut.wav", cut);
  }

  Manifest Read(const std::string& text) {
    const std::string path = dir_.Write("m.jsonl", text);
    ManifestReadOptions o;
    o.on_error = OnError::kSkip;
    return ReadManifest(path, o);
  }

  ManifestCheckOptions Options() {
    ManifestCheckOptions o;
    o.threads = 2;
    o.show_progress = false;
    o.decode.max_duration_sec = 2.0;
    return o;
  }

  test::TempDir dir_;
};

TEST_F(ManifestCheckTest, EveryProblemIsReportedWithItsReasonAndLine) {
  const Manifest m = Read(
      "{\"audio_filepath\": \"good.wav\", \"duration\": 1.0, \"text\": \"ok\"}\n"           // 1 ok
      "{\"audio_filepath\": \"missing.wav\", \"duration\": 1.0, \"text\": \"x\"}\n"         // 2 missing
      "{\"audio_filepath\": \"corrupt.wav\", \"duration\": 1.0, \"text\": \"x\"}\n"         // 3 undecodable
      "{\"audio_filepath\": \"cut.wav\", \"duration\": 1.0, \"text\": \"x\"}\n"             // 4 truncated
      "{\"audio_filepath\": \"long.flac\", \"duration\": 3.0, \"text\": \"x\"}\n"           // 5 too long
      "{\"audio_filepath\": \"good.wav\", \"duration\": 2.0, \"text\": \"x\"}\n"            // 6 mismatch
      "{\"audio_filepath\": \"good.wav\", \"duration\": 1.0, \"text\": \"  \"}\n"           // 7 empty text
      "this is not json\n"                                                                  // 8 invalid
      "{\"audio_filepath\": \"long.flac\", \"duration\": 1.5, \"offset\": 1.0, \"text\": \"seg\"}\n");  // 9 ok segment
  const ManifestCheckReport r = CheckManifest(m, Options());
  EXPECT_EQ(r.utterances, 9);
  EXPECT_EQ(r.ok, 3);  // lines 1, 7 (empty text is only a warning) and 9
  EXPECT_NEAR(r.ok_hours * 3600, 1.0 + 1.0 + 1.5, 1e-6);
  EXPECT_EQ(r.failures(), 6);
  const std::vector<std::pair<int64_t, CheckReason>> expected = {
      {2, CheckReason::kMissingAudio},     {3, CheckReason::kUndecodable},
      {4, CheckReason::kUndecodable},      {5, CheckReason::kTooLong},
      {6, CheckReason::kDurationMismatch}, {7, CheckReason::kEmptyText},
      {8, CheckReason::kInvalidLine}};
  ASSERT_EQ(r.problems.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r.problems[i].line, expected[i].first);
    EXPECT_EQ(r.problems[i].reason, expected[i].second) << r.problems[i].message;
  }
  EXPECT_NE(r.problems[2].message.find("truncated"), std::string::npos);
  EXPECT_EQ(r.counts.at(CheckReason::kUndecodable), 2);
}

TEST_F(ManifestCheckTest, AManifestWithoutUtterancesIsAFailure) {
  for (const char* text : {"", "\n \n\t\n"}) {
    const ManifestCheckReport r = CheckManifest(Read(text), Options());
    EXPECT_EQ(r.utterances, 0);
    EXPECT_EQ(r.failures(), 1);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].reason, CheckReason::kNoUtterances);
    EXPECT_EQ(r.problems[0].line, 0);
    EXPECT_EQ(r.problems[0].message, "manifest '" + dir_.File("m.jsonl") +
                                         "' has no utterances (it is empty or has only blank lines)");
  }
  // Lines that do not parse are utterances that failed, not an empty manifest.
  const ManifestCheckReport broken = CheckManifest(Read("not json\n"), Options());
  ASSERT_EQ(broken.problems.size(), 1u);
  EXPECT_EQ(broken.problems[0].reason, CheckReason::kInvalidLine);
}

TEST_F(ManifestCheckTest, FsddSubsetChecksClean) {
  const std::string fsdd = test::SharedDataDir() + "/fsdd";
  if (!std::ifstream(fsdd + "/0_jackson_0.wav")) GTEST_SKIP() << "FSDD not found at " << fsdd;
  std::string text;
  for (const char* name : {"0_jackson_0", "5_nicolas_12", "9_theo_30", "8_yweweler_49"}) {
    const AudioInfo info = ProbeAudioFile(fsdd + "/" + name + ".wav");
    text += "{\"audio_filepath\": \"" + fsdd + "/" + name + ".wav\", \"duration\": " +
            std::to_string(info.duration_sec) + ", \"text\": \"digit\"}\n";
  }
  const ManifestCheckReport r = CheckManifest(Read(text), Options());
  EXPECT_EQ(r.ok, 4);
  EXPECT_EQ(r.failures(), 0);
}

}  // namespace
}  // namespace sori
