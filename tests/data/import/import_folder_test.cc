#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include "data/import/import.h"
#include "data/import/import_fixtures.h"
#include "support/audio_fixtures.h"

namespace sori {
namespace {

TEST(FolderTest, PairsAudioWithSidecarsAtAnyDepth) {
  test::TempDir dir;
  test::WriteWav(dir, "a.wav", 16000);
  dir.Write("a.txt", "  Hello,   World \n");
  test::WriteFlac(dir, "sub/b.flac", 8000);
  dir.Write("sub/b.TXT", "second");                            // extension in any case
  test::WriteWav(dir, "sub/deeper/G.WAV", 4000);
  dir.Write("sub/deeper/G.txt", "third");
  test::WritePcm(dir, "sub/k.pcm", 3200);
  dir.Write("sub/k.txt", "\xbe\xc8\xb3\xe7");                  // CP949 안녕
  test::WriteWav(dir, "sub/a.wav", 1600);                      // same name, other folder
  dir.Write("sub/a.txt", "other a");
  test::WriteWav(dir, "c.wav", 1600);                          // no sidecar
  dir.Write("d.txt", "no audio");                              // no audio
  test::WriteWav(dir, "e.wav", 1600);                          // e.wav and e.flac share e.txt
  test::WriteFlac(dir, "e.flac", 1600);
  dir.Write("e.txt", "shared");
  test::WriteWav(dir, "f.wav", 1600);
  dir.Write("f.txt", " \n");                                   // empty
  dir.Write("g.wav", "RIFF\x24\x00\x00\x00WAVEfmt ");          // corrupt
  dir.Write("g.txt", "broken audio");
  dir.Write("notes.md", "ignored");

  const ImportResult r = ImportCorpus("folder", dir.path(), test::QuietOptions());
  ASSERT_EQ(r.entries.size(), 5u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].extra["id"], "a");
  EXPECT_EQ(r.entries[0].audio_filepath, dir.File("a.wav"));
  EXPECT_EQ(r.entries[0].text, "Hello, World");  // lang none: white space only
  EXPECT_DOUBLE_EQ(r.entries[0].duration, 1.0);
  EXPECT_FALSE(r.entries[0].speaker.has_value());
  EXPECT_FALSE(r.entries[0].lang.has_value());
  EXPECT_EQ(r.entries[1].extra["id"], "sub/a");
  EXPECT_EQ(r.entries[1].text, "other a");
  EXPECT_EQ(r.entries[2].extra["id"], "sub/b");
  EXPECT_EQ(r.entries[2].text, "second");
  EXPECT_DOUBLE_EQ(r.entries[2].duration, 0.5);
  EXPECT_EQ(r.entries[3].extra["id"], "sub/deeper/G");
  EXPECT_DOUBLE_EQ(r.entries[3].duration, 0.25);
  EXPECT_EQ(r.entries[4].extra["id"], "sub/k");
  EXPECT_EQ(r.entries[4].text, "안녕");
  EXPECT_DOUBLE_EQ(r.entries[4].duration, 0.2);

  EXPECT_EQ(test::ReasonFor(r, dir.File("c.wav")), "audio without transcript: no c.txt next to it");
  EXPECT_EQ(test::ReasonFor(r, dir.File("d.txt")),
            "transcript without audio: no audio file named d next to it");
  EXPECT_EQ(test::ReasonFor(r, dir.File("e.flac")),
            "duplicate utterance id 'e' (also at " + dir.File("e.wav") + "); every copy is skipped");
  EXPECT_EQ(test::ReasonFor(r, dir.File("e.wav")),
            "duplicate utterance id 'e' (also at " + dir.File("e.flac") + "); every copy is skipped");
  EXPECT_EQ(test::ReasonFor(r, dir.File("f.txt")), "transcript is empty");
  EXPECT_NE(test::ReasonFor(r, dir.File("g.wav")).find(dir.File("g.wav")), std::string::npos);
  EXPECT_EQ(r.skipped.size(), 6u) << test::Describe(r);
}

TEST(FolderTest, LangNormalizesAndIsRecorded) {
  test::TempDir dir;
  test::WriteWav(dir, "x.wav", 1600);
  dir.Write("x.txt", "It\xe2\x80\x99s FINE!");
  ImportOptions o = test::QuietOptions();
  o.lang = "en";
  ImportResult r = ImportCorpus("folder", dir.path(), o);
  ASSERT_EQ(r.entries.size(), 1u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].text, "it's fine");
  EXPECT_EQ(r.entries[0].lang, "en");

  dir.Write("x.txt", "?!");
  r = ImportCorpus("folder", dir.path(), o);
  EXPECT_EQ(test::ReasonFor(r, dir.File("x.txt")), "transcript is empty after normalization (en): was '?!'");
}

TEST(FolderTest, FileNamesThatAreNotUtf8AreReportedEscaped) {
  test::TempDir dir;
  test::WriteWav(dir, "caf\xe9.wav", 1600);  // Latin-1 "café"
  dir.Write("caf\xe9.txt", "coffee");
  const ImportResult r = ImportCorpus("folder", dir.path(), test::QuietOptions());
  EXPECT_TRUE(r.entries.empty());
  ASSERT_EQ(r.skipped.size(), 1u) << test::Describe(r);
  EXPECT_EQ(r.skipped[0].item, dir.File("caf\\xe9.wav"));
  EXPECT_EQ(r.skipped[0].reason,
            "audio path is not valid UTF-8 (byte offset " + std::to_string(dir.File("caf").size()) +
                "); manifests are UTF-8 JSON, so rename the file");
}

TEST(FolderTest, AudioLongerThanTheLimitIsReported) {
  test::TempDir dir;
  test::WriteWav(dir, "long.wav", 48000);
  dir.Write("long.txt", "three seconds");
  ImportOptions o = test::QuietOptions();
  o.decode.max_duration_sec = 2.0;
  const ImportResult r = ImportCorpus("folder", dir.path(), o);
  EXPECT_TRUE(r.entries.empty());
  EXPECT_EQ(test::ReasonFor(r, dir.File("long.wav")), "audio is 3.000 s long, longer than the limit of 2.000 s");
}

TEST(FolderTest, SymlinkCyclesEndAndLinkedFoldersAreFollowed) {
  test::TempDir dir;
  test::TempDir other;
  test::WriteWav(other, "linked.wav", 1600);
  other.Write("linked.txt", "linked");
  test::WriteWav(dir, "top.wav", 1600);
  dir.Write("top.txt", "top");
  ASSERT_EQ(::symlink(other.path().c_str(), dir.File("more").c_str()), 0);
  ASSERT_EQ(::symlink(dir.path().c_str(), dir.File("loop").c_str()), 0);  // a cycle
  const ImportResult r = ImportCorpus("folder", dir.path(), test::QuietOptions());
  ASSERT_EQ(r.entries.size(), 2u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].extra["id"], "more/linked");
  EXPECT_EQ(r.entries[1].extra["id"], "top");
  EXPECT_TRUE(r.skipped.empty()) << test::Describe(r);
}

}  // namespace
}  // namespace sori
