#include <gtest/gtest.h>

#include "monitor/shadow_compare.h"

namespace sori {
namespace {

TEST(TranscriptDisagreement, Table) {
  struct Case {
    const char* production;
    const char* candidate;
    double expected;
  };
  const Case cases[] = {
      {"", "", 0.0},
      {"  ", "", 0.0},
      {"", "hello", 1.0},
      {"hello world", "", 1.0},                   // two deletions of two words
      {"the cat sat", "the cat sat", 0.0},
      {"the cat sat", "the  cat\tsat ", 0.0},     // white space only splits
      {"the cat sat", "the cat sit", 1.0 / 3},
      {"the cat sat", "The cat sat", 1.0 / 3},    // no case folding
      {"the cat", "the black cat sat", 1.0},      // two insertions over two words
      {"안녕 하세요", "안녕 하세요", 0.0},
  };
  for (const Case& c : cases) {
    EXPECT_NEAR(TranscriptDisagreement(c.production, c.candidate), c.expected, 1e-12)
        << "'" << c.production << "' vs '" << c.candidate << "'";
  }
}

}  // namespace
}  // namespace sori
