#include "data/synth/synth_text_korean_numbers.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "util/error.h"

namespace sori {
namespace {

struct SinoCase {
  int64_t n;
  std::string expected;
};

class SinoKoreanNumberTest : public ::testing::TestWithParam<SinoCase> {};

TEST_P(SinoKoreanNumberTest, Spells) { EXPECT_EQ(SinoKoreanNumber(GetParam().n), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Table, SinoKoreanNumberTest,
    ::testing::Values(
        SinoCase{0, "영"}, SinoCase{1, "일"}, SinoCase{2, "이"}, SinoCase{9, "구"},
        // 일 is dropped before 십, 백, 천 and 만.
        SinoCase{10, "십"}, SinoCase{11, "십일"}, SinoCase{20, "이십"}, SinoCase{35, "삼십오"},
        // Spelled, not as pronounced ([심뉵]): the transcript follows the spelling.
        SinoCase{16, "십육"}, SinoCase{100, "백"}, SinoCase{101, "백일"}, SinoCase{110, "백십"},
        SinoCase{111, "백십일"}, SinoCase{270, "이백칠십"}, SinoCase{1000, "천"},
        SinoCase{1001, "천일"}, SinoCase{1988, "천구백팔십팔"}, SinoCase{2026, "이천이십육"},
        SinoCase{9999, "구천구백구십구"},
        // Groups of four digits are separated by a space (맞춤법 제44항).
        SinoCase{10000, "만"}, SinoCase{10001, "만 일"}, SinoCase{12345, "만 이천삼백사십오"},
        SinoCase{12500, "만 이천오백"}, SinoCase{20000, "이만"}, SinoCase{110000, "십일만"},
        SinoCase{123456, "십이만 삼천사백오십육"}, SinoCase{798000, "칠십구만 팔천"},
        SinoCase{1000000, "백만"}, SinoCase{10000000, "천만"}, SinoCase{11000000, "천백만"},
        // 일 is kept before 억 and 조.
        SinoCase{100000000, "일억"}, SinoCase{100000001, "일억 일"}, SinoCase{100010000, "일억 만"},
        SinoCase{150000000, "일억 오천만"},
        SinoCase{123456789, "일억 이천삼백사십오만 육천칠백팔십구"},
        SinoCase{1000000000000, "일조"}, SinoCase{1000000010000, "일조 만"},
        SinoCase{9999999999999999, "구천구백구십구조 구천구백구십구억 구천구백구십구만 구천구백구십구"}));

TEST(SinoKoreanNumberTest, OutOfRangeNamesValueAndRange) {
  for (int64_t bad : {int64_t{-1}, int64_t{10000000000000000}}) {
    try {
      SinoKoreanNumber(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find(std::to_string(bad)), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("9999999999999999"), std::string::npos) << e.what();
    }
  }
}

struct NativeCase {
  int n;
  std::string plain;
  std::string attributive;
};

class NativeKoreanNumberTest : public ::testing::TestWithParam<NativeCase> {};

TEST_P(NativeKoreanNumberTest, BothForms) {
  EXPECT_EQ(NativeKoreanNumber(GetParam().n, false), GetParam().plain);
  EXPECT_EQ(NativeKoreanNumber(GetParam().n, true), GetParam().attributive);
}

INSTANTIATE_TEST_SUITE_P(
    Table, NativeKoreanNumberTest,
    ::testing::Values(NativeCase{1, "하나", "한"}, NativeCase{2, "둘", "두"}, NativeCase{3, "셋", "세"},
                      NativeCase{4, "넷", "네"}, NativeCase{5, "다섯", "다섯"},
                      NativeCase{9, "아홉", "아홉"}, NativeCase{10, "열", "열"},
                      NativeCase{11, "열하나", "열한"}, NativeCase{12, "열둘", "열두"},
                      NativeCase{20, "스물", "스무"}, NativeCase{21, "스물하나", "스물한"},
                      NativeCase{22, "스물둘", "스물두"}, NativeCase{30, "서른", "서른"},
                      NativeCase{35, "서른다섯", "서른다섯"}, NativeCase{40, "마흔", "마흔"},
                      NativeCase{50, "쉰", "쉰"}, NativeCase{63, "예순셋", "예순세"},
                      NativeCase{74, "일흔넷", "일흔네"}, NativeCase{88, "여든여덟", "여든여덟"},
                      NativeCase{99, "아흔아홉", "아흔아홉"}));

TEST(NativeKoreanNumberTest, OutOfRange) {
  for (int bad : {0, -1, 100}) {
    for (bool attributive : {false, true}) {
      try {
        NativeKoreanNumber(bad, attributive);
        FAIL() << bad;
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
        EXPECT_NE(std::string(e.what()).find(std::to_string(bad)), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("1 to 99"), std::string::npos) << e.what();
      }
    }
  }
}

TEST(KoreanDigitsTest, ReadsOneDigitAtATimeWithGongForZero) {
  EXPECT_EQ(KoreanDigits("010"), "공일공");
  EXPECT_EQ(KoreanDigits("1234"), "일이삼사");
  EXPECT_EQ(KoreanDigits("5678"), "오육칠팔");
  EXPECT_EQ(KoreanDigits("0"), "공");
  EXPECT_EQ(KoreanDigits("119"), "일일구");
}

TEST(KoreanDigitsTest, RejectsEmptyAndNonDigits) {
  for (const char* bad : {"", "12a4", "010-1234", " 1"}) {
    try {
      KoreanDigits(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    }
  }
}

TEST(KoreanMonthNameTest, AllMonthsWithIrregularSixAndTen) {
  const char* expected[] = {"일월", "이월", "삼월", "사월",   "오월",   "유월",
                            "칠월", "팔월", "구월", "시월", "십일월", "십이월"};
  for (int month = 1; month <= 12; ++month) EXPECT_EQ(KoreanMonthName(month), expected[month - 1]);
  EXPECT_THROW(KoreanMonthName(0), Error);
  EXPECT_THROW(KoreanMonthName(13), Error);
}

}  // namespace
}  // namespace sori
