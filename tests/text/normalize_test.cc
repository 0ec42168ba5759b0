#include "text/normalize.h"

#include <gtest/gtest.h>

#include <string>

#include "util/error.h"

namespace sori {
namespace {

TEST(NormalizeTextTest, DispatchesByLanguage) {
  EXPECT_EQ(NormalizeText("b/ 아/ 네. KBS", "ko"), "아 네 kbs");
  EXPECT_EQ(NormalizeText("Hello, World!", "en"), "hello world");
  EXPECT_EQ(NormalizeText("  Hello,\t World! b/ \u3000", "none"), "Hello, World! b/");
  EXPECT_EQ(NormalizeText("", "none"), "");
}

TEST(NormalizeTextTest, UnknownLanguage) {
  for (const std::string lang : {"", "KO", "kr", "english"}) {
    try {
      NormalizeText("x", lang);
      FAIL() << lang;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      const std::string what = e.what();
      EXPECT_NE(what.find("'" + lang + "'"), std::string::npos) << what;
      EXPECT_NE(what.find("ko, en, none"), std::string::npos) << what;
    }
  }
}

TEST(NormalizeTextTest, NoneStillValidatesUtf8) { EXPECT_THROW(NormalizeText("a\xFF", "none"), Error); }

}  // namespace
}  // namespace sori
