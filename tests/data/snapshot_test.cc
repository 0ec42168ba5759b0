#include "data/snapshot.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include "support/audio_fixtures.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::WriteSine(dir_.File("a.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, test::SineSpec{}));
    test::SineSpec s;
    s.frequency = 880;
    ASSERT_TRUE(test::WriteSine(dir_.File("b.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, s));
  }
  Manifest Make(const std::string& text_b = "bee") {
    return ParseManifest("{\"audio_filepath\": \"a.wav\", \"duration\": 1.0, \"text\": \"ay\", \"speaker\": \"s1\"}\n"
                         "{\"audio_filepath\": \"b.wav\", \"duration\": 1.0, \"text\": \"" + text_b + "\"}\n",
                         "m", dir_.path(), {});
  }
  test::TempDir dir_;
};

TEST_F(SnapshotTest, StableAndSummed) {
  const DatasetHash a = HashDataset(Make(), 2, false);
  const DatasetHash b = HashDataset(Make(), 1, false);
  EXPECT_EQ(a.hash.size(), 64u);
  EXPECT_EQ(a.hash, b.hash);  // thread count does not matter
  EXPECT_EQ(a.utterances, 2);
  EXPECT_NEAR(a.hours, 2.0 / 3600.0, 1e-12);
  EXPECT_EQ(a.audio_bytes, 2 * (44 + 32000));
}

TEST_F(SnapshotTest, OneAudioByteChangesTheHash) {
  const std::string before = HashDataset(Make(), 1, false).hash;
  std::string bytes = test::ReadBytes(dir_.File("b.wav"));
  bytes[1000] = static_cast<char>(bytes[1000] ^ 1);
  test::WriteBytes(dir_.File("b.wav"), bytes);
  EXPECT_NE(HashDataset(Make(), 1, false).hash, before);
}

TEST_F(SnapshotTest, TranscriptChangesTheHashLocationDoesNot) {
  const std::string before = HashDataset(Make(), 1, false).hash;
  EXPECT_NE(HashDataset(Make("bea"), 1, false).hash, before);
  // The same corpus in another folder keeps its hash.
  test::TempDir other;
  test::WriteBytes(other.File("a.wav"), test::ReadBytes(dir_.File("a.wav")));
  test::WriteBytes(other.File("b.wav"), test::ReadBytes(dir_.File("b.wav")));
  const Manifest moved =
      ParseManifest("{\"audio_filepath\": \"a.wav\", \"duration\": 1.0, \"text\": \"ay\", \"speaker\": \"s1\"}\n"
                    "{\"audio_filepath\": \"b.wav\", \"duration\": 1.0, \"text\": \"bee\"}\n",
                    "m", other.path(), {});
  EXPECT_EQ(HashDataset(moved, 1, false).hash, before);
}

TEST_F(SnapshotTest, MissingAudioNamesTheFile) {
  const Manifest m = ParseManifest("{\"audio_filepath\": \"gone.wav\", \"duration\": 1.0, \"text\": \"x\"}\n", "m",
                                   dir_.path(), {});
  try {
    HashDataset(m, 1, false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("gone.wav"), std::string::npos);
  }
}

}  // namespace
}  // namespace sori
