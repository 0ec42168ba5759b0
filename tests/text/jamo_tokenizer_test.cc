#include "text/jamo_tokenizer.h"

#include <gtest/gtest.h>

#include <limits>
#include <set>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "text/hangul.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/utf8.h"

namespace sori {
namespace {

TEST(JamoTokenizerTest, FixedVocabularyTable) {
  JamoTokenizer tok;
  EXPECT_EQ(tok.type(), "jamo");
  EXPECT_EQ(tok.vocab_size(), 112);
  EXPECT_EQ(tok.unk_id(), 0);
  // Spot checks of the contract table in jamo_tokenizer.h.
  EXPECT_EQ(tok.IdToPiece(0), "<unk>");
  EXPECT_EQ(tok.IdToPiece(1), " ");
  EXPECT_EQ(tok.IdToPiece(2), "\u1100");    // first choseong ᄀ
  EXPECT_EQ(tok.IdToPiece(20), "\u1112");   // last choseong ᄒ
  EXPECT_EQ(tok.IdToPiece(21), "\u1161");   // first jungseong ᅡ
  EXPECT_EQ(tok.IdToPiece(41), "\u1175");   // last jungseong ᅵ
  EXPECT_EQ(tok.IdToPiece(42), "\u11A8");   // first jongseong ᆨ
  EXPECT_EQ(tok.IdToPiece(68), "\u11C2");   // last jongseong ᇂ
  EXPECT_EQ(tok.IdToPiece(69), "0");
  EXPECT_EQ(tok.IdToPiece(78), "9");
  EXPECT_EQ(tok.IdToPiece(79), "a");
  EXPECT_EQ(tok.IdToPiece(104), "z");
  const std::vector<std::string> punctuation = {".", ",", "?", "!", "'", "-", "%"};
  for (int i = 0; i < 7; ++i) EXPECT_EQ(tok.IdToPiece(105 + i), punctuation[static_cast<size_t>(i)]);

  const std::vector<std::string> vocab = JamoTokenizer::Vocabulary();
  ASSERT_EQ(vocab.size(), 112u);
  EXPECT_EQ(std::set<std::string>(vocab.begin(), vocab.end()).size(), 112u) << "pieces must be distinct";
  for (int id = 0; id < 112; ++id) EXPECT_EQ(vocab[static_cast<size_t>(id)], tok.IdToPiece(id));
}

struct EncodeCase {
  std::string text;
  std::vector<int> ids;
};

class JamoEncodeTest : public ::testing::TestWithParam<EncodeCase> {};

TEST_P(JamoEncodeTest, Encodes) { EXPECT_EQ(JamoTokenizer().Encode(GetParam().text), GetParam().ids); }

INSTANTIATE_TEST_SUITE_P(
    Cases, JamoEncodeTest,
    ::testing::Values(
        EncodeCase{"", {}},
        EncodeCase{"   \t\n ", {}},
        // 가 = ᄀ(2) ᅡ(21); 각 adds ᆨ(42)
        EncodeCase{"가", {2, 21}},
        EncodeCase{"각", {2, 21, 42}},
        // 한 = ᄒ(20) ᅡ(21) ᆫ(45); space folding and trimming
        EncodeCase{"  한 \t\u3000 가 ", {20, 21, 45, 1, 2, 21}},
        EncodeCase{"Ab9", {79, 80, 78}},
        EncodeCase{".,?!'-%", {105, 106, 107, 108, 109, 110, 111}},
        // compatibility jamo: ㅋ -> ᄏ(17), ㄳ -> ᆪ(44)
        EncodeCase{"ㅋㅋ", {17, 17}},
        EncodeCase{"ㄳ", {44}},
        // unknowns: full-width A, CJK, emoji, archaic jamo, zero-width space, '@'
        EncodeCase{"\uFF21", {0}},
        EncodeCase{"漢😀", {0, 0}},
        EncodeCase{"\u3164\u1113", {0, 0}},
        EncodeCase{"a\u200Bb", {79, 0, 80}},
        EncodeCase{"a@b", {79, 0, 80}}));

TEST(JamoTokenizerTest, EverySyllableRoundTrips) {
  JamoTokenizer tok;
  std::string all;
  for (char32_t s = kHangulSyllableFirst; s <= kHangulSyllableLast; ++s) {
    const std::string one = CodepointsToUtf8(std::u32string(1, s));
    const std::vector<int> ids = tok.Encode(one);
    ASSERT_TRUE(ids.size() == 2 || ids.size() == 3) << one;
    for (const int id : ids) ASSERT_NE(id, tok.unk_id()) << one;
    ASSERT_EQ(tok.Decode(ids), one);
    all += one;
  }
  EXPECT_EQ(tok.Decode(tok.Encode(all)), all);
}

TEST(JamoTokenizerTest, MixedTextRoundTrips) {
  JamoTokenizer tok;
  for (const std::string text : {"안녕하세요 반갑습니다", "ktx 타고 3시에 가요?", "100% 확실해!", "it's well-known."}) {
    EXPECT_EQ(tok.Decode(tok.Encode(text)), text);
  }
  // Case folding and space folding are the only lossy steps for in-table text.
  EXPECT_EQ(tok.Decode(tok.Encode("  KTX  타고 ")), "ktx 타고");
}

TEST(JamoTokenizerTest, DecodeShowsUnknownsAndStrayJamo) {
  JamoTokenizer tok;
  EXPECT_EQ(tok.Decode({}), "");
  EXPECT_EQ(tok.Decode({0}), "\u2047");
  EXPECT_EQ(tok.Decode(tok.Encode("a@b")), "a\u2047b");
  // A CTC output can be any id sequence: stray jamo come out as compatibility letters.
  EXPECT_EQ(tok.Decode({42}), "ㄱ");         // lone jongseong
  EXPECT_EQ(tok.Decode({2}), "ㄱ");          // lone choseong
  EXPECT_EQ(tok.Decode({21, 2}), "ㅏㄱ");     // V then L
  EXPECT_EQ(tok.Decode({2, 21, 42, 42}), "각ㄱ");
}

TEST(JamoTokenizerTest, DecodeRejectsOutOfRangeIds) {
  JamoTokenizer tok;
  for (const int bad : {-1, 112, 113, 1 << 30, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()}) {
    try {
      tok.Decode({2, 21, bad});
      FAIL() << "accepted id " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      const std::string what = e.what();
      EXPECT_NE(what.find("token id " + std::to_string(bad)), std::string::npos) << what;
      EXPECT_NE(what.find("position 2"), std::string::npos) << what;
      EXPECT_NE(what.find("0..111"), std::string::npos) << what;
    }
    EXPECT_THROW(tok.IdToPiece(bad), Error);
  }
}

TEST(JamoTokenizerTest, EncodeRejectsInvalidUtf8) {
  JamoTokenizer tok;
  for (const std::string& bad : {std::string("\xEA\xB0"), std::string("\xC1\x81"), std::string("\x80"),
                                std::string("가\xFF")}) {
    try {
      tok.Encode(bad);
      FAIL() << "accepted invalid UTF-8";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    }
  }
}

TEST(JamoTokenizerTest, SaveLoadRoundTrip) {
  test::TempDir dir;
  JamoTokenizer().Save(dir.path() + "/tok");
  const std::unique_ptr<Tokenizer> loaded = LoadTokenizer(dir.path() + "/tok");
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(loaded->type(), "jamo");
  EXPECT_EQ(loaded->vocab_size(), 112);
  EXPECT_EQ(loaded->Encode("한글"), JamoTokenizer().Encode("한글"));
}

TEST(JamoTokenizerTest, LoadRejectsReorderedVocabulary) {
  test::TempDir dir;
  JamoTokenizer().Save(dir.path());
  std::string json = ReadFileToString(dir.File("tokenizer.json"), 1 << 20);
  // Swap "a" and "b".
  const size_t a = json.find("\"a\"");
  const size_t b = json.find("\"b\"");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  json[a + 1] = 'b';
  json[b + 1] = 'a';
  dir.Write("tokenizer.json", json);
  try {
    LoadTokenizer(dir.path());
    FAIL() << "accepted a reordered vocabulary";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    const std::string what = e.what();
    EXPECT_NE(what.find("tokenizer.json"), std::string::npos) << what;
    EXPECT_NE(what.find("'vocab'"), std::string::npos) << what;
    EXPECT_NE(what.find("entry 79"), std::string::npos) << what;
  }
}

TEST(JamoTokenizerTest, LoadRejectsTruncatedVocabulary) {
  test::TempDir dir;
  dir.Write("tokenizer.json", R"({"type": "jamo", "version": 1, "vocab": ["<unk>", " "]})");
  try {
    LoadTokenizer(dir.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("has 2 entries"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sori
