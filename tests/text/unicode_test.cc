#include "text/unicode.h"

#include <gtest/gtest.h>

namespace sori {
namespace {

TEST(UnicodeTest, Spaces) {
  for (const char32_t c : {U' ', U'\t', U'\n', U'\r', U'\v', U'\f', char32_t{0x85}, char32_t{0xA0},
                           char32_t{0x1680}, char32_t{0x2000}, char32_t{0x200A}, char32_t{0x2028},
                           char32_t{0x2029}, char32_t{0x202F}, char32_t{0x205F}, char32_t{0x3000}}) {
    EXPECT_TRUE(IsUnicodeSpace(c)) << std::hex << static_cast<uint32_t>(c);
  }
  for (const char32_t c : {U'a', U'_', char32_t{0}, char32_t{0x200B}, char32_t{0xFEFF}, char32_t{0xAC00}}) {
    EXPECT_FALSE(IsUnicodeSpace(c)) << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(UnicodeTest, ZeroWidth) {
  for (const char32_t c : {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}) EXPECT_TRUE(IsZeroWidth(c));
  for (const char32_t c : {0x200A, 0x200E, 0x20, 0xFEFE}) EXPECT_FALSE(IsZeroWidth(c));
}

TEST(UnicodeTest, FullWidthToAscii) {
  EXPECT_EQ(FullWidthToAscii(0xFF01), U'!');
  EXPECT_EQ(FullWidthToAscii(0xFF21), U'A');
  EXPECT_EQ(FullWidthToAscii(0xFF10), U'0');
  EXPECT_EQ(FullWidthToAscii(0xFF5E), U'~');
  EXPECT_EQ(FullWidthToAscii(0xFF5F), char32_t{0xFF5F});
  EXPECT_EQ(FullWidthToAscii(0xFF00), char32_t{0xFF00});
  EXPECT_EQ(FullWidthToAscii(U'a'), U'a');
}

TEST(UnicodeTest, FoldWhitespace) {
  EXPECT_EQ(FoldWhitespace(U""), U"");
  EXPECT_EQ(FoldWhitespace(U" \t\n "), U"");
  EXPECT_EQ(FoldWhitespace(U"a"), U"a");
  EXPECT_EQ(FoldWhitespace(U"  a \t\u3000 b  "), U"a b");
  EXPECT_EQ(FoldWhitespace(U"a\u00A0\u00A0b\nc"), U"a b c");
}

TEST(UnicodeTest, AsciiHelpers) {
  EXPECT_EQ(AsciiToLower(U'A'), U'a');
  EXPECT_EQ(AsciiToLower(U'Z'), U'z');
  EXPECT_EQ(AsciiToLower(U'['), U'[');
  EXPECT_EQ(AsciiToLower(char32_t{0xC0}), char32_t{0xC0});
  EXPECT_TRUE(IsAsciiDigit(U'0'));
  EXPECT_FALSE(IsAsciiDigit(char32_t{0xFF10}));
}

}  // namespace
}  // namespace sori
