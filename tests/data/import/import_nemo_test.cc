#include <gtest/gtest.h>

#include "data/import/import.h"
#include "data/import/import_fixtures.h"
#include "util/error.h"

namespace sori {
namespace {

class NemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::WriteWav(dir_, "wav/good.wav", 16000);   // 1 s
    test::WriteWav(dir_, "wav/long.wav", 48000);   // 3 s
    test::WriteWav(dir_, "wav/close.wav", 16800);  // 1.05 s
    test::WriteWav(dir_, "wav/other.wav", 16000);
    test::WriteWav(dir_, "wav/silent.wav", 16000);
    dir_.Write("wav/corrupt.wav", "RIFF....WAVEjunk");
    manifest_ = dir_.Write(
        "m.jsonl",
        "{\"audio_filepath\": \"wav/good.wav\", \"duration\": 1.0, \"text\": \"Hello  there\", "
        "\"speaker\": \"s1\", \"lang\": \"en\", \"corpus\": \"demo\"}\n"                              // 1
        "\n"                                                                                       // 2
        "this is not json\n"                                                                       // 3
        "{\"audio_filepath\": \"wav/missing.wav\", \"duration\": 1.0, \"text\": \"x\"}\n"          // 4
        "{\"audio_filepath\": \"wav/other.wav\", \"duration\": 2.0, \"text\": \"too long\"}\n"      // 5
        "{\"audio_filepath\": \"wav/long.wav\", \"duration\": 1.5, \"offset\": 1.0, \"text\": \"Segment\"}\n"  // 6
        "{\"audio_filepath\": \"wav/long.wav\", \"duration\": 1.0, \"offset\": 2.5, \"text\": \"past\"}\n"     // 7
        "{\"audio_filepath\": \"wav/silent.wav\", \"duration\": 1.0, \"text\": \"\"}\n"              // 8
        "{\"audio_filepath\": \"wav/close.wav\", \"duration\": 1.0, \"text\": \"close\"}\n"        // 9
        "{\"audio_filepath\": \"wav/long.wav\", \"duration\": 0.5, \"offset\": 2.0, \"text\": \"a\"}\n"   // 10
        "{\"audio_filepath\": \"wav/long.wav\", \"duration\": 0.5, \"offset\": 2.0, \"text\": \"b\"}\n"   // 11
        "{\"duration\": 1.0, \"text\": \"no path\"}\n"                                             // 12
        "{\"audio_filepath\": \"wav/corrupt.wav\", \"duration\": 1.0, \"text\": \"x\"}\n");        // 13
  }
  test::TempDir dir_;
  std::string manifest_;
};

TEST_F(NemoTest, RechecksEveryLineAndKeepsTheManifestOrder) {
  const ImportResult r = ImportCorpus("nemo", manifest_, test::QuietOptions());
  ASSERT_EQ(r.entries.size(), 3u) << test::Describe(r);
  const ManifestEntry& a = r.entries[0];
  EXPECT_EQ(a.audio_filepath, dir_.File("wav/good.wav"));
  EXPECT_EQ(a.text, "Hello  there");  // kept as it is without a lang
  EXPECT_DOUBLE_EQ(a.duration, 1.0);
  EXPECT_EQ(a.speaker, "s1");
  EXPECT_EQ(a.lang, "en");
  EXPECT_EQ(a.extra, nlohmann::ordered_json({{"corpus", "demo"}}));  // no id added
  EXPECT_EQ(a.line, 1);
  const ManifestEntry& b = r.entries[1];
  EXPECT_EQ(b.audio_filepath, dir_.File("wav/long.wav"));
  EXPECT_DOUBLE_EQ(b.offset, 1.0);
  EXPECT_DOUBLE_EQ(b.duration, 1.5);
  const ManifestEntry& c = r.entries[2];
  EXPECT_EQ(c.audio_filepath, dir_.File("wav/close.wav"));
  EXPECT_DOUBLE_EQ(c.duration, 1.05);  // within 0.1 s: the measured duration

  const std::string m = manifest_;
  EXPECT_NE(test::ReasonFor(r, m + ":3").find("invalid JSON"), std::string::npos) << test::Describe(r);
  EXPECT_NE(test::ReasonFor(r, m + ":4").find("cannot open audio file"), std::string::npos);
  EXPECT_EQ(test::ReasonFor(r, m + ":5"), "manifest says 2.000 s, audio is 1.000 s");
  EXPECT_EQ(test::ReasonFor(r, m + ":7"),
            "manifest segment ends at 3.500 s (offset 2.500 s + duration 1.000 s), audio is 3.000 s");
  EXPECT_EQ(test::ReasonFor(r, m + ":8"), "transcript is empty");
  const std::string dup = "duplicate utterance id '" + dir_.File("wav/long.wav") + "@2.000'";
  EXPECT_EQ(test::ReasonFor(r, m + ":10"), dup + " (also at " + m + ":11); every copy is skipped");
  EXPECT_EQ(test::ReasonFor(r, m + ":11"), dup + " (also at " + m + ":10); every copy is skipped");
  EXPECT_EQ(test::ReasonFor(r, m + ":12"), "missing field 'audio_filepath'");
  EXPECT_NE(test::ReasonFor(r, m + ":13").find("'" + dir_.File("wav/corrupt.wav") + "': "),
            std::string::npos)
      << test::Describe(r);
  EXPECT_EQ(r.skipped.size(), 9u) << test::Describe(r);
}

TEST_F(NemoTest, LangNormalizesTheText) {
  ImportOptions o = test::QuietOptions();
  o.lang = "en";
  const ImportResult r = ImportCorpus("nemo", manifest_, o);
  ASSERT_EQ(r.entries.size(), 3u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].text, "hello there");
  EXPECT_EQ(r.entries[1].text, "segment");
  EXPECT_EQ(r.entries[1].lang, "en");  // filled in where the manifest had none
}

TEST_F(NemoTest, AManifestWithoutUtterancesIsRefused) {
  for (const char* text : {"", "\n\n  \n"}) {
    const std::string empty = dir_.Write("empty.jsonl", text);
    try {
      ImportCorpus("nemo", empty, test::QuietOptions());
      FAIL() << "an empty manifest was imported";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_EQ(std::string(e.what()), "manifest '" + empty +
                                           "' has no utterances (it is empty or has only blank lines); "
                                           "nothing to import");
    }
  }
}

TEST_F(NemoTest, Cp949DoesNotApplyToJson) {
  ImportOptions o = test::QuietOptions();
  o.text_encoding = "cp949";
  try {
    ImportCorpus("nemo", manifest_, o);
    FAIL() << "cp949 accepted for a JSON manifest";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
  }
}

}  // namespace
}  // namespace sori
