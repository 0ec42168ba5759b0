#include <gtest/gtest.h>

#include <fstream>

#include "data/import/import.h"
#include "data/import/import_fixtures.h"

namespace sori {
namespace {

TEST(FsddTest, NamesGiveDigitWordAndSpeaker) {
  test::TempDir dir;
  test::WriteWav(dir, "0_jackson_0.wav", 5148, 8000);
  test::WriteWav(dir, "7_theo_12.wav", 4000, 8000);
  test::WriteWav(dir, "bad_name.wav", 800, 8000);
  test::WriteWav(dir, "3_lucas.wav", 800, 8000);
  dir.Write("README.md", "# Free Spoken Digit Dataset\n");  // not audio: ignored
  dir.Write("9_nicolas_1.wav", "");                          // empty audio
  const ImportResult r = ImportCorpus("fsdd", dir.path(), test::QuietOptions());
  ASSERT_EQ(r.entries.size(), 2u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].audio_filepath, dir.File("0_jackson_0.wav"));
  EXPECT_EQ(r.entries[0].text, "zero");
  EXPECT_EQ(r.entries[0].speaker, "jackson");
  EXPECT_EQ(r.entries[0].lang, "en");
  EXPECT_DOUBLE_EQ(r.entries[0].duration, 5148.0 / 8000.0);
  EXPECT_EQ(r.entries[1].text, "seven");
  EXPECT_EQ(r.entries[1].speaker, "theo");
  EXPECT_EQ(r.entries[1].extra["id"], "7_theo_12");
  const std::string expected =
      "not an FSDD file name (expected {digit}_{speaker}_{index}.wav, e.g. 0_jackson_0.wav)";
  EXPECT_EQ(test::ReasonFor(r, dir.File("bad_name.wav")), expected);
  EXPECT_EQ(test::ReasonFor(r, dir.File("3_lucas.wav")), expected);
  EXPECT_NE(test::ReasonFor(r, dir.File("9_nicolas_1.wav")).find("file is empty"), std::string::npos);
  EXPECT_EQ(r.skipped.size(), 3u) << test::Describe(r);
}

TEST(FsddTest, SharedFolderGivesAll2000Utterances) {
  const std::string fsdd = test::SharedDataDir() + "/fsdd";
  if (!std::ifstream(fsdd + "/0_jackson_0.wav")) GTEST_SKIP() << "FSDD not found at " << fsdd;
  ImportOptions o = test::QuietOptions();
  const ImportResult r = ImportCorpus("fsdd", fsdd, o);
  EXPECT_EQ(r.entries.size(), 2000u);
  EXPECT_TRUE(r.skipped.empty()) << test::Describe(r);
  const ManifestEntry* first = test::EntryWithId(r, "0_jackson_0");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->text, "zero");
  EXPECT_EQ(first->speaker, "jackson");
  EXPECT_DOUBLE_EQ(first->duration, 5148.0 / 8000.0);
  EXPECT_EQ(first->audio_filepath.front(), '/');
  int speakers_named_theo = 0;
  for (const ManifestEntry& e : r.entries) speakers_named_theo += e.speaker == "theo";
  EXPECT_EQ(speakers_named_theo, 500);  // 4 speakers, each saying every digit 50 times
}

}  // namespace
}  // namespace sori
