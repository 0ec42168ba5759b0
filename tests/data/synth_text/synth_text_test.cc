// The sentence generators: determinism, normalizer idempotence, the character set,
// lengths, kind coverage and weights, and the number systems Korean switches between.
#include "data/synth/synth_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "data/synth/synth_text_en_words.h"
#include "data/synth/synth_text_english_numbers.h"
#include "data/synth/synth_text_ko_words.h"
#include "data/synth/synth_text_korean_numbers.h"
#include "text/hangul.h"
#include "text/normalize.h"
#include "util/error.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace sori {
namespace {

constexpr int kSamples = 5000;

std::vector<SynthText> Sample(const std::string& lang, uint64_t seed, int count) {
  const auto gen = MakeSentenceGenerator(lang);
  std::mt19937_64 rng(seed);
  std::vector<SynthText> out;
  out.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) out.push_back(gen->Next(rng));
  return out;
}

// Single spaces between words, none at either end.
bool WellSpaced(const std::string& text) {
  return !text.empty() && text.front() != ' ' && text.back() != ' ' &&
         text.find("  ") == std::string::npos;
}

TEST(MakeSentenceGeneratorTest, UnknownLanguageNamesItAndTheAccepted) {
  try {
    MakeSentenceGenerator("fr");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    const std::string message = e.what();
    EXPECT_NE(message.find("'fr'"), std::string::npos) << message;
    EXPECT_NE(message.find("ko, en"), std::string::npos) << message;
  }
  EXPECT_THROW(MakeSentenceGenerator(""), Error);
  EXPECT_THROW(MakeSentenceGenerator("KO"), Error);
}

TEST(MakeSentenceGeneratorTest, KindsAndLanguage) {
  const auto ko = MakeSentenceGenerator("ko");
  const auto en = MakeSentenceGenerator("en");
  EXPECT_EQ(ko->lang(), "ko");
  EXPECT_EQ(en->lang(), "en");
  EXPECT_EQ(ko->kinds(), (std::vector<std::string>{"sentence", "template", "sino_number", "native_count",
                                                   "date", "time", "price", "phone", "digits"}));
  EXPECT_EQ(en->kinds(), (std::vector<std::string>{"sentence", "template", "number", "count", "date",
                                                   "time", "price", "phone", "digits"}));
}

TEST(MakeSentenceGeneratorTest, UnknownKindNamesItAndTheAccepted) {
  const auto ko = MakeSentenceGenerator("ko");
  std::mt19937_64 rng(1);
  try {
    ko->NextOfKind(rng, "count");  // an English kind
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    const std::string message = e.what();
    EXPECT_NE(message.find("'count'"), std::string::npos) << message;
    EXPECT_NE(message.find("native_count"), std::string::npos) << message;
  }
}

class GeneratorTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GeneratorTest, SameSeedSameTexts) {
  const auto a = Sample(GetParam(), 42, 1000);
  const auto b = Sample(GetParam(), 42, 1000);
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].text, b[i].text) << i;
    ASSERT_EQ(a[i].kind, b[i].kind) << i;
  }
}

TEST_P(GeneratorTest, DifferentSeedsDiffer) {
  const auto a = Sample(GetParam(), 1, 1000);
  const auto b = Sample(GetParam(), 2, 1000);
  int same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i].text == b[i].text ? 1 : 0;
  EXPECT_LT(same, 100);  // only short fixed sentences can coincide
}

TEST_P(GeneratorTest, GeneratorIsStateless) {
  // Two generators interleaved on one engine give what one gives: all state is the rng.
  const auto one = MakeSentenceGenerator(GetParam());
  const auto two = MakeSentenceGenerator(GetParam());
  std::mt19937_64 rng(9);
  std::vector<std::string> interleaved;
  for (int i = 0; i < 200; ++i) interleaved.push_back((i % 2 ? one : two)->Next(rng).text);
  const auto single = Sample(GetParam(), 9, 200);
  for (size_t i = 0; i < single.size(); ++i) ASSERT_EQ(interleaved[i], single[i].text) << i;
}

TEST_P(GeneratorTest, OutputIsAlreadyNormalized) {
  for (const SynthText& t : Sample(GetParam(), 123, kSamples)) {
    ASSERT_EQ(NormalizeText(t.text, GetParam()), t.text) << t.kind << ": " << t.text;
  }
}

TEST_P(GeneratorTest, EveryKindAppearsWithRoughlyItsWeight) {
  const auto gen = MakeSentenceGenerator(GetParam());
  // synth_text.h: sentence 25, template 15, digits and phone 5, everything else 10.
  std::map<std::string, int> weights;
  for (const std::string& kind : gen->kinds()) weights[kind] = 10;
  weights["sentence"] = 25;
  weights["template"] = 15;
  weights["phone"] = 5;
  weights["digits"] = 5;
  std::map<std::string, int> counts;
  for (const SynthText& t : Sample(GetParam(), 5, kSamples)) ++counts[t.kind];
  int total_weight = 0;
  for (const auto& [kind, weight] : weights) total_weight += weight;
  EXPECT_EQ(total_weight, 100);
  for (const auto& [kind, weight] : weights) {
    const double expected = kSamples * weight / 100.0;
    // Binomial standard deviation is at most ~31 here; allow five of them.
    EXPECT_NEAR(counts[kind], expected, 160) << kind;
  }
  EXPECT_EQ(counts.size(), weights.size());
}

TEST_P(GeneratorTest, EveryKindOnItsOwnMeetsTheRules) {
  const auto gen = MakeSentenceGenerator(GetParam());
  std::mt19937_64 rng(77);
  for (const std::string& kind : gen->kinds()) {
    std::set<std::string> distinct;
    for (int i = 0; i < 300; ++i) {
      const SynthText t = gen->NextOfKind(rng, kind);
      ASSERT_EQ(t.kind, kind);
      ASSERT_EQ(NormalizeText(t.text, GetParam()), t.text) << kind << ": " << t.text;
      distinct.insert(t.text);
    }
    EXPECT_GT(distinct.size(), 100u) << kind << " has too little variety";
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, GeneratorTest, ::testing::Values("ko", "en"));

TEST(KoreanGeneratorTest, OnlyHangulSyllablesAndSingleSpaces) {
  for (const SynthText& t : Sample("ko", 321, kSamples)) {
    ASSERT_TRUE(WellSpaced(t.text)) << t.text;
    for (char32_t c : Utf8ToCodepoints(t.text)) {
      ASSERT_TRUE(c == U' ' || IsHangulSyllable(c)) << t.kind << ": " << t.text;
    }
  }
}

TEST(KoreanGeneratorTest, LengthsInSyllables) {
  int shortest = 1000, longest = 0;
  for (const SynthText& t : Sample("ko", 654, kSamples)) {
    int syllables = 0;
    for (char32_t c : Utf8ToCodepoints(t.text)) syllables += IsHangulSyllable(c) ? 1 : 0;
    ASSERT_GE(syllables, kKoreanMinSyllables) << t.text;
    ASSERT_LE(syllables, kKoreanMaxSyllables) << t.text;
    shortest = std::min(shortest, syllables);
    longest = std::max(longest, syllables);
  }
  EXPECT_LE(shortest, 8);   // the range is used, not just its middle
  EXPECT_GE(longest, 30);
}

// Words that come right before `counter` in the texts of `kind`.
std::set<std::string> WordsBefore(const std::string& lang, const std::string& kind,
                                  const std::string& counter, int samples) {
  const auto gen = MakeSentenceGenerator(lang);
  std::mt19937_64 rng(2024);
  std::set<std::string> before;
  for (int i = 0; i < samples; ++i) {
    const std::vector<std::string> words = SplitWhitespace(gen->NextOfKind(rng, kind).text);
    for (size_t w = 1; w < words.size(); ++w) {
      if (words[w] == counter || StartsWith(words[w], counter + "까지") ||
          StartsWith(words[w], counter + "에") || StartsWith(words[w], counter + "부터") ||
          StartsWith(words[w], counter + "입니다") || StartsWith(words[w], counter + "으로") ||
          StartsWith(words[w], counter + "로") || StartsWith(words[w], counter + "이")) {
        before.insert(words[w - 1]);
      }
    }
  }
  return before;
}

std::set<std::string> NativeAttributive(int lo, int hi) {
  std::set<std::string> out;
  for (int n = lo; n <= hi; ++n) out.insert(NativeKoreanNumber(n, true));
  return out;
}

std::set<std::string> Sino(int lo, int hi) {
  std::set<std::string> out;
  for (int n = lo; n <= hi; ++n) out.insert(SinoKoreanNumber(n));
  return out;
}

TEST(KoreanGeneratorTest, ClockHoursAreNativeAndMinutesSino) {
  const std::set<std::string> hours = NativeAttributive(1, 12);
  const std::set<std::string> minutes = Sino(1, 59);
  const std::set<std::string> before_si = WordsBefore("ko", "time", "시", 2000);
  const std::set<std::string> before_bun = WordsBefore("ko", "time", "분", 2000);
  ASSERT_FALSE(before_si.empty());
  ASSERT_FALSE(before_bun.empty());
  for (const std::string& w : before_si) EXPECT_TRUE(hours.count(w)) << w << " 시";
  for (const std::string& w : before_bun) EXPECT_TRUE(minutes.count(w)) << w << " 분";
  EXPECT_EQ(before_si, hours);  // every hour, 한 시 .. 열두 시, occurs
}

TEST(KoreanGeneratorTest, AgesAreNative) {
  const std::set<std::string> ages = NativeAttributive(1, 99);
  const std::set<std::string> before_sal = WordsBefore("ko", "native_count", "살", 3000);
  ASSERT_GT(before_sal.size(), 20u);
  for (const std::string& w : before_sal) EXPECT_TRUE(ages.count(w)) << w << " 살";
  EXPECT_TRUE(before_sal.count("스무") || before_sal.count("스물한")) << "20s ages missing";
}

TEST(KoreanGeneratorTest, DatesUseSinoDaysAndIrregularMonths) {
  const auto gen = MakeSentenceGenerator("ko");
  std::mt19937_64 rng(11);
  bool yuwol = false, siwol = false;
  for (int i = 0; i < 3000; ++i) {
    const std::string text = gen->NextOfKind(rng, "date").text;
    ASSERT_EQ(text.find("육월"), std::string::npos) << text;
    ASSERT_EQ(text.find("십월"), std::string::npos) << text;
    yuwol |= text.find("유월") != std::string::npos;
    siwol |= text.find("시월") != std::string::npos;
  }
  EXPECT_TRUE(yuwol);
  EXPECT_TRUE(siwol);
  const std::set<std::string> days = Sino(1, 31);
  for (const std::string& w : WordsBefore("ko", "date", "일", 2000)) {
    // In "구월 일 일" (the first of September) the first 일 is the day itself.
    if (EndsWith(w, "월")) continue;
    EXPECT_TRUE(days.count(w)) << w << " 일";
  }
}

TEST(KoreanGeneratorTest, PhoneNumbersSayGongForZero) {
  const auto gen = MakeSentenceGenerator("ko");
  std::mt19937_64 rng(12);
  int mobile = 0;
  for (int i = 0; i < 500; ++i) {
    const std::string text = gen->NextOfKind(rng, "phone").text;
    ASSERT_EQ(text.find("영"), std::string::npos) << text;
    mobile += text.find("공일공") != std::string::npos ? 1 : 0;
  }
  EXPECT_GT(mobile, 100);
}

TEST(EnglishGeneratorTest, OnlyLowerCaseWordsAndInnerApostrophes) {
  for (const SynthText& t : Sample("en", 321, kSamples)) {
    ASSERT_TRUE(WellSpaced(t.text)) << t.text;
    for (size_t i = 0; i < t.text.size(); ++i) {
      const char c = t.text[i];
      if (c == '\'') {
        // Only inside a word, as in "don't" and "o'clock".
        ASSERT_TRUE(i > 0 && i + 1 < t.text.size() && t.text[i - 1] >= 'a' && t.text[i - 1] <= 'z' &&
                    t.text[i + 1] >= 'a' && t.text[i + 1] <= 'z')
            << t.text;
        continue;
      }
      ASSERT_TRUE(c == ' ' || (c >= 'a' && c <= 'z')) << t.kind << ": " << t.text;
    }
  }
}

TEST(EnglishGeneratorTest, LengthsInWords) {
  int shortest = 1000, longest = 0;
  for (const SynthText& t : Sample("en", 654, kSamples)) {
    const int words = static_cast<int>(SplitWhitespace(t.text).size());
    ASSERT_GE(words, kEnglishMinWords) << t.text;
    ASSERT_LE(words, kEnglishMaxWords) << t.text;
    shortest = std::min(shortest, words);
    longest = std::max(longest, words);
  }
  EXPECT_LE(shortest, 4);
  EXPECT_GE(longest, 16);
}

TEST(EnglishGeneratorTest, TimesAvoidLetterAbbreviations) {
  const auto gen = MakeSentenceGenerator("en");
  std::mt19937_64 rng(13);
  for (int i = 0; i < 1000; ++i) {
    const std::string text = " " + gen->NextOfKind(rng, "time").text + " ";
    ASSERT_EQ(text.find(" a m "), std::string::npos) << text;
    ASSERT_EQ(text.find(" p m "), std::string::npos) << text;
    ASSERT_EQ(text.find(" zero "), std::string::npos) << text;  // minutes use "oh"
  }
}

TEST(EnglishGeneratorTest, PricesAgreeInNumber) {
  // Words that can come before "one" inside a larger number ("thirty one dollars").
  std::set<std::string> number_words = {"hundred", "thousand", "million"};
  for (int n = 20; n < 100; n += 10) number_words.insert(EnglishNumber(n));
  const auto gen = MakeSentenceGenerator("en");
  std::mt19937_64 rng(14);
  for (int i = 0; i < 2000; ++i) {
    const std::string text = gen->NextOfKind(rng, "price").text;
    const std::vector<std::string> words = SplitWhitespace(text);
    for (size_t w = 1; w < words.size(); ++w) {
      ASSERT_NE(words[w], "zero") << text;
      const bool amount_is_one = words[w - 1] == "one" && (w < 2 || !number_words.count(words[w - 2]));
      if (words[w] == "dollars" || words[w] == "cents") {
        ASSERT_FALSE(amount_is_one) << text;
      }
      if (words[w] == "dollar" || words[w] == "cent") {
        ASSERT_TRUE(amount_is_one) << text;
      }
    }
  }
}

// The hand-written sentences, each on its own (sampling may miss some): clean, already
// normalized, no repeats, and enough of them.
TEST(SentenceListTest, KoreanSentencesAreCleanAndDistinct) {
  std::set<std::string> seen;
  for (const char* sentence : ko::Sentences()) {
    const std::string text = sentence;
    EXPECT_TRUE(seen.insert(text).second) << "repeated: " << text;
    EXPECT_TRUE(WellSpaced(text)) << text;
    EXPECT_EQ(NormalizeText(text, "ko"), text);
    for (char32_t c : Utf8ToCodepoints(text)) EXPECT_TRUE(c == U' ' || IsHangulSyllable(c)) << text;
  }
  EXPECT_GE(seen.size(), 150u);
}

TEST(SentenceListTest, EnglishSentencesAreCleanAndDistinct) {
  std::set<std::string> seen;
  for (const char* sentence : en::Sentences()) {
    const std::string text = sentence;
    EXPECT_TRUE(seen.insert(text).second) << "repeated: " << text;
    EXPECT_TRUE(WellSpaced(text)) << text;
    EXPECT_EQ(NormalizeText(text, "en"), text);
    for (char c : text) EXPECT_TRUE(c == ' ' || c == '\'' || (c >= 'a' && c <= 'z')) << text;
  }
  EXPECT_GE(seen.size(), 150u);
}

}  // namespace
}  // namespace sori
