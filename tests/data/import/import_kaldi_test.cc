#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "data/import/import.h"
#include "data/import/import_fixtures.h"

namespace sori {
namespace {

class KaldiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::WriteWav(dir_, "corpus/a.wav", 16000);   // 1 s
    test::WriteWav(dir_, "corpus/b.wav", 8000);    // 0.5 s
    test::WriteWav(dir_, "corpus/long.wav", 48000);  // 3 s
    test::WriteWav(dir_, "corpus/unused.wav", 1600);
    dir_.Write("corpus/corrupt.wav", "RIFF....WAVEjunk");
  }

  std::string Data(const std::string& name) const { return dir_.File("data/train/" + name); }

  ImportOptions Options() const {
    ImportOptions o = test::QuietOptions();
    o.audio_root = dir_.path();
    return o;
  }

  test::TempDir dir_;
};

TEST_F(KaldiTest, WavScpAndTextWithoutSegments) {
  dir_.Write("data/train/wav.scp",
             "utt1 corpus/a.wav\n"                              // 1 relative
             "utt2 " + dir_.File("corpus/b.wav") + "\n"         // 2 absolute
             "utt3 sox corpus/x.sph -t wav - |\n"               // 3 pipe
             "utt4 corpus/missing.wav\n"                        // 4 missing
             "utt5 corpus/a.wav\n"                              // 5 no transcript
             "utt6 corpus/corrupt.wav\n"                        // 6 corrupt
             "utt7 corpus/a.wav\n"                              // 7 duplicate...
             "utt7 corpus/b.wav\n"                              // 8 ...id
             "utt9 exp/raw.ark:1234\n"                          // 9 archive offset
             "utt10 corpus/b.wav\n");                           // 10 bad utt2spk line
  dir_.Write("data/train/text",
             "utt1 Hello  World\n"
             "utt2 second one\n"
             "utt3 piped\n"
             "utt4 missing\n"
             "utt6 corrupt\n"
             "utt7 duplicated\n"
             "utt8 no audio\n"
             "utt9 archived\n"
             "utt10 ten\n");
  dir_.Write("data/train/utt2spk", "utt1 spkA\nutt2 spkB\nutt10 spkC extra\n");
  const ImportResult r = ImportCorpus("kaldi", dir_.File("data/train"), Options());
  ASSERT_EQ(r.entries.size(), 2u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].audio_filepath, dir_.File("corpus/a.wav"));
  EXPECT_EQ(r.entries[0].text, "Hello World");  // lang none: white space folded only
  EXPECT_EQ(r.entries[0].speaker, "spkA");
  EXPECT_FALSE(r.entries[0].lang.has_value());
  EXPECT_DOUBLE_EQ(r.entries[0].duration, 1.0);
  EXPECT_EQ(r.entries[0].extra["id"], "utt1");
  EXPECT_EQ(r.entries[1].audio_filepath, dir_.File("corpus/b.wav"));
  EXPECT_EQ(r.entries[1].speaker, "spkB");
  EXPECT_DOUBLE_EQ(r.entries[1].duration, 0.5);

  const std::string wav = Data("wav.scp");
  EXPECT_EQ(test::ReasonFor(r, wav + ":3"), "pipe commands are not supported; convert to files first");
  EXPECT_NE(test::ReasonFor(r, wav + ":4").find("audio not found: '" + dir_.File("corpus/missing.wav")), std::string::npos) << test::Describe(r);
  EXPECT_EQ(test::ReasonFor(r, wav + ":5"), "audio without transcript: 'utt5' is not in text");
  EXPECT_NE(test::ReasonFor(r, wav + ":6").find("corrupt.wav"), std::string::npos);
  EXPECT_EQ(test::ReasonFor(r, wav + ":7"),
            "duplicate id 'utt7' in wav.scp (also on line 8); every copy is skipped");
  EXPECT_EQ(test::ReasonFor(r, wav + ":8"),
            "duplicate id 'utt7' in wav.scp (also on line 7); every copy is skipped");
  EXPECT_NE(test::ReasonFor(r, wav + ":9").find("offset into a Kaldi archive"), std::string::npos);
  EXPECT_EQ(test::ReasonFor(r, Data("text") + ":7"), "transcript without audio: 'utt8' is not in wav.scp");
  EXPECT_EQ(test::ReasonFor(r, Data("utt2spk") + ":3"),
            "expected 'utterance-id speaker-id', got 'utt10 spkC extra'");
  EXPECT_EQ(r.skipped.size(), 9u) << test::Describe(r);
}

TEST_F(KaldiTest, RelativePathsResolveAgainstTheCurrentDirectoryByDefault) {
  dir_.Write("data/train/wav.scp", "utt1 corpus/a.wav\n");
  dir_.Write("data/train/text", "utt1 hello\n");
  const std::filesystem::path before = std::filesystem::current_path();
  ImportOptions o = test::QuietOptions();  // no audio root

  std::filesystem::current_path(dir_.path());  // where Kaldi's scripts would run
  ImportResult r = ImportCorpus("kaldi", "data/train", o);
  std::filesystem::current_path(dir_.File("data"));  // somewhere else
  const ImportResult elsewhere = ImportCorpus("kaldi", "train", o);
  std::filesystem::current_path(before);

  ASSERT_EQ(r.entries.size(), 1u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].audio_filepath, dir_.File("corpus/a.wav"));
  ASSERT_EQ(elsewhere.skipped.size(), 1u) << test::Describe(elsewhere);
  EXPECT_EQ(elsewhere.skipped[0].item, Data("wav.scp") + ":1");
  EXPECT_EQ(elsewhere.skipped[0].reason,
            "audio not found: '" + dir_.File("data/corpus/a.wav") +
                "' (relative wav.scp paths resolve against " + dir_.File("data") +
                ", the current directory unless an audio root is set)");
}

TEST_F(KaldiTest, SegmentsBecomeOffsetsAndAreCheckedAgainstTheRecording) {
  dir_.Write("data/train/wav.scp",
             "rec1 corpus/long.wav\n"        // 1: 3 s
             "rec2 corpus/unused.wav\n"      // 2: no segment uses it
             "rec3 cat corpus/x.wav |\n");   // 3: pipe
  dir_.Write("data/train/segments",
             "s01 rec1 0.50 1.50\n"   // 1 ok
             "s02 rec1 1.50 -1\n"     // 2 ok: to the end
             "s03 rec1 2.80 3.30\n"   // 3 ok: 0.3 s overshoot is cut
             "s04 rec1 2.00 4.00\n"   // 4 ends 1 s past the end
             "s05 rec1 3.50 3.90\n"   // 5 starts past the end
             "s06 rec9 0 1\n"         // 6 unknown recording
             "s07 rec3 0 1\n"         // 7 pipe recording
             "s08 rec1 1.0 0.5\n"     // 8 end before start
             "s09 rec1 0 1\n"         // 9 no transcript
             "s10 rec1 0 1 1\n"       // 10 channel 1 of a mono recording
             "s13 rec1 0 1\n"         // 11 empty transcript
             "s14 rec1 0 1 0\n");     // 12 ok: channel 0 of a mono recording
  dir_.Write("data/train/text",
             "s01 one\ns02 two\ns03 three\ns04 four\ns05 five\ns06 six\ns07 seven\ns08 eight\n"
             "s10 ten\ns11 orphan\ns13\ns14 fourteen\n");
  dir_.Write("data/train/utt2spk", "s01 alice\ns02 bob\n");
  const ImportResult r = ImportCorpus("kaldi", dir_.File("data/train"), Options());
  ASSERT_EQ(r.entries.size(), 4u) << test::Describe(r);
  const std::string long_wav = dir_.File("corpus/long.wav");
  EXPECT_EQ(r.entries[0].extra["id"], "s01");
  EXPECT_EQ(r.entries[0].extra["recording"], "rec1");
  EXPECT_EQ(r.entries[0].audio_filepath, long_wav);
  EXPECT_DOUBLE_EQ(r.entries[0].offset, 0.5);
  EXPECT_DOUBLE_EQ(r.entries[0].duration, 1.0);
  EXPECT_EQ(r.entries[0].speaker, "alice");
  EXPECT_EQ(r.entries[0].text, "one");
  EXPECT_DOUBLE_EQ(r.entries[1].offset, 1.5);
  EXPECT_DOUBLE_EQ(r.entries[1].duration, 1.5);
  EXPECT_EQ(r.entries[1].speaker, "bob");
  EXPECT_DOUBLE_EQ(r.entries[2].offset, 2.8);
  EXPECT_NEAR(r.entries[2].duration, 0.2, 1e-12);
  EXPECT_FALSE(r.entries[2].speaker.has_value());
  EXPECT_EQ(r.entries[3].extra["id"], "s14");
  EXPECT_DOUBLE_EQ(r.entries[3].duration, 1.0);

  const std::string seg = Data("segments");
  EXPECT_EQ(test::ReasonFor(r, seg + ":4"),
            "segment ends at 4.000 s, past the end of the recording (3.000 s) by 1.000 s; only "
            "overshoots below 0.5 s are cut to the end, as Kaldi's extract-segments does");
  EXPECT_EQ(test::ReasonFor(r, seg + ":5"),
            "segment starts at 3.500 s, past the end of the recording (3.000 s)");
  EXPECT_EQ(test::ReasonFor(r, seg + ":6"), "recording 'rec9' is not in wav.scp");
  EXPECT_EQ(test::ReasonFor(r, seg + ":7"),
            "recording 'rec3' cannot be read (" + Data("wav.scp") +
                ":3: pipe commands are not supported; convert to files first)");
  EXPECT_EQ(test::ReasonFor(r, seg + ":8"),
            "end time '0.5' must be a number of seconds after the start (1.0) or -1 for the end "
            "of the recording");
  EXPECT_EQ(test::ReasonFor(r, seg + ":9"), "segment without transcript: 's09' is not in text");
  EXPECT_EQ(test::ReasonFor(r, seg + ":10"),
            "the segment selects channel 1 but the recording has 1 channel");
  EXPECT_EQ(test::ReasonFor(r, Data("text") + ":11"), "transcript is empty");
  EXPECT_EQ(test::ReasonFor(r, Data("text") + ":10"),
            "transcript without a segment: 's11' is not in segments");
  EXPECT_EQ(test::ReasonFor(r, Data("wav.scp") + ":2"),
            "audio without transcript: no segment uses recording 'rec2'");
  EXPECT_EQ(test::ReasonFor(r, Data("wav.scp") + ":3"),
            "pipe commands are not supported; convert to files first");
  EXPECT_EQ(r.skipped.size(), 11u) << test::Describe(r);
}

TEST_F(KaldiTest, DurationLimitAppliesToTheSegment) {
  dir_.Write("data/train/wav.scp", "rec1 corpus/long.wav\n");
  dir_.Write("data/train/segments", "short rec1 0 1\nlong rec1 0 2.5\n");
  dir_.Write("data/train/text", "short fine\nlong too long\n");
  ImportOptions o = Options();
  o.decode.max_duration_sec = 2.0;  // the recording (3 s) is longer; the short segment is not
  const ImportResult r = ImportCorpus("kaldi", dir_.File("data/train"), o);
  ASSERT_EQ(r.entries.size(), 1u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].extra["id"], "short");
  EXPECT_EQ(test::ReasonFor(r, Data("segments") + ":2"),
            "audio is 2.500 s long, longer than the limit of 2.000 s");
}

}  // namespace
}  // namespace sori
