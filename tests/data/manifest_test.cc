#include "data/manifest.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

ManifestReadOptions Skip() {
  ManifestReadOptions o;
  o.on_error = OnError::kSkip;
  return o;
}

TEST(ManifestTest, ParsesAllFieldsAndResolvesRelativePaths) {
  const std::string text =
      "{\"audio_filepath\": \"wav/a.wav\", \"duration\": 1.25, \"text\": \"안녕하세요\", "
      "\"offset\": 0.5, \"lang\": \"ko\", \"speaker\": 17, \"emotion\": \"calm\"}\n"
      "\n"
      "{\"audio_filepath\": \"/abs/b.flac\", \"duration\": 3, \"text\": \"\"}\r\n";
  const Manifest m = ParseManifest(text, "m.jsonl", "/corpus", {});
  ASSERT_EQ(m.entries.size(), 2u);
  const ManifestEntry& a = m.entries[0];
  EXPECT_EQ(a.audio_filepath, "/corpus/wav/a.wav");
  EXPECT_DOUBLE_EQ(a.duration, 1.25);
  EXPECT_EQ(a.text, "안녕하세요");
  EXPECT_DOUBLE_EQ(a.offset, 0.5);
  EXPECT_EQ(a.lang.value(), "ko");
  EXPECT_EQ(a.speaker.value(), "17");
  EXPECT_EQ(a.extra["emotion"], "calm");
  EXPECT_EQ(a.line, 1);
  const ManifestEntry& b = m.entries[1];
  EXPECT_EQ(b.audio_filepath, "/abs/b.flac");
  EXPECT_EQ(b.line, 3);  // the blank line 2 is skipped but counted
  EXPECT_FALSE(b.speaker.has_value());
}

struct BadLine {
  const char* json;
  const char* needle;
};

class ManifestBadLineTest : public ::testing::TestWithParam<BadLine> {};

TEST_P(ManifestBadLineTest, ErrorNamesLineAndProblem) {
  const std::string text = std::string("{\"audio_filepath\": \"ok.wav\", \"duration\": 1, \"text\": \"x\"}\n") +
                           GetParam().json + "\n";
  try {
    ParseManifest(text, "train.jsonl", "/c", {});
    FAIL() << "expected an error for " << GetParam().json;
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(msg.find("train.jsonl"), std::string::npos) << msg;
    EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
    EXPECT_NE(msg.find(GetParam().needle), std::string::npos) << msg;
  }
  // Under kSkip the same line is reported and the good line kept.
  const Manifest m = ParseManifest(text, "train.jsonl", "/c", Skip());
  ASSERT_EQ(m.entries.size(), 1u);
  ASSERT_EQ(m.skipped.size(), 1u);
  EXPECT_EQ(m.skipped[0].line, 2);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ManifestBadLineTest,
    ::testing::Values(BadLine{"{not json", "invalid JSON"},
                      BadLine{"[1, 2]", "expected a JSON object"},
                      BadLine{"\"just a string\"", "expected a JSON object"},
                      BadLine{"{\"duration\": 1, \"text\": \"x\"}", "'audio_filepath'"},
                      BadLine{"{\"audio_filepath\": 5, \"duration\": 1, \"text\": \"x\"}", "'audio_filepath' must be a string"},
                      BadLine{"{\"audio_filepath\": \"  \", \"duration\": 1, \"text\": \"x\"}", "'audio_filepath' is empty"},
                      BadLine{"{\"audio_filepath\": \"a.wav\", \"text\": \"x\"}", "'duration'"},
                      BadLine{"{\"audio_filepath\": \"a.wav\", \"duration\": \"1.0\", \"text\": \"x\"}", "'duration' must be a number"},
                      BadLine{"{\"audio_filepath\": \"a.wav\", \"duration\": -2, \"text\": \"x\"}", ">= 0"},
                      BadLine{"{\"audio_filepath\": \"a.wav\", \"duration\": 1}", "'text'"},
                      BadLine{"{\"audio_filepath\": \"a.wav\", \"duration\": 1, \"text\": 3}", "'text' must be a string"},
                      BadLine{"{\"audio_filepath\": \"a.wav\", \"duration\": 1, \"text\": \"x\", \"offset\": -1}", "'offset'"},
                      BadLine{"{\"audio_filepath\": \"a.wav\", \"duration\": 1, \"text\": \"x\", \"speaker\": [1]}", "'speaker'"},
                      BadLine{"{\"audio_filepath\": \"a.wav\", \"duration\": 1, \"text\": \"\xff\xfe\"}", "invalid JSON"},
                      // Found by fuzz_manifest: a number too large for a double.
                      BadLine{"{\"audio_filepath\": \"a.wav\", \"duration\": 1e999, \"text\": \"x\"}", "number overflow"}));

TEST(ManifestTest, TextCanBeOptional) {
  ManifestReadOptions o;
  o.require_text = false;
  const Manifest m = ParseManifest("{\"audio_filepath\": \"a.wav\", \"duration\": 1}\n", "m", "/c", o);
  ASSERT_EQ(m.entries.size(), 1u);
  EXPECT_EQ(m.entries[0].text, "");
}

TEST(ManifestTest, OverlongLineIsRejectedNotParsed) {
  ManifestReadOptions o = Skip();
  o.max_line_bytes = 100;
  const std::string line = "{\"audio_filepath\": \"a.wav\", \"duration\": 1, \"text\": \"" + std::string(200, 'x') + "\"}";
  const Manifest m = ParseManifest(line, "m", "/c", o);
  ASSERT_EQ(m.skipped.size(), 1u);
  EXPECT_NE(m.skipped[0].message.find("longer than the limit"), std::string::npos);
}

TEST(ManifestTest, ReadMissingFileIsNotFound) {
  try {
    ReadManifest("/nonexistent/m.jsonl");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
}

TEST(ManifestTest, WriteAndReadBackRoundTrips) {
  test::TempDir dir;
  ManifestEntry a;
  a.audio_filepath = dir.File("wav/a.wav");
  a.text = "소리 \"quoted\" \\ text";
  a.duration = 2.5;
  a.speaker = "spk1";
  a.lang = "ko";
  a.extra["score"] = 0.5;
  ManifestEntry b;
  b.audio_filepath = "/elsewhere/b.wav";
  b.text = "b";
  b.duration = 1.0;
  b.offset = 3.0;
  const std::string path = dir.File("m.jsonl");
  WriteManifest(path, {a, b});
  // Paths inside the manifest folder are written relative to it, others stay absolute.
  const std::string written = test::RunCommand("cat " + test::ShellQuote(path)).out;
  EXPECT_NE(written.find("\"audio_filepath\":\"wav/a.wav\""), std::string::npos) << written;
  EXPECT_NE(written.find("\"/elsewhere/b.wav\""), std::string::npos) << written;

  const Manifest m = ReadManifest(path);
  ASSERT_EQ(m.entries.size(), 2u);
  EXPECT_EQ(m.entries[0].audio_filepath, a.audio_filepath);
  EXPECT_EQ(m.entries[0].text, a.text);
  EXPECT_EQ(m.entries[0].speaker, a.speaker);
  EXPECT_EQ(m.entries[0].extra["score"], 0.5);
  EXPECT_DOUBLE_EQ(m.entries[1].offset, 3.0);
}

TEST(ManifestTest, ParseOnError) {
  EXPECT_EQ(ParseOnError("skip"), OnError::kSkip);
  EXPECT_EQ(ParseOnError("fail"), OnError::kFail);
  EXPECT_THROW(ParseOnError("ignore"), Error);
}

}  // namespace
}  // namespace sori
