#include "text/metrics.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "util/error.h"

namespace sori {
namespace {

using Tokens = std::vector<std::string>;

struct CountCase {
  std::string name;
  Tokens ref;
  Tokens hyp;
  int64_t hits, subs, dels, ins;
};

class AlignTokensTest : public ::testing::TestWithParam<CountCase> {};

TEST_P(AlignTokensTest, Counts) {
  const CountCase& c = GetParam();
  for (const int64_t max_cells : {kMaxBacktraceCells, int64_t{0}}) {  // both memory modes
    const Alignment a = AlignTokens(c.ref, c.hyp, max_cells);
    EXPECT_EQ(a.counts.hits, c.hits) << max_cells;
    EXPECT_EQ(a.counts.substitutions, c.subs) << max_cells;
    EXPECT_EQ(a.counts.deletions, c.dels) << max_cells;
    EXPECT_EQ(a.counts.insertions, c.ins) << max_cells;
    EXPECT_EQ(a.counts.ref_length(), static_cast<int64_t>(c.ref.size()));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AlignTokensTest,
    ::testing::Values(CountCase{"BothEmpty", {}, {}, 0, 0, 0, 0},
                      CountCase{"EmptyHyp", {"a", "b", "c"}, {}, 0, 0, 3, 0},
                      CountCase{"EmptyRef", {}, {"x", "y"}, 0, 0, 0, 2},
                      CountCase{"Identical", {"a", "b"}, {"a", "b"}, 2, 0, 0, 0},
                      CountCase{"OneSub", {"a"}, {"b"}, 0, 1, 0, 0},
                      CountCase{"Kitten", {"k", "i", "t", "t", "e", "n"}, {"s", "i", "t", "t", "i", "n", "g"},
                                4, 2, 0, 1},
                      CountCase{"AllDifferentLonger", {"a", "b"}, {"x", "y", "z"}, 0, 2, 0, 1},
                      // Ties: "a b" vs "b a" costs 2 either as S+S or D+I; the diagonal wins.
                      CountCase{"TiePrefersSubstitution", {"a", "b"}, {"b", "a"}, 0, 2, 0, 0}),
    [](const ::testing::TestParamInfo<CountCase>& param_info) { return param_info.param.name; });

TEST(AlignTokensTest, KittenAlignment) {
  const Alignment a = AlignCharacters("kitten", "sitting");
  ASSERT_TRUE(a.has_tokens);
  ASSERT_EQ(a.tokens.size(), 7u);
  const std::vector<EditOp> ops = {EditOp::kSubstitution, EditOp::kMatch, EditOp::kMatch, EditOp::kMatch,
                                   EditOp::kSubstitution, EditOp::kMatch, EditOp::kInsertion};
  for (size_t k = 0; k < ops.size(); ++k) EXPECT_EQ(a.tokens[k].op, ops[k]) << k;
  EXPECT_EQ(a.tokens[0].ref, "k");
  EXPECT_EQ(a.tokens[0].hyp, "s");
  EXPECT_EQ(a.tokens[6].ref, "");
  EXPECT_EQ(a.tokens[6].hyp, "g");
  EXPECT_DOUBLE_EQ(a.counts.rate(), 3.0 / 6.0);
}

TEST(AlignTokensTest, TieBreakPrefersDeletionOverInsertion) {
  // "a" vs "b b": S+I either way; the path from the end takes the diagonal for the last
  // "b" only if it is cheapest, else deletion before insertion.
  const Alignment a = AlignTokens({"a", "b"}, {"b"});
  // Options: D(a) M(b) cost 1. Diagonal-first from the end gives M(b), then D(a).
  ASSERT_EQ(a.tokens.size(), 2u);
  EXPECT_EQ(a.tokens[0].op, EditOp::kDeletion);
  EXPECT_EQ(a.tokens[1].op, EditOp::kMatch);

  // ref "a" vs hyp "x a x"... cost 2 with insertions on both sides: I M I.
  const Alignment b = AlignTokens({"a"}, {"x", "a", "x"});
  ASSERT_EQ(b.tokens.size(), 3u);
  EXPECT_EQ(b.tokens[0].op, EditOp::kInsertion);
  EXPECT_EQ(b.tokens[1].op, EditOp::kMatch);
  EXPECT_EQ(b.tokens[2].op, EditOp::kInsertion);

  // "a b" vs "c": S + D; walking back, the diagonal (b/c) wins, then a is deleted.
  const Alignment c = AlignTokens({"a", "b"}, {"c"});
  ASSERT_EQ(c.tokens.size(), 2u);
  EXPECT_EQ(c.tokens[0].op, EditOp::kDeletion);
  EXPECT_EQ(c.tokens[0].ref, "a");
  EXPECT_EQ(c.tokens[1].op, EditOp::kSubstitution);
}

TEST(AlignTokensTest, WordErrorRate) {
  const Alignment a = AlignWords("the cat sat on the mat", "the cat sit on mat");
  EXPECT_EQ(a.counts.hits, 4);
  EXPECT_EQ(a.counts.substitutions, 1);
  EXPECT_EQ(a.counts.deletions, 1);
  EXPECT_EQ(a.counts.insertions, 0);
  EXPECT_DOUBLE_EQ(a.counts.rate(), 2.0 / 6.0);
  ASSERT_EQ(a.tokens.size(), 6u);
  EXPECT_EQ(a.tokens[2].op, EditOp::kSubstitution);
  EXPECT_EQ(a.tokens[4].op, EditOp::kDeletion);
  EXPECT_EQ(a.tokens[4].ref, "the");
  EXPECT_EQ(a.tokens[4].hyp, "");
}

TEST(ErrorCountsTest, RateEdgeCases) {
  ErrorCounts none;
  EXPECT_EQ(none.rate(), 0.0);
  ErrorCounts inserted;
  inserted.insertions = 3;
  EXPECT_EQ(inserted.rate(), 1.0);  // empty reference with errors
  ErrorCounts over;
  over.hits = 1;
  over.insertions = 3;
  EXPECT_DOUBLE_EQ(over.rate(), 3.0);  // insertions can push a rate above 1
  EXPECT_EQ(AlignWords("", "").counts.rate(), 0.0);
  EXPECT_EQ(AlignWords("", "a b").counts.rate(), 1.0);
  EXPECT_EQ(AlignWords("a b", "").counts.rate(), 1.0);
}

TEST(ErrorCountsTest, CorpusRateIsNotMeanOfRates) {
  // Utterance 1: 1 error over 1 word (rate 1.0). Utterance 2: 0 errors over 9 words.
  const Alignment u1 = AlignWords("yes", "no");
  const Alignment u2 = AlignWords("one two three four five six seven eight nine",
                                  "one two three four five six seven eight nine");
  ErrorCounts total;
  total += u1.counts;
  total += u2.counts;
  EXPECT_EQ(total.hits, 9);
  EXPECT_EQ(total.substitutions, 1);
  EXPECT_EQ(total.ref_length(), 10);
  EXPECT_DOUBLE_EQ(total.rate(), 0.1);                                  // corpus rate
  EXPECT_DOUBLE_EQ((u1.counts.rate() + u2.counts.rate()) / 2.0, 0.5);  // mean of rates differs
  ErrorCounts& self = (total += ErrorCounts{});
  EXPECT_EQ(&self, &total);
}

TEST(CharacterTokensTest, Tokens) {
  EXPECT_EQ(CharacterTokens("", {}), Tokens{});
  EXPECT_EQ(CharacterTokens("  a  b ", {}), (Tokens{"a", " ", "b"}));
  EXPECT_EQ(CharacterTokens("  a  b ", CerOptions{true}), (Tokens{"a", "b"}));
  EXPECT_EQ(CharacterTokens("한국", {}), (Tokens{"한", "국"}));
  // NFD Hangul counts syllables, like NFC.
  EXPECT_EQ(CharacterTokens("\u1112\u1161\u11AB\u1100\u116E\u11A8", {}), (Tokens{"한", "국"}));
  EXPECT_THROW(CharacterTokens("\xE0\xA0", {}), Error);
}

TEST(WordTokensTest, Tokens) {
  EXPECT_EQ(WordTokens(""), Tokens{});
  EXPECT_EQ(WordTokens(" \t "), Tokens{});
  EXPECT_EQ(WordTokens(" the\tcat\u3000sat\n"), (Tokens{"the", "cat", "sat"}));
  EXPECT_EQ(WordTokens("\u1112\u1161\u11AB \uAC00"), (Tokens{"한", "가"}));
  EXPECT_THROW(WordTokens("ok \x80"), Error);
}

TEST(AlignCharactersTest, Korean) {
  const Alignment a = AlignCharacters("안녕하세요", "안녕하세오");
  EXPECT_EQ(a.counts.substitutions, 1);
  EXPECT_EQ(a.counts.ref_length(), 5);
  EXPECT_DOUBLE_EQ(a.counts.rate(), 1.0 / 5.0);
}

TEST(AlignCharactersTest, IgnoreSpaces) {
  // With spaces: "ab cd" (5 tokens) vs "abcd": one deleted space.
  const Alignment with = AlignCharacters("ab cd", "abcd");
  EXPECT_EQ(with.counts.deletions, 1);
  EXPECT_DOUBLE_EQ(with.counts.rate(), 1.0 / 5.0);
  const Alignment without = AlignCharacters("ab cd", "abcd", CerOptions{true});
  EXPECT_EQ(without.counts.errors(), 0);
  EXPECT_EQ(without.counts.ref_length(), 4);
  // Korean word spacing errors are free with ignore_spaces.
  EXPECT_EQ(AlignCharacters("할 수 있다", "할수있다", CerOptions{true}).counts.errors(), 0);
  EXPECT_EQ(AlignCharacters("할 수 있다", "할수있다").counts.deletions, 2);
}

TEST(AlignTokensTest, BothModesAgreeOnRandomInputs) {
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int> len(0, 30), sym(0, 3);
  for (int trial = 0; trial < 300; ++trial) {
    Tokens ref(static_cast<size_t>(len(rng))), hyp(static_cast<size_t>(len(rng)));
    for (auto& t : ref) t = std::string(1, static_cast<char>('a' + sym(rng)));
    for (auto& t : hyp) t = std::string(1, static_cast<char>('a' + sym(rng)));
    const Alignment full = AlignTokens(ref, hyp);
    const Alignment counts_only = AlignTokens(ref, hyp, 0);
    ASSERT_TRUE(full.has_tokens);
    EXPECT_EQ(counts_only.has_tokens, ref.empty() || hyp.empty());
    EXPECT_EQ(full.counts.hits, counts_only.counts.hits);
    EXPECT_EQ(full.counts.substitutions, counts_only.counts.substitutions);
    EXPECT_EQ(full.counts.deletions, counts_only.counts.deletions);
    EXPECT_EQ(full.counts.insertions, counts_only.counts.insertions);
    // The tokens reproduce both sequences and the counts.
    Tokens r, h;
    ErrorCounts recount;
    for (const AlignedToken& t : full.tokens) {
      if (t.op != EditOp::kInsertion) r.push_back(t.ref);
      if (t.op != EditOp::kDeletion) h.push_back(t.hyp);
      switch (t.op) {
        case EditOp::kMatch: ++recount.hits; EXPECT_EQ(t.ref, t.hyp); break;
        case EditOp::kSubstitution: ++recount.substitutions; EXPECT_NE(t.ref, t.hyp); break;
        case EditOp::kDeletion: ++recount.deletions; break;
        case EditOp::kInsertion: ++recount.insertions; break;
      }
    }
    EXPECT_EQ(r, ref);
    EXPECT_EQ(h, hyp);
    EXPECT_EQ(recount.errors(), full.counts.errors());
    EXPECT_EQ(recount.hits, full.counts.hits);
    // Edit distance is at least the length difference and at most the longer length.
    const int64_t diff = std::abs(static_cast<int64_t>(ref.size()) - static_cast<int64_t>(hyp.size()));
    EXPECT_GE(full.counts.errors(), diff);
    EXPECT_LE(full.counts.errors(), static_cast<int64_t>(std::max(ref.size(), hyp.size())));
  }
}

TEST(AlignTokensTest, LargeInputWithoutBacktrace) {
  // 3000 x 3000 = 9e6 cells; with a 1e6-cell limit only counts are kept.
  Tokens ref(3000, "a"), hyp(3000, "a");
  hyp[1500] = "b";
  hyp.push_back("c");
  const Alignment a = AlignTokens(ref, hyp, 1000000);
  EXPECT_FALSE(a.has_tokens);
  EXPECT_TRUE(a.tokens.empty());
  EXPECT_EQ(a.counts.hits, 2999);
  EXPECT_EQ(a.counts.substitutions, 1);
  EXPECT_EQ(a.counts.insertions, 1);
  EXPECT_EQ(a.counts.deletions, 0);
  EXPECT_EQ(FormatAlignment(a), "(alignment not kept for inputs this long; S=1 D=0 I=1 hits=2999)\n");
}

TEST(FormatAlignmentTest, Words) {
  EXPECT_EQ(FormatAlignment(AlignWords("the cat sat on the mat", "the cat sit on mat")),
            "REF: the cat sat on the mat\n"
            "HYP: the cat sit on *** mat\n"
            "             S      D\n");
}

TEST(FormatAlignmentTest, InsertionsAndWidths) {
  EXPECT_EQ(FormatAlignment(AlignWords("a b", "a xyzzy b c")),
            "REF: a ***   b ***\n"
            "HYP: a xyzzy b c\n"
            "       I       I\n");
}

TEST(FormatAlignmentTest, HangulIsTwoColumnsWide) {
  // 세 and 오 are 2 columns each; "a" is padded to 2 columns under "가".
  EXPECT_EQ(FormatAlignment(AlignCharacters("가 세", "a 오")),
            "REF: 가 ␣ 세\n"
            "HYP: a  ␣ 오\n"
            "     S    S\n");
}

TEST(FormatAlignmentTest, Empty) { EXPECT_EQ(FormatAlignment(AlignWords("", "")), "REF:\nHYP:\n\n"); }

}  // namespace
}  // namespace sori
