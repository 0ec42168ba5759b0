#include <gtest/gtest.h>

#include "data/import/import.h"
#include "data/import/import_fixtures.h"

namespace sori {
namespace {

class LibriSpeechTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string c = "LibriSpeech/dev-clean/84/121123/";
    test::WriteFlac(dir_, c + "84-121123-0000.flac", 16000);  // 1 s
    test::WriteFlac(dir_, c + "84-121123-0001.flac", 8000);   // 0.5 s
    dir_.Write(c + "84-121123-0002.flac", "fLaC but not really");  // corrupt
    test::WriteFlac(dir_, c + "84-121123-0003.flac", 1600);   // no transcript line
    test::WriteFlac(dir_, c + "84-121123-0005.flac", 1600);   // empty transcript
    test::WriteFlac(dir_, c + "84-121123-0006.flac", 1600);   // two transcript lines
    test::WriteFlac(dir_, c + "notes.flac", 1600);            // not an utterance name
    dir_.Write(c + "84-121123.trans.txt",
               "84-121123-0000 GO DO YOU HEAR\n"                 // 1
               "84-121123-0001 BUT IN LESS THAN FIVE MINUTES\n"  // 2
               "84-121123-0002 CORRUPT AUDIO\n"                  // 3
               "84-121123-0004 NO AUDIO FOR THIS ONE\n"          // 4
               "84-121123-0005\n"                                // 5
               "84-121123-0006 FIRST\n"                          // 6
               "84-121123-0006 SECOND\n"                         // 7
               "garbage line\n");                                // 8
    const std::string s = "LibriSpeech/dev-clean/174/168635/";
    test::WriteFlac(dir_, s + "174-168635-0000.flac", 4000);  // 0.25 s
    dir_.Write(s + "174-168635.trans.txt", "174-168635-0000 HE HAD NEVER BEEN FATHER'S FRIEND\n");
    dir_.Write("LibriSpeech/SPEAKERS.TXT", "; not a transcript, ignored\n");
  }

  std::string Chapter(const std::string& name) const {
    return dir_.File("LibriSpeech/dev-clean/84/121123/" + name);
  }

  test::TempDir dir_;
};

TEST_F(LibriSpeechTest, ImportsASplitWithSpeakersAndReportsProblems) {
  const ImportResult r = ImportCorpus("librispeech", dir_.File("LibriSpeech/dev-clean"), test::QuietOptions());
  ASSERT_EQ(r.entries.size(), 3u) << test::Describe(r);
  // Byte-wise id order: "174-..." < "84-...".
  EXPECT_EQ(r.entries[0].extra["id"], "174-168635-0000");
  EXPECT_EQ(r.entries[0].audio_filepath,
            dir_.File("LibriSpeech/dev-clean/174/168635/174-168635-0000.flac"));
  EXPECT_EQ(r.entries[0].text, "he had never been father's friend");
  EXPECT_EQ(r.entries[0].speaker, "174");
  EXPECT_EQ(r.entries[0].lang, "en");
  EXPECT_DOUBLE_EQ(r.entries[0].duration, 0.25);
  EXPECT_EQ(r.entries[1].extra["id"], "84-121123-0000");
  EXPECT_EQ(r.entries[1].audio_filepath, Chapter("84-121123-0000.flac"));
  EXPECT_EQ(r.entries[1].text, "go do you hear");
  EXPECT_EQ(r.entries[1].speaker, "84");
  EXPECT_DOUBLE_EQ(r.entries[1].duration, 1.0);
  EXPECT_EQ(r.entries[2].text, "but in less than five minutes");
  EXPECT_DOUBLE_EQ(r.entries[2].duration, 0.5);

  const std::string trans = Chapter("84-121123.trans.txt");
  EXPECT_NE(test::ReasonFor(r, Chapter("84-121123-0002.flac")).find("not a readable audio file"),
            std::string::npos)
      << test::Describe(r);
  EXPECT_EQ(test::ReasonFor(r, Chapter("84-121123-0003.flac")),
            "audio without transcript: '84-121123-0003' is in no *.trans.txt");
  EXPECT_EQ(test::ReasonFor(r, trans + ":4"),
            "transcript without audio: no 84-121123-0004.flac under " + dir_.File("LibriSpeech/dev-clean"));
  EXPECT_EQ(test::ReasonFor(r, trans + ":5"), "transcript is empty");
  EXPECT_EQ(test::ReasonFor(r, trans + ":6"), "duplicate utterance id '84-121123-0006' (also at " +
                                                  trans + ":7); every copy is skipped");
  EXPECT_EQ(test::ReasonFor(r, trans + ":7"), "duplicate utterance id '84-121123-0006' (also at " +
                                                  trans + ":6); every copy is skipped");
  EXPECT_NE(test::ReasonFor(r, trans + ":8").find("expected 'SPEAKER-CHAPTER-UTTERANCE TRANSCRIPT'"),
            std::string::npos);
  EXPECT_NE(test::ReasonFor(r, Chapter("notes.flac")).find("not a LibriSpeech utterance file name"),
            std::string::npos);
  EXPECT_EQ(r.skipped.size(), 8u) << test::Describe(r);
}

TEST_F(LibriSpeechTest, CorpusRootGivesTheSameEntries) {
  const ImportResult split = ImportCorpus("librispeech", dir_.File("LibriSpeech/dev-clean"), test::QuietOptions());
  const ImportResult root = ImportCorpus("librispeech", dir_.File("LibriSpeech"), test::QuietOptions());
  ASSERT_EQ(root.entries.size(), split.entries.size());
  for (size_t i = 0; i < root.entries.size(); ++i) {
    EXPECT_EQ(ManifestEntryToJson(root.entries[i]), ManifestEntryToJson(split.entries[i]));
  }
}

}  // namespace
}  // namespace sori
