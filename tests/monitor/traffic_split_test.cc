#include <gtest/gtest.h>

#include <string>

#include "monitor/traffic_split.h"
#include "support/error_code.h"

namespace sori {
namespace {

double CandidateShare(const std::string& salt, double percent) {
  int to_candidate = 0;
  for (uint64_t r = 0; r < 20000; ++r) to_candidate += RoutesToCandidate(salt, "", r, percent) ? 1 : 0;
  return 100.0 * to_candidate / 20000;
}

TEST(RoutesToCandidate, FractionFollowsPercent) {
  for (double p : {0.0, 10.0, 50.0, 100.0}) EXPECT_NEAR(CandidateShare("canary-1", p), p, 1.0) << p;
  EXPECT_EQ(CandidateShare("canary-1", 0.0), 0.0);
  EXPECT_EQ(CandidateShare("canary-1", 100.0), 100.0);
}

TEST(RoutesToCandidate, StickyPerKeyAndReshuffledBySalt) {
  int keys_in = 0, moved = 0;
  for (int k = 0; k < 2000; ++k) {
    const std::string key = "key-" + std::to_string(k);
    const bool first = RoutesToCandidate("canary-1", key, 1, 30.0);
    for (uint64_t r : {2u, 99u, 12345u}) EXPECT_EQ(RoutesToCandidate("canary-1", key, r, 30.0), first) << key;
    // Raising the percentage only adds clients.
    if (first) {
      EXPECT_TRUE(RoutesToCandidate("canary-1", key, 1, 60.0)) << key;
    }
    keys_in += first ? 1 : 0;
    moved += RoutesToCandidate("canary-2", key, 1, 30.0) != first ? 1 : 0;
  }
  EXPECT_NEAR(keys_in / 20.0, 30.0, 4.0);
  // Independent draws at 30% disagree 42% of the time.
  EXPECT_GT(moved, 600);
}

TEST(RoutesToCandidate, PercentOutOfRange) {
  EXPECT_EQ(test::ErrorCodeOf([] { RoutesToCandidate("s", "k", 0, 100.5); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([] { RoutesToCandidate("s", "k", 0, -1); }), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace sori

namespace sori {
namespace {

// Every run of 2,000 consecutive keyless requests, wherever it starts, holds the
// configured share to within 0.25 points (a coin per request: about 0.9 points of
// standard deviation at 20%).
TEST(SpreadsToCandidate, AnyRunOf2000IsWithinAQuarterPoint) {
  for (const double percent : {1.0, 20.0, 50.0, 99.0}) {
    for (const uint64_t start : {uint64_t{1}, uint64_t{777}, uint64_t{123456}}) {
      int to_candidate = 0;
      for (uint64_t n = start; n < start + 2000; ++n) to_candidate += SpreadsToCandidate(n, percent) ? 1 : 0;
      EXPECT_NEAR(100.0 * to_candidate / 2000, percent, 0.25) << percent << "% from request " << start;
    }
  }
}

TEST(SpreadsToCandidate, ZeroAndHundredAreExactAndOutOfRangeIsRefused) {
  for (uint64_t n = 1; n < 1000; ++n) {
    EXPECT_FALSE(SpreadsToCandidate(n, 0.0));
    EXPECT_TRUE(SpreadsToCandidate(n, 100.0));
  }
  EXPECT_THROW(SpreadsToCandidate(1, 100.5), Error);
  EXPECT_THROW(SpreadsToCandidate(1, -1), Error);
}

}  // namespace
}  // namespace sori
