#include "util/utf8.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sori {
namespace {

TEST(Utf8Test, RoundTripsAllPlanes) {
  const std::u32string cps = {U'a', U'\u00e9', U'\uac00', U'\ud7a3', U'\U0001F600', U'\U0010FFFF'};
  EXPECT_EQ(Utf8ToCodepoints(CodepointsToUtf8(cps)), cps);
  EXPECT_EQ(CodepointsToUtf8(Utf8ToCodepoints("소리 sori")), "소리 sori");
}

TEST(Utf8Test, RejectsMalformedSequencesWithOffset) {
  struct Case {
    std::string bytes;
    size_t offset;
  };
  const Case cases[] = {
      {"ab\x80", 2},               // lone continuation byte
      {"a\xC3", 1},                // truncated 2-byte sequence
      {"\xE0\x80\xAF", 0},         // overlong '/'
      {"\xC0\xAF", 0},             // overlong
      {"ok\xED\xA0\x80", 2},       // UTF-16 surrogate
      {"\xF4\x90\x80\x80", 0},     // above U+10FFFF
      {"\xFF", 0},
  };
  for (const auto& c : cases) {
    size_t off = 999;
    EXPECT_FALSE(IsValidUtf8(c.bytes, &off));
    EXPECT_EQ(off, c.offset);
    try {
      Utf8ToCodepoints(c.bytes);
      ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find("byte offset " + std::to_string(c.offset)), std::string::npos);
    }
  }
}

TEST(Utf8Test, DisplayWidth) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("소리"), 4);
  EXPECT_EQ(DisplayWidth("\u1100\u1161"), 2);  // conjoining jamo: one wide cell
  EXPECT_EQ(DisplayWidth("ｓｏｒｉ"), 8);      // full-width Latin
  EXPECT_EQ(PadToWidth("소", 4), "소  ");
}

}  // namespace
}  // namespace sori
