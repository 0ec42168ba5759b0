#include "util/strings.h"

#include <gtest/gtest.h>

namespace sori {
namespace {

TEST(StringsTest, Basics) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(SplitWhitespace(" a  b\tc\n"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Join({"a", "b"}, ", "), "a, b");
  EXPECT_EQ(AsciiLower("AbC 소리"), "abc 소리");
  EXPECT_TRUE(StartsWith("models:/x", "models:/"));
  EXPECT_TRUE(EndsWith("a.PCM", ".PCM"));
  EXPECT_FALSE(EndsWith("a", "abc"));
}

TEST(StringsTest, Formatting) {
  EXPECT_EQ(FormatDuration(65), "1:05");
  EXPECT_EQ(FormatDuration(3725), "1:02:05");
  EXPECT_EQ(FormatDuration(-1), "--:--");
  EXPECT_EQ(FormatFixed(3.14159, 2), "3.14");
  EXPECT_EQ(FormatSeconds(4.7348), "4.735 s");
  EXPECT_EQ(FormatSeconds(0), "0.000 s");
  EXPECT_EQ(FormatBytes(1536), "1.5 KiB");
  EXPECT_EQ(FormatBytes(10), "10 B");
}

// The admin token is compared with it: equal only when equal, whatever the lengths.
TEST(StringsTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("Bearer s3cret", "Bearer s3cret"));
  EXPECT_FALSE(ConstantTimeEquals("Bearer s3cret", "Bearer s3creT"));
  EXPECT_FALSE(ConstantTimeEquals("Bearer s3cret", "Bearer s3cret "));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0", 2), "a"));  // a NUL is not an end
}

}  // namespace
}  // namespace sori
