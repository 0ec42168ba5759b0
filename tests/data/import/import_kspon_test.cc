#include <gtest/gtest.h>

#include "data/import/import.h"
#include "data/import/import_fixtures.h"
#include "support/audio_fixtures.h"

namespace sori {
namespace {

// CP949 bytes, as KsponSpeech's per-utterance .txt files hold them.
const char kDualCp949[] =  // "b/ 안녕 (70%)/(칠 십 퍼센트) n/"
    "\x62\x2f\x20\xbe\xc8\xb3\xe7\x20\x28\x37\x30\x25\x29\x2f\x28\xc4\xa5\x20\xbd\xca\x20\xc6\xdb"
    "\xbc\xbe\xc6\xae\x29\x20\x6e\x2f";
const char kFillerCp949[] = "\xbe\xc6\x2f\x20\xb9\xb9\x2b\x20\xb9\xb9\xbe\xdf";  // "아/ 뭐+ 뭐야"
const char kDdomCp949[] = "\x8c\x63";  // 똠: outside EUC-KR, inside CP949

class KsponFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string d = "KsponSpeech_01/KsponSpeech_0001/";
    test::WritePcm(dir_, d + "KsponSpeech_000001.pcm", 16000);        // 1 s
    dir_.Write(d + "KsponSpeech_000001.txt", kDualCp949);
    test::WritePcm(dir_, d + "KsponSpeech_000002.pcm", 4000, 1);      // 0.25 s + odd byte
    dir_.Write(d + "KsponSpeech_000002.txt", std::string(kFillerCp949) + " " + kDdomCp949 + "\r\n");
    test::WritePcm(dir_, d + "KsponSpeech_000003.pcm", 1600);
    dir_.Write(d + "KsponSpeech_000003.txt", "b/ n/\n");                // empty after normalization
    test::WritePcm(dir_, d + "KsponSpeech_000004.pcm", 1600);
    dir_.Write(d + "KsponSpeech_000004.txt", "");                       // empty
    test::WritePcm(dir_, d + "KsponSpeech_000005.pcm", 1600);
    dir_.Write(d + "KsponSpeech_000005.txt", "\xbe\xc8\xff");           // 안 + invalid byte
    dir_.Write(d + "KsponSpeech_000006.pcm", "");                       // empty audio
    dir_.Write(d + "KsponSpeech_000006.txt", "\xbe\xc8\xb3\xe7");
    dir_.Write(d + "KsponSpeech_000007.txt", "\xbe\xc8\xb3\xe7");       // no audio
    test::WritePcm(dir_, d + "KsponSpeech_000008.pcm", 1600);           // no transcript
    test::WritePcm(dir_, d + "KsponSpeech_000009.pcm", 1600);           // id also in _0002
    dir_.Write(d + "KsponSpeech_000009.txt", "\xbe\xc8\xb3\xe7");
    test::WritePcm(dir_, "KsponSpeech_01/KsponSpeech_0002/KsponSpeech_000009.pcm", 1600);
    dir_.Write("KsponSpeech_01/KsponSpeech_0002/KsponSpeech_000009.txt", "\xbe\xc8\xb3\xe7");
  }

  std::string Path(const std::string& name) const {
    return dir_.File("KsponSpeech_01/KsponSpeech_0001/" + name);
  }

  test::TempDir dir_;
};

TEST_F(KsponFolderTest, ImportsGoodUtterancesAndReportsEveryBrokenOne) {
  const ImportResult r = ImportCorpus("kspon", dir_.path(), test::QuietOptions());
  ASSERT_EQ(r.entries.size(), 2u) << test::Describe(r);
  const ManifestEntry& a = r.entries[0];
  EXPECT_EQ(a.audio_filepath, Path("KsponSpeech_000001.pcm"));
  EXPECT_EQ(a.text, "안녕 칠 십 퍼센트");
  EXPECT_DOUBLE_EQ(a.duration, 1.0);
  EXPECT_EQ(a.offset, 0.0);
  EXPECT_EQ(a.lang, "ko");
  EXPECT_FALSE(a.speaker.has_value());  // KsponSpeech has no speaker labels
  EXPECT_EQ(a.extra["id"], "KsponSpeech_000001");
  const ManifestEntry& b = r.entries[1];
  EXPECT_EQ(b.audio_filepath, Path("KsponSpeech_000002.pcm"));
  EXPECT_EQ(b.text, "아 뭐 뭐야 똠");
  EXPECT_DOUBLE_EQ(b.duration, 0.25);  // the stray odd byte is not a sample
  EXPECT_EQ(b.extra["id"], "KsponSpeech_000002");

  EXPECT_EQ(test::ReasonFor(r, Path("KsponSpeech_000003.txt")),
            "transcript is empty after normalization (ko): was 'b/ n/'");
  EXPECT_EQ(test::ReasonFor(r, Path("KsponSpeech_000004.txt")), "transcript is empty");
  EXPECT_EQ(test::ReasonFor(r, Path("KsponSpeech_000005.txt")),
            "transcript is neither UTF-8 (byte 0xbe at byte offset 0) nor CP949 (byte 0xff at "
            "byte offset 2)");
  EXPECT_EQ(test::ReasonFor(r, Path("KsponSpeech_000006.pcm")),
            "'" + Path("KsponSpeech_000006.pcm") + "': file is empty (0 bytes)");
  EXPECT_EQ(test::ReasonFor(r, Path("KsponSpeech_000007.txt")),
            "transcript without audio: no .pcm file named KsponSpeech_000007 next to it");
  EXPECT_EQ(test::ReasonFor(r, Path("KsponSpeech_000008.pcm")),
            "audio without transcript: no KsponSpeech_000008.txt next to it");
  const std::string dup1 = Path("KsponSpeech_000009.pcm");
  const std::string dup2 = dir_.File("KsponSpeech_01/KsponSpeech_0002/KsponSpeech_000009.pcm");
  EXPECT_EQ(test::ReasonFor(r, dup1), "duplicate utterance id 'KsponSpeech_000009' (also at " + dup2 +
                                          "); every copy is skipped");
  EXPECT_EQ(test::ReasonFor(r, dup2), "duplicate utterance id 'KsponSpeech_000009' (also at " + dup1 +
                                          "); every copy is skipped");
  EXPECT_EQ(r.skipped.size(), 8u) << test::Describe(r);
  // Sorted by item.
  for (size_t i = 1; i < r.skipped.size(); ++i) EXPECT_LE(r.skipped[i - 1].item, r.skipped[i].item);
}

TEST_F(KsponFolderTest, SpellingSideAndAnyFolderDepth) {
  ImportOptions o = test::QuietOptions();
  o.kspon_dual = KoreanNormalizerOptions::Dual::kSpelling;
  const ImportResult r = ImportCorpus("kspon", dir_.File("KsponSpeech_01/KsponSpeech_0001"), o);
  ASSERT_NE(test::EntryWithId(r, "KsponSpeech_000001"), nullptr) << test::Describe(r);
  EXPECT_EQ(test::EntryWithId(r, "KsponSpeech_000001")->text, "안녕 70%");
  // From this folder, 000009 is no longer duplicated.
  EXPECT_NE(test::EntryWithId(r, "KsponSpeech_000009"), nullptr) << test::Describe(r);
}

TEST_F(KsponFolderTest, ExplicitUtf8RejectsCp949Transcripts) {
  ImportOptions o = test::QuietOptions();
  o.text_encoding = "utf-8";
  const ImportResult r = ImportCorpus("kspon", dir_.File("KsponSpeech_01/KsponSpeech_0001"), o);
  EXPECT_EQ(test::ReasonFor(r, Path("KsponSpeech_000001.txt")),
            "transcript is not valid UTF-8: byte 0xbe at byte offset 3");
}

class KsponScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::WritePcm(dir_, "eval_clean/KsponSpeech_E00001.pcm", 8000, 1);  // 0.5 s
    test::WritePcm(dir_, "eval_clean/KsponSpeech_E00002.pcm", 1600, 1);
    test::WritePcm(dir_, "eval_clean/KsponSpeech_E00003.pcm", 1600, 1);
    test::WritePcm(dir_, "KsponSpeech_01/KsponSpeech_0001/KsponSpeech_000001.pcm", 3200);
    dir_.Write("eval_clean/KsponSpeech_E00004.pcm", "x");  // one byte: no whole sample
  }
  test::TempDir dir_;
};

TEST_F(KsponScriptTest, EvalScriptWithPrefixBlankLineAndBrokenLines) {
  const std::string trn = dir_.Write(
      "KsponSpeech_scripts/eval_clean.trn",
      "KsponSpeech_eval/eval_clean/KsponSpeech_E00001.pcm :: 어/ 일단은 (20년)/(이십 년) n/\n"  // 1
      "\n"                                                                               // 2 blank
      "KsponSpeech_eval/eval_clean/KsponSpeech_E00002.pcm :: b/ l/\n"                     // 3
      "KsponSpeech_eval/eval_clean/KsponSpeech_E00099.pcm :: 없어\n"                       // 4
      "KsponSpeech_eval/eval_clean/KsponSpeech_E00003.pcm :: 안\xff\n"                     // 5
      "this line has no separator\n"                                                     // 6
      "KsponSpeech_eval/eval_clean/KsponSpeech_E00004.pcm :: 뭐\n"                         // 7
      "KsponSpeech_eval/eval_clean/KsponSpeech_E00001.pcm :: 다시\n");                     // 8 dup
  ImportOptions o = test::QuietOptions();
  o.audio_root = dir_.path();
  ImportResult r = ImportCorpus("kspon", trn, o);
  EXPECT_TRUE(r.entries.empty()) << test::Describe(r);  // E00001 is duplicated by line 8

  // Without the duplicate line.
  std::string text = test::ReadBytes(trn);
  text.resize(text.rfind("KsponSpeech_eval/eval_clean/KsponSpeech_E00001.pcm :: 다시"));
  dir_.Write("KsponSpeech_scripts/eval_clean.trn", text);
  r = ImportCorpus("kspon", trn, o);
  ASSERT_EQ(r.entries.size(), 1u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].audio_filepath, dir_.File("eval_clean/KsponSpeech_E00001.pcm"));
  EXPECT_EQ(r.entries[0].text, "어 일단은 이십 년");
  EXPECT_DOUBLE_EQ(r.entries[0].duration, 0.5);
  EXPECT_EQ(r.entries[0].extra["id"], "KsponSpeech_E00001");

  EXPECT_EQ(test::ReasonFor(r, trn + ":2"), "");  // blank lines are no utterance
  EXPECT_EQ(test::ReasonFor(r, trn + ":3"), "transcript is empty after normalization (ko): was 'b/ l/'");
  EXPECT_EQ(test::ReasonFor(r, trn + ":4"),
            "audio not found: tried " + dir_.File("KsponSpeech_eval/eval_clean/KsponSpeech_E00099.pcm") +
                " and " + dir_.File("eval_clean/KsponSpeech_E00099.pcm") +
                " (relative paths resolve against " + dir_.path() +
                "; set the audio root to the folder holding the KsponSpeech folders)");
  // The offset counts from the start of the line.
  EXPECT_EQ(test::ReasonFor(r, trn + ":5"),
            "transcript is not valid UTF-8: byte 0xff at byte offset 57");
  EXPECT_EQ(test::ReasonFor(r, trn + ":6"),
            "expected '<path>.pcm :: <transcript>', got 'this line has no separator'");
  EXPECT_NE(test::ReasonFor(r, trn + ":7").find("0 s long"), std::string::npos) << test::Describe(r);
  EXPECT_EQ(r.skipped.size(), 5u) << test::Describe(r);
}

TEST_F(KsponScriptTest, PathsResolveAgainstTheScriptsFolderByDefault) {
  const std::string trn = dir_.Write(
      "train.trn", "KsponSpeech_01/KsponSpeech_0001/KsponSpeech_000001.pcm :: 아/ 몬 소리야, 그건 또. b/\n");
  const ImportResult r = ImportCorpus("kspon", trn, test::QuietOptions());
  ASSERT_EQ(r.entries.size(), 1u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].audio_filepath,
            dir_.File("KsponSpeech_01/KsponSpeech_0001/KsponSpeech_000001.pcm"));
  EXPECT_EQ(r.entries[0].text, "아 몬 소리야 그건 또");
  EXPECT_DOUBLE_EQ(r.entries[0].duration, 0.2);
}

TEST_F(KsponScriptTest, Cp949ScriptIsDetectedForTheWholeFile) {
  // AI Hub calls its scripts EUC-KR; auto reads such a file as CP949 throughout.
  const std::string trn = dir_.Write(
      "dev.trn", std::string("eval_clean/KsponSpeech_E00001.pcm :: \xbe\xee\x2f\x20\xc0\xcf\xb4\xdc\xc0\xba\n") +
                     "eval_clean/KsponSpeech_E00002.pcm :: \xc8\xa1\n");  // valid UTF-8 too
  const ImportResult r = ImportCorpus("kspon", trn, test::QuietOptions());
  ASSERT_EQ(r.entries.size(), 2u) << test::Describe(r);
  EXPECT_EQ(r.entries[0].text, "어 일단은");
  EXPECT_EQ(r.entries[1].text, "혤");
}

}  // namespace
}  // namespace sori
