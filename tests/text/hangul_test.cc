#include "text/hangul.h"

#include <gtest/gtest.h>

#include <string>

#include "util/error.h"
#include "util/utf8.h"

namespace sori {
namespace {

TEST(HangulTest, Ranges) {
  EXPECT_TRUE(IsHangulSyllable(0xAC00));
  EXPECT_TRUE(IsHangulSyllable(0xD7A3));
  EXPECT_FALSE(IsHangulSyllable(0xABFF));
  EXPECT_FALSE(IsHangulSyllable(0xD7A4));
  EXPECT_TRUE(IsChoseong(0x1100));
  EXPECT_TRUE(IsChoseong(0x1112));
  EXPECT_FALSE(IsChoseong(0x1113));  // archaic
  EXPECT_TRUE(IsJungseong(0x1161));
  EXPECT_TRUE(IsJungseong(0x1175));
  EXPECT_FALSE(IsJungseong(0x1160));  // filler
  EXPECT_FALSE(IsJungseong(0x1176));
  EXPECT_TRUE(IsJongseong(0x11A8));
  EXPECT_TRUE(IsJongseong(0x11C2));
  EXPECT_FALSE(IsJongseong(0x11A7));
  EXPECT_FALSE(IsJongseong(0x11C3));
  EXPECT_EQ(kHangulSyllableCount, kChoseongCount * kJungseongCount * (kJongseongCount + 1));
}

struct DecomposeCase {
  std::u32string input;
  std::u32string expected;
};

class DecomposeTest : public ::testing::TestWithParam<DecomposeCase> {};

TEST_P(DecomposeTest, Decomposes) { EXPECT_EQ(DecomposeHangul(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Cases, DecomposeTest,
    ::testing::Values(
        DecomposeCase{U"", U""},
        DecomposeCase{U"\uAC00", U"\u1100\u1161"},                  // 가: first syllable, no final
        DecomposeCase{U"\uAC01", U"\u1100\u1161\u11A8"},            // 각
        DecomposeCase{U"\uD7A3", U"\u1112\u1175\u11C2"},            // 힣: last syllable
        DecomposeCase{U"\uD55C", U"\u1112\u1161\u11AB"},            // 한
        DecomposeCase{U"\uAE00", U"\u1100\u1173\u11AF"},            // 글
        DecomposeCase{U"a \uAC00!", U"a \u1100\u1161!"},            // others pass through
        DecomposeCase{U"\u3131", U"\u1100"},                        // ㄱ -> choseong
        DecomposeCase{U"\u3132", U"\u1101"},                        // ㄲ
        DecomposeCase{U"\u314E", U"\u1112"},                        // ㅎ
        DecomposeCase{U"\u3133", U"\u11AA"},                        // ㄳ -> jongseong only
        DecomposeCase{U"\u3135\u3136", U"\u11AC\u11AD"},            // ㄵ ㄶ
        DecomposeCase{U"\u313A\u3140", U"\u11B0\u11B6"},            // ㄺ ㅀ
        DecomposeCase{U"\u3144", U"\u11B9"},                        // ㅄ
        DecomposeCase{U"\u314F", U"\u1161"},                        // ㅏ
        DecomposeCase{U"\u3163", U"\u1175"},                        // ㅣ
        DecomposeCase{U"\u3164\u3165\u318E", U"\u3164\u3165\u318E"},  // archaic compat: unchanged
        DecomposeCase{U"\u1100\u1161", U"\u1100\u1161"}));          // already conjoining

struct ComposeCase {
  std::u32string input;
  std::u32string expected;
};

class ComposeTest : public ::testing::TestWithParam<ComposeCase> {};

TEST_P(ComposeTest, Composes) { EXPECT_EQ(ComposeHangul(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Cases, ComposeTest,
    ::testing::Values(
        ComposeCase{U"", U""},
        ComposeCase{U"\u1100\u1161", U"\uAC00"},                   // L V
        ComposeCase{U"\u1100\u1161\u11A8", U"\uAC01"},             // L V T
        ComposeCase{U"\uAC00\u11A8", U"\uAC01"},                   // LV syllable + T
        ComposeCase{U"\uAC01\u11A8", U"\uAC01\u3131"},             // LVT + T: T left over
        ComposeCase{U"\u1100", U"\u3131"},                         // lone L -> ㄱ
        ComposeCase{U"\u1161", U"\u314F"},                         // lone V -> ㅏ
        ComposeCase{U"\u11A8", U"\u3131"},                         // lone T -> ㄱ
        ComposeCase{U"\u11AA", U"\u3133"},                         // lone T cluster -> ㄳ
        ComposeCase{U"\u11AF", U"\u3139"},                         // ᆯ -> ㄹ
        ComposeCase{U"\u11C2", U"\u314E"},                         // ᇂ -> ㅎ
        ComposeCase{U"\u1112", U"\u314E"},                         // ᄒ -> ㅎ
        ComposeCase{U"\u1100\u1100\u1161", U"\u3131\uAC00"},       // L L V
        ComposeCase{U"\u1161\u1161", U"\u314F\u314F"},             // V V
        ComposeCase{U"\u1100 \u1161", U"\u3131 \u314F"},           // space blocks composition
        ComposeCase{U"a\u11A8", U"a\u3131"},                       // T after non-Hangul
        ComposeCase{U"\u1100\u1176", U"\u3131\u1176"},             // archaic V: no composition
        ComposeCase{U"\u1113\u1161", U"\u1113\u314F"},             // archaic L: no composition
        ComposeCase{U"\u3131\u314F", U"\u3131\u314F"},             // compat jamo: unchanged
        ComposeCase{U"\u1112\u1161\u11AB\u1100\u1173\u11AF", U"\uD55C\uAE00"}));  // 한글

TEST(HangulTest, EverySyllableRoundTrips) {
  std::u32string all;
  for (char32_t s = kHangulSyllableFirst; s <= kHangulSyllableLast; ++s) {
    const std::u32string jamo = DecomposeHangul(std::u32string(1, s));
    ASSERT_TRUE(jamo.size() == 2 || jamo.size() == 3);
    ASSERT_TRUE(IsChoseong(jamo[0]));
    ASSERT_TRUE(IsJungseong(jamo[1]));
    if (jamo.size() == 3) {
      ASSERT_TRUE(IsJongseong(jamo[2]));
    }
    ASSERT_EQ(ComposeHangul(jamo), std::u32string(1, s)) << "U+" << std::hex << static_cast<uint32_t>(s);
    all.push_back(s);
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kHangulSyllableCount));
  EXPECT_EQ(ComposeHangul(DecomposeHangul(all)), all);
}

TEST(HangulTest, EveryModernCompatJamoSurvivesAlone) {
  for (char32_t c = 0x3131; c <= 0x3163; ++c) {
    const std::u32string one(1, c);
    EXPECT_EQ(ComposeHangul(DecomposeHangul(one)), one) << "U+" << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(HangulTest, CompatJamoNextToEachOtherCanMerge) {
  // Documented: the mapping is not injective.
  EXPECT_EQ(ComposeHangul(DecomposeHangul(U"\u3131\u314F")), U"\uAC00");  // ㄱㅏ -> 가
  EXPECT_EQ(ComposeHangul(DecomposeHangul(U"\uAC00\u3133")), U"\uAC03");  // 가ㄳ -> 갃
  EXPECT_EQ(ComposeHangul(DecomposeHangul(U"\u314B\u314B")), U"\u314B\u314B");  // ㅋㅋ
}

TEST(HangulTest, Utf8Wrappers) {
  EXPECT_EQ(DecomposeHangulUtf8("한국어"), "\u1112\u1161\u11AB\u1100\u116E\u11A8\u110B\u1165");
  EXPECT_EQ(ComposeHangulUtf8("\u1112\u1161\u11AB\u1100\u116E\u11A8\u110B\u1165"), "한국어");
  EXPECT_EQ(ComposeHangulUtf8(""), "");
}

TEST(HangulTest, Utf8WrappersRejectInvalidUtf8) {
  for (const std::string& bad : {std::string("\xE1\x84"), std::string("\xC0\xAF"), std::string("a\x80"),
                                std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80")}) {
    try {
      DecomposeHangulUtf8(bad);
      FAIL() << "accepted invalid UTF-8";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find("byte offset"), std::string::npos) << e.what();
    }
    EXPECT_THROW(ComposeHangulUtf8(bad), Error);
  }
}

}  // namespace
}  // namespace sori
