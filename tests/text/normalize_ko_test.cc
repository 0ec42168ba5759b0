#include "text/normalize_ko.h"

#include <gtest/gtest.h>

#include <string>

#include "util/error.h"

namespace sori {
namespace {

using Dual = KoreanNormalizerOptions::Dual;

struct KoCase {
  std::string name;
  std::string input;
  std::string pronunciation;  // default options
  std::string spelling;       // dual = kSpelling, other options default
};

class NormalizeKoreanTest : public ::testing::TestWithParam<KoCase> {};

TEST_P(NormalizeKoreanTest, BothSides) {
  KoreanNormalizerOptions spelling;
  spelling.dual = Dual::kSpelling;
  EXPECT_EQ(NormalizeKorean(GetParam().input), GetParam().pronunciation) << GetParam().input;
  EXPECT_EQ(NormalizeKorean(GetParam().input, spelling), GetParam().spelling) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NormalizeKoreanTest,
    ::testing::Values(
        // The examples of the KsponSpeech conventions.
        KoCase{"ReadmeExample", "b/ 아/ 모+ 몬 소리야 (70%)/(칠 십 퍼센트) 확률이라니 n/",
               "아 모 몬 소리야 칠 십 퍼센트 확률이라니", "아 모 몬 소리야 70% 확률이라니"},
        KoCase{"EvalCleanExample", "그럼 (20년)/(이십 년) 전+ 전처럼 이메일로 l/ 소통하면 되잖아. l/",
               "그럼 이십 년 전 전처럼 이메일로 소통하면 되잖아", "그럼 20년 전 전처럼 이메일로 소통하면 되잖아"},
        KoCase{"FillerAndDual", "응/ 발자국 소리만 들려도 짖는데. (내가)/(내) 짖지 마 하면은 또",
               "응 발자국 소리만 들려도 짖는데 내 짖지 마 하면은 또", "응 발자국 소리만 들려도 짖는데 내가 짖지 마 하면은 또"},
        KoCase{"KospeechHelpExample",
               "(70%)/(칠 십 퍼센트) 확률이라니 (뭐 뭔)/(모 몬) 소리야 진짜 (100%)/(백 프로)가 왜 안돼?",
               "칠 십 퍼센트 확률이라니 모 몬 소리야 진짜 백 프로가 왜 안돼", "70% 확률이라니 뭐 뭔 소리야 진짜 100%가 왜 안돼"},
        KoCase{"FirstTrainLine", "아/ 몬 소리야, 그건 또. b/", "아 몬 소리야 그건 또", "아 몬 소리야 그건 또"},
        // (b) dual variants
        KoCase{"SpacesAroundSlash", "(SRT) / (에스알티) 타자", "에스알티 타자", "srt 타자"},
        KoCase{"SpaceAfterSlashOnly", "(SRT)/ (에스알티)", "에스알티", "srt"},
        KoCase{"MarksAfterDual", "(2시)/(두 시)+ 두 시에", "두 시 두 시에", "2시 두 시에"},
        KoCase{"StarPlusAfterDual", "(3)/(삼)*+ 번", "삼 번", "3 번"},
        KoCase{"EmptySide", "()/(음) 네", "음 네", "네"},
        KoCase{"NestedParens", "((A)/(에이)) 학점", "에이 학점", "a 학점"},
        KoCase{"ParenthesisedWordBeforeDual", "(뭐) 그건 (1)/(일) 번", "뭐 그건 일 번", "뭐 그건 1 번"},
        KoCase{"UnmatchedOpenKeepsRest", "(그래서 (1)/(일) 번 갔어", "그래서 일 번 갔어", "그래서 1 번 갔어"},
        KoCase{"UnmatchedCloseKeepsRest", "그래서) 갔어 (2)/(이)", "그래서 갔어 이", "그래서 갔어 2"},
        KoCase{"HalfDual", "(A)/ 그리고", "a 그리고", "a 그리고"},
        KoCase{"MalformedDualSlashParen", "(예)/) 네", "예 네", "예 네"},
        KoCase{"DualWithFillerInside", "(어/ 그래)/(어 그래) 응", "어 그래 응", "어 그래 응"},
        // (c) noise tags
        KoCase{"AllTags", "o/ b/ l/ n/ u/", "", ""},
        KoCase{"TagBeforePunctuation", "좋아 l/. 진짜 n/,", "좋아 진짜", "좋아 진짜"},
        KoCase{"TagInParens", "(l/) 응", "응", "응"},
        KoCase{"TagFollowedByMark", "b/+ 네", "네", "네"},
        KoCase{"NotATagInsideWord", "an/ 그", "an 그", "an 그"},
        KoCase{"UpperCaseIsNotATag", "B/ 네", "b 네", "b 네"},
        KoCase{"TagGluedToWordIsFiller", "아b/ 네", "아b 네", "아b 네"},
        // (d) marks
        KoCase{"OnlyMarks", "*+/ + * /", "", ""},
        KoCase{"NoisyWord", "칠*+ 팔*", "칠 팔", "칠 팔"},
        KoCase{"RepairGlued", "학교+학교에 갔다", "학교 학교에 갔다", "학교 학교에 갔다"},
        KoCase{"FillerSlashGlued", "음/그래", "음 그래", "음 그래"},
        KoCase{"MarkBeforePunctuation", "되잖아+.", "되잖아", "되잖아"},
        // (e) symbols
        KoCase{"Symbols", "AT&T @ 1-2 [팔 육] a=b: c; #1 ~ \"q\" x^y $5", "att 12 팔 육 ab c 1 q xy 5",
               "att 12 팔 육 ab c 1 q xy 5"},
        KoCase{"PercentOutsideDualIsKept", "50% 할인", "50% 할인", "50% 할인"},
        // (f) punctuation, decimal point
        KoCase{"DecimalPoint", "(3.5%)/(삼 점 오 퍼센트). 끝. 1,000원?!", "삼 점 오 퍼센트 끝 1000원",
               "3.5% 끝 1000원"},
        // (a) Unicode clean-up
        KoCase{"FullWidth", "ＫＢＳ　뉴스！　（１）／（일）", "kbs 뉴스 일", "kbs 뉴스 1"},
        KoCase{"ZeroWidthAndNbsp", "안\u200B녕\u00A0하세요\uFEFF", "안녕 하세요", "안녕 하세요"},
        KoCase{"NfdEqualsNfc", "\u1112\u1161\u11AB\u1100\u1173\u11AF \uAC00\u11A8", "한글 각", "한글 각"},
        // (h) white space
        KoCase{"Empty", "", "", ""},
        KoCase{"Whitespace", " \t\n ", "", ""},
        KoCase{"Folding", "  가\t\t나 \n 다  ", "가 나 다", "가 나 다"}),
    [](const ::testing::TestParamInfo<KoCase>& param_info) { return param_info.param.name; });

TEST(NormalizeKoreanOptionsTest, KeepPunctuationAndCase) {
  KoreanNormalizerOptions options;
  options.remove_punctuation = false;
  options.lowercase_latin = false;
  EXPECT_EQ(NormalizeKorean("아/ 몬 소리야, 그건 또. b/ KBS?", options), "아 몬 소리야, 그건 또. KBS?");
  EXPECT_EQ(NormalizeKorean("되잖아+. l/", options), "되잖아.");
}

TEST(NormalizeKoreanOptionsTest, RejectsInvalidUtf8WithOffset) {
  for (const std::string& bad : {std::string("가나\xEB"), std::string("\xC0\x80"), std::string("ab\x80"),
                                std::string("\xED\xB0\x80")}) {
    try {
      NormalizeKorean(bad);
      FAIL() << "accepted invalid UTF-8";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find("byte offset"), std::string::npos) << e.what();
    }
  }
  try {
    NormalizeKorean("가나\xEB");
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("byte offset 6"), std::string::npos) << e.what();
  }
}

TEST(NormalizeKoreanOptionsTest, IsIdempotent) {
  for (const std::string line : {"b/ 아/ 모+ 몬 소리야 (70%)/(칠 십 퍼센트) 확률이라니 n/", "(A)/(에이) 학점 3.5"}) {
    const std::string once = NormalizeKorean(line);
    EXPECT_EQ(NormalizeKorean(once), once);
  }
}

}  // namespace
}  // namespace sori
