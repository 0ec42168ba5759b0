#include "data/synth/synth_text_english_numbers.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "util/error.h"

namespace sori {
namespace {

struct NumberCase {
  int64_t n;
  std::string expected;
};

class EnglishNumberTest : public ::testing::TestWithParam<NumberCase> {};

TEST_P(EnglishNumberTest, Spells) { EXPECT_EQ(EnglishNumber(GetParam().n), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Table, EnglishNumberTest,
    ::testing::Values(
        NumberCase{0, "zero"}, NumberCase{5, "five"}, NumberCase{10, "ten"},
        NumberCase{11, "eleven"}, NumberCase{13, "thirteen"}, NumberCase{19, "nineteen"},
        NumberCase{20, "twenty"}, NumberCase{21, "twenty one"}, NumberCase{35, "thirty five"},
        NumberCase{40, "forty"}, NumberCase{99, "ninety nine"}, NumberCase{100, "one hundred"},
        NumberCase{101, "one hundred one"}, NumberCase{110, "one hundred ten"},
        NumberCase{999, "nine hundred ninety nine"}, NumberCase{1000, "one thousand"},
        NumberCase{1205, "one thousand two hundred five"}, NumberCase{10001, "ten thousand one"},
        NumberCase{100000, "one hundred thousand"}, NumberCase{1000000, "one million"},
        NumberCase{1000001, "one million one"},
        NumberCase{123456789,
                   "one hundred twenty three million four hundred fifty six thousand seven hundred "
                   "eighty nine"},
        NumberCase{2000000000, "two billion"}, NumberCase{1000000000000, "one trillion"}));

TEST(EnglishNumberTest, OutOfRangeNamesValueAndRange) {
  for (int64_t bad : {int64_t{-1}, int64_t{1000000000001}}) {
    try {
      EnglishNumber(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find(std::to_string(bad)), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("0 to 1000000000000"), std::string::npos) << e.what();
    }
  }
}

class EnglishOrdinalTest : public ::testing::TestWithParam<NumberCase> {};

TEST_P(EnglishOrdinalTest, Spells) { EXPECT_EQ(EnglishOrdinal(GetParam().n), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Table, EnglishOrdinalTest,
    ::testing::Values(NumberCase{1, "first"}, NumberCase{2, "second"}, NumberCase{3, "third"},
                      NumberCase{4, "fourth"}, NumberCase{5, "fifth"}, NumberCase{8, "eighth"},
                      NumberCase{9, "ninth"}, NumberCase{11, "eleventh"}, NumberCase{12, "twelfth"},
                      NumberCase{20, "twentieth"}, NumberCase{21, "twenty first"},
                      NumberCase{22, "twenty second"}, NumberCase{23, "twenty third"},
                      NumberCase{30, "thirtieth"}, NumberCase{31, "thirty first"},
                      NumberCase{100, "one hundredth"}, NumberCase{1000000, "one millionth"}));

TEST(EnglishOrdinalTest, OutOfRange) {
  EXPECT_THROW(EnglishOrdinal(0), Error);
  EXPECT_THROW(EnglishOrdinal(1000000000001), Error);
}

struct YearCase {
  int year;
  std::string expected;
};

class EnglishYearTest : public ::testing::TestWithParam<YearCase> {};

TEST_P(EnglishYearTest, Spells) { EXPECT_EQ(EnglishYear(GetParam().year), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Table, EnglishYearTest,
    ::testing::Values(YearCase{1988, "nineteen eighty eight"}, YearCase{1900, "nineteen hundred"},
                      YearCase{1905, "nineteen oh five"}, YearCase{1100, "eleven hundred"},
                      YearCase{2000, "two thousand"}, YearCase{2005, "two thousand five"},
                      YearCase{2010, "twenty ten"}, YearCase{2026, "twenty twenty six"},
                      YearCase{2099, "twenty ninety nine"}));

TEST(EnglishYearTest, OutOfRange) {
  EXPECT_THROW(EnglishYear(1099), Error);
  EXPECT_THROW(EnglishYear(2100), Error);
}

TEST(EnglishDigitsTest, ReadsOneDigitAtATime) {
  EXPECT_EQ(EnglishDigits("4150"), "four one five zero");
  EXPECT_EQ(EnglishDigits("4150", "oh"), "four one five oh");
  EXPECT_EQ(EnglishDigits("911"), "nine one one");
  EXPECT_THROW(EnglishDigits(""), Error);
  EXPECT_THROW(EnglishDigits("415-555"), Error);
}

}  // namespace
}  // namespace sori
