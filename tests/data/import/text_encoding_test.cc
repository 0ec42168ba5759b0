#include "data/import/text_encoding.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sori {
namespace {

const char kAnnyeongCp949[] = "\xbe\xc8\xb3\xe7";  // 안녕
const char kDdomCp949[] = "\x8c\x63";              // 똠: CP949 only, not in EUC-KR (KS X 1001)

std::string ErrorOf(std::string_view bytes, TextEncoding encoding, size_t base = 0) {
  try {
    DecodeTranscript(bytes, encoding, base);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    return e.what();
  }
  return "";
}

TEST(TextEncodingTest, ParsesNamesAndRejectsOthers) {
  EXPECT_EQ(ParseTextEncoding("auto"), TextEncoding::kAuto);
  EXPECT_EQ(ParseTextEncoding("UTF-8"), TextEncoding::kUtf8);
  EXPECT_EQ(ParseTextEncoding("utf8"), TextEncoding::kUtf8);
  EXPECT_EQ(ParseTextEncoding("cp949"), TextEncoding::kCp949);
  EXPECT_EQ(ParseTextEncoding("EUC-KR"), TextEncoding::kCp949);
  try {
    ParseTextEncoding("latin1");
    FAIL() << "latin1 was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("'latin1'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cp949"), std::string::npos) << e.what();
  }
  EXPECT_STREQ(TextEncodingName(TextEncoding::kCp949), "cp949");
}

TEST(TextEncodingTest, DecodesCp949IncludingSyllablesOutsideEucKr) {
  EXPECT_EQ(DecodeTranscript(kAnnyeongCp949, TextEncoding::kCp949), "안녕");
  EXPECT_EQ(DecodeTranscript(std::string("a ") + kDdomCp949 + " b", TextEncoding::kCp949), "a 똠 b");
  EXPECT_EQ(DecodeTranscript("plain ascii", TextEncoding::kCp949), "plain ascii");
}

TEST(TextEncodingTest, AutoPrefersUtf8ThenCp949) {
  EXPECT_EQ(DecodeTranscript("안녕", TextEncoding::kAuto), "안녕");
  EXPECT_EQ(DecodeTranscript(kAnnyeongCp949, TextEncoding::kAuto), "안녕");
}

TEST(TextEncodingTest, NamesTheOffendingByteAndOffset) {
  // 안 then 0xff, which starts no CP949 character.
  const std::string bad = std::string("\xbe\xc8") + "\xff";
  EXPECT_EQ(ErrorOf(bad, TextEncoding::kCp949),
            "transcript is not valid CP949: byte 0xff at byte offset 2");
  EXPECT_EQ(ErrorOf(bad, TextEncoding::kCp949, 10),
            "transcript is not valid CP949: byte 0xff at byte offset 12");
  EXPECT_EQ(ErrorOf("ok \xbe\xc8", TextEncoding::kUtf8),
            "transcript is not valid UTF-8: byte 0xbe at byte offset 3");
  EXPECT_EQ(ErrorOf(bad, TextEncoding::kAuto),
            "transcript is neither UTF-8 (byte 0xbe at byte offset 0) nor CP949 (byte 0xff at byte "
            "offset 2)");
  // A lead byte cut off at the end of the text.
  EXPECT_EQ(ErrorOf("\xbe\xc8\xb3", TextEncoding::kCp949),
            "transcript is not valid CP949: byte 0xb3 at byte offset 2");
}

TEST(TextEncodingTest, ChoosesOneEncodingPerFileByFewerFailures) {
  // "\xc8\xa1" is valid UTF-8 (U+0221) and valid CP949 (a Hangul syllable); the other
  // CP949 lines decide the file.
  const std::vector<std::string_view> cp949 = {"\xc8\xa1", kAnnyeongCp949, "ascii", "\xb9\xb9"};
  EXPECT_EQ(ChooseFileEncoding(cp949, TextEncoding::kAuto), TextEncoding::kCp949);
  // A UTF-8 file with one corrupt line stays UTF-8.
  const std::vector<std::string_view> utf8 = {"안녕", "뭐야", "\xff"};
  EXPECT_EQ(ChooseFileEncoding(utf8, TextEncoding::kAuto), TextEncoding::kUtf8);
  EXPECT_EQ(ChooseFileEncoding({}, TextEncoding::kAuto), TextEncoding::kUtf8);
  EXPECT_EQ(ChooseFileEncoding(utf8, TextEncoding::kCp949), TextEncoding::kCp949);
}

}  // namespace
}  // namespace sori
