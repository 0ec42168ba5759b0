#include "text/normalize_en.h"

#include <gtest/gtest.h>

#include <string>

#include "util/error.h"

namespace sori {
namespace {

struct EnCase {
  std::string name;
  std::string input;
  std::string expected;
};

class NormalizeEnglishTest : public ::testing::TestWithParam<EnCase> {};

TEST_P(NormalizeEnglishTest, Defaults) { EXPECT_EQ(NormalizeEnglish(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Cases, NormalizeEnglishTest,
    ::testing::Values(
        EnCase{"Empty", "", ""},
        EnCase{"OnlyPunctuation", " ... !?, ", ""},
        EnCase{"Basic", "Hello, world!", "hello world"},
        EnCase{"ApostropheInsideWord", "Don't stop", "don't stop"},
        EnCase{"QuotedWithApostrophes", "'quoted' word", "quoted word"},
        EnCase{"PluralPossessive", "the students' books", "the students books"},
        EnCase{"CurlyApostrophe", "It\u2019s \u201Cfine\u201D", "it's fine"},
        EnCase{"CurlySingleQuotes", "\u2018hi\u2019 there", "hi there"},
        EnCase{"Hyphen", "well-known long-term", "well known long term"},
        EnCase{"EmDash", "wait\u2014what", "wait what"},
        EnCase{"Slash", "and/or", "and or"},
        EnCase{"Abbreviation", "The U.S. army", "the us army"},
        EnCase{"DecimalAndThousands", "3.5 and 1,000.", "3.5 and 1000"},
        EnCase{"Symbols", "50% of $10 & more @home #1 (yes) [no] {x}", "50 of 10 more home 1 yes no x"},
        EnCase{"FullWidth", "\uFF28\uFF45\uFF4C\uFF4C\uFF4F\uFF01", "hello"},
        EnCase{"Latin1", "CAFÉ Ÿ ×", "café Ÿ ×"},
        EnCase{"Whitespace", " a\t\u00A0b\u3000 c\n", "a b c"},
        EnCase{"ZeroWidth", "ze\u200Bro", "zero"},
        EnCase{"Ellipsis", "well\u2026 ok", "well ok"},
        EnCase{"Guillemets", "\u00ABhola\u00BB \u00BFqu\u00E9?", "hola qué"},
        EnCase{"RockNRoll", "rock'n'roll", "rock'n'roll"}),
    [](const ::testing::TestParamInfo<EnCase>& param_info) { return param_info.param.name; });

TEST(NormalizeEnglishOptionsTest, NoApostrophes) {
  EnglishNormalizerOptions options;
  options.keep_apostrophes = false;
  EXPECT_EQ(NormalizeEnglish("Don't 'go'", options), "dont go");
}

TEST(NormalizeEnglishOptionsTest, KeepPunctuationAndCase) {
  EnglishNormalizerOptions options;
  options.lowercase = false;
  options.remove_punctuation = false;
  EXPECT_EQ(NormalizeEnglish("  It\u2019s   \u201CFine\u201D\u2014OK!  ", options), "It's \"Fine\"-OK!");
}

TEST(NormalizeEnglishOptionsTest, InvalidUtf8) {
  for (const std::string& bad : {std::string("abc\xE2\x80"), std::string("\xF8\x88\x80\x80\x80"), std::string("\xBF")}) {
    try {
      NormalizeEnglish(bad);
      FAIL();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find("byte offset"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace sori
