// The small pieces the generators are built from: Korean particles, the calendar,
// portable random draws, template filling and length units.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "data/synth/synth_text_calendar.h"
#include "data/synth/synth_text_kinds.h"
#include "data/synth/synth_text_korean_particles.h"
#include "data/synth/synth_text_random.h"
#include "util/error.h"

namespace sori {
namespace {

struct ParticleCase {
  std::string word;
  KoreanParticle particle;
  std::string expected;
};

class KoreanParticleTest : public ::testing::TestWithParam<ParticleCase> {};

TEST_P(KoreanParticleTest, Attaches) {
  EXPECT_EQ(WithParticle(GetParam().word, GetParam().particle), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, KoreanParticleTest,
    ::testing::Values(
        ParticleCase{"사과", KoreanParticle::kObject, "사과를"},
        ParticleCase{"책", KoreanParticle::kObject, "책을"},
        ParticleCase{"머리", KoreanParticle::kSubject, "머리가"},
        ParticleCase{"목", KoreanParticle::kSubject, "목이"},
        ParticleCase{"저", KoreanParticle::kTopic, "저는"},
        ParticleCase{"약국", KoreanParticle::kTopic, "약국은"},
        // 으로 after a consonant, but 로 after a vowel and after ㄹ.
        ParticleCase{"집", KoreanParticle::kDirection, "집으로"},
        ParticleCase{"학교", KoreanParticle::kDirection, "학교로"},
        ParticleCase{"지하철", KoreanParticle::kDirection, "지하철로"},
        ParticleCase{"일", KoreanParticle::kDirection, "일로"},
        ParticleCase{"공", KoreanParticle::kDirection, "공으로"},
        ParticleCase{"사과", KoreanParticle::kCopula, "사과예요"},
        ParticleCase{"책", KoreanParticle::kCopula, "책이에요"},
        ParticleCase{"빵", KoreanParticle::kAnd, "빵과"},
        ParticleCase{"우유", KoreanParticle::kAnd, "우유와"}));

TEST(KoreanParticleTest, RejectsWordsNotEndingInHangul) {
  EXPECT_TRUE(HasFinalConsonant("책"));
  EXPECT_FALSE(HasFinalConsonant("사과"));
  for (const char* bad : {"", "abc", "사과 ", "ㄱ"}) {
    try {
      WithParticle(bad, KoreanParticle::kObject);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    }
  }
}

TEST(CalendarTest, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2026));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2026, 2), 28);
  EXPECT_EQ(DaysInMonth(2026, 11), 30);
  EXPECT_EQ(DaysInMonth(2026, 12), 31);
  EXPECT_THROW(DaysInMonth(2026, 13), Error);
}

TEST(CalendarTest, KnownWeekdays) {
  EXPECT_EQ(WeekdayIndex(2026, 11, 22), 6);  // Sunday
  EXPECT_EQ(WeekdayIndex(2000, 1, 1), 5);    // Saturday
  EXPECT_EQ(WeekdayIndex(2024, 2, 29), 3);   // Thursday
  EXPECT_EQ(WeekdayIndex(1970, 1, 1), 3);    // Thursday
  EXPECT_THROW(WeekdayIndex(2026, 2, 29), Error);
  EXPECT_THROW(WeekdayIndex(2026, 4, 31), Error);
}

TEST(CalendarTest, ConsecutiveDaysAdvanceTheWeekday) {
  int expected = WeekdayIndex(1950, 1, 1);
  for (int year = 1950; year <= 2040; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= DaysInMonth(year, month); ++day) {
        ASSERT_EQ(WeekdayIndex(year, month, day), expected) << year << "-" << month << "-" << day;
        expected = (expected + 1) % 7;
      }
    }
  }
}

// Hand-computed from the first output of a default-seeded std::mt19937_64, which the
// C++ standard fixes: 14514284786278117030.
TEST(RandomTest, UniformBelowUsesOnlyRawEngineOutputs) {
  std::mt19937_64 reference;
  ASSERT_EQ(reference(), 14514284786278117030ULL);

  std::mt19937_64 rng;
  EXPECT_EQ(UniformBelow(rng, 10), 0u);  // 14514284786278117030 % 10
  // n = 2^63 + 1 rejects outputs below 2^64 mod n = 2^63 - 1; the first output is above.
  std::mt19937_64 big;
  EXPECT_EQ(UniformBelow(big, (uint64_t{1} << 63) + 1), 5290912749423341221ULL);
}

TEST(RandomTest, RangesAreRespected) {
  std::mt19937_64 rng(7);
  bool seen_lo = false, seen_hi = false;
  for (int i = 0; i < 2000; ++i) {
    const int64_t v = UniformInt(rng, -3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    seen_lo |= v == -3;
    seen_hi |= v == 3;
    const int64_t s = UniformStep(rng, 100, 900, 100);
    ASSERT_EQ(s % 100, 0);
    ASSERT_GE(s, 100);
    ASSERT_LE(s, 900);
    ASSERT_EQ(UniformBelow(rng, 1), 0u);
  }
  EXPECT_TRUE(seen_lo && seen_hi);
  EXPECT_THROW(UniformBelow(rng, 0), Error);
  EXPECT_THROW(UniformInt(rng, 2, 1), Error);
  EXPECT_THROW(UniformStep(rng, 150, 900, 100), Error);
}

TEST(FillTemplateTest, FillsInOrderAndChecksTheCount) {
  EXPECT_EQ(FillTemplate("{} 번 {}", {"삼십오", "버스"}), "삼십오 번 버스");
  EXPECT_EQ(FillTemplate("no holes", {}), "no holes");
  EXPECT_EQ(FillTemplate("{}{}", {"a", "b"}), "ab");
  try {
    FillTemplate("{} and {}", {"one"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInternal);
  }
  EXPECT_THROW(FillTemplate("{}", {"one", "two"}), Error);
}

TEST(JoinWordsTest, SkipsEmptyWords) {
  EXPECT_EQ(JoinWords({"", "창문을", "", "열어", "주세요"}), "창문을 열어 주세요");
  EXPECT_EQ(JoinWords({"", ""}), "");
}

TEST(LengthUnitsTest, SyllablesAndWords) {
  EXPECT_EQ(CountHangulSyllables("삼십오 번 버스"), 6);
  EXPECT_EQ(CountHangulSyllables(""), 0);
  EXPECT_EQ(CountWords("bus number thirty five"), 4);
  EXPECT_EQ(CountWords(""), 0);
}

}  // namespace
}  // namespace sori
