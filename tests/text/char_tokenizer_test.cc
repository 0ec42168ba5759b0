#include "text/char_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

using Vocab = std::vector<std::string>;

TEST(CharTokenizerTest, BuildSortsByCodePoint) {
  const CharTokenizer tok = CharTokenizer::Build({"ba 가", "ab"});
  EXPECT_EQ(tok.type(), "char");
  EXPECT_EQ(tok.unk_id(), 0);
  // U+0020 < 'a' < 'b' < U+AC00
  EXPECT_EQ(tok.Vocabulary(), (Vocab{"<unk>", " ", "a", "b", "가"}));
  EXPECT_EQ(tok.vocab_size(), 5);
  EXPECT_EQ(tok.Encode("가 ab"), (std::vector<int>{4, 1, 2, 3}));
}

TEST(CharTokenizerTest, BuildIsIndependentOfTextOrder) {
  EXPECT_EQ(CharTokenizer::Build({"xyz", "한국"}).Vocabulary(), CharTokenizer::Build({"한국", "zyx"}).Vocabulary());
}

TEST(CharTokenizerTest, MinCount) {
  // a: 3, b: 2, c: 1
  const std::vector<std::string> corpus = {"aab", "abc"};
  EXPECT_EQ(CharTokenizer::Build(corpus, 1).Vocabulary(), (Vocab{"<unk>", "a", "b", "c"}));
  EXPECT_EQ(CharTokenizer::Build(corpus, 2).Vocabulary(), (Vocab{"<unk>", "a", "b"}));
  EXPECT_EQ(CharTokenizer::Build(corpus, 3).Vocabulary(), (Vocab{"<unk>", "a"}));
  EXPECT_EQ(CharTokenizer::Build(corpus, 4).Vocabulary(), (Vocab{"<unk>"}));
  EXPECT_EQ(CharTokenizer::Build({}, 1).vocab_size(), 1);
  for (const int bad : {0, -1}) {
    try {
      CharTokenizer::Build(corpus, bad);
      FAIL();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find("min_count"), std::string::npos) << e.what();
    }
  }
}

TEST(CharTokenizerTest, UnknownsEncodeToZeroAndDecodeVisibly) {
  const CharTokenizer tok = CharTokenizer::Build({"ab"});
  EXPECT_EQ(tok.Encode("abc"), (std::vector<int>{1, 2, 0}));
  EXPECT_EQ(tok.Decode({1, 0, 2}), "a\u2047b");
  EXPECT_EQ(tok.IdToPiece(0), "<unk>");
  EXPECT_EQ(tok.Encode(""), std::vector<int>{});
  EXPECT_EQ(tok.Decode({}), "");
}

TEST(CharTokenizerTest, RoundTripsKnownText) {
  const std::string text = "안녕하세요, 세상! 😀 tab\there";
  const CharTokenizer tok = CharTokenizer::Build({text});
  EXPECT_EQ(tok.Decode(tok.Encode(text)), text);
}

TEST(CharTokenizerTest, DecodeRejectsOutOfRangeIds) {
  const CharTokenizer tok = CharTokenizer::Build({"ab"});  // ids 0..2
  for (const int bad : {-1, 3, 1000000000}) {
    try {
      tok.Decode({1, bad});
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find("token id " + std::to_string(bad) + " at position 1"), std::string::npos)
          << e.what();
    }
    EXPECT_THROW(tok.IdToPiece(bad), Error);
  }
}

TEST(CharTokenizerTest, InvalidUtf8) {
  try {
    CharTokenizer::Build({"ok", "bad\xC3"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("text #1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("byte offset 3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(CharTokenizer::Build({"a"}).Encode("\xE0\x80\x80"), Error);  // overlong
}

TEST(CharTokenizerTest, FromVocabularyValidates) {
  EXPECT_EQ(CharTokenizer::FromVocabulary({"<unk>", "z", "a"}).Encode("az"), (std::vector<int>{2, 1}));
  struct Bad {
    Vocab vocab;
    std::string expect;
  };
  for (const Bad& bad : {Bad{{}, "empty"}, Bad{{"a", "<unk>"}, "must start with"},
                         Bad{{"<unk>", "ab"}, "exactly one code point"}, Bad{{"<unk>", ""}, "exactly one"},
                         Bad{{"<unk>", "<unk>"}, "entry 1"}, Bad{{"<unk>", "a", "b", "a"}, "duplicates entry 1"}}) {
    try {
      CharTokenizer::FromVocabulary(bad.vocab);
      FAIL() << bad.expect;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find(bad.expect), std::string::npos) << e.what();
    }
  }
}

TEST(CharTokenizerTest, SaveLoadRoundTrip) {
  test::TempDir dir;
  const CharTokenizer tok = CharTokenizer::Build({"하나 둘 셋", "one two"});
  tok.Save(dir.path());
  const std::unique_ptr<Tokenizer> loaded = LoadTokenizer(dir.path());
  EXPECT_EQ(loaded->type(), "char");
  EXPECT_EQ(loaded->vocab_size(), tok.vocab_size());
  for (int id = 0; id < tok.vocab_size(); ++id) EXPECT_EQ(loaded->IdToPiece(id), tok.IdToPiece(id));
  EXPECT_EQ(loaded->Encode("셋 two!"), tok.Encode("셋 two!"));
}

TEST(CharTokenizerTest, LoadReportsBadVocabulary) {
  test::TempDir dir;
  dir.Write("tokenizer.json", R"({"type": "char", "version": 1, "vocab": ["<unk>", "a", "a"]})");
  try {
    LoadTokenizer(dir.path());
    FAIL();
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(dir.File("tokenizer.json")), std::string::npos) << what;
    EXPECT_NE(what.find("'vocab'"), std::string::npos) << what;
    EXPECT_NE(what.find("duplicates"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace sori
