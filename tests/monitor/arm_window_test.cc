#include <gtest/gtest.h>

#include <cmath>

#include "monitor/arm_window.h"
#include "support/error_code.h"

namespace sori {
namespace {

TEST(ArmWindow, StatsOverTheWindow) {
  ArmWindow w(200);
  for (int i = 1; i <= 100; ++i) w.Add({false, i % 10 == 0, i / 100.0, 0.5});  // latencies 0.01 .. 1.00
  w.Add({true, false, 50.0, NAN});  // errors do not count towards latency or confidence
  const ArmStats s = w.Stats();
  EXPECT_EQ(s.requests, 101);
  EXPECT_EQ(s.total_requests, 101);
  EXPECT_EQ(s.errors, 1);
  EXPECT_EQ(s.empty, 10);
  EXPECT_DOUBLE_EQ(s.p99_latency_seconds, 0.99);  // nearest rank: the 99th of 100
  EXPECT_DOUBLE_EQ(s.mean_confidence, 0.5);
}

TEST(ArmWindow, SlidesAndClears) {
  ArmWindow w(3);
  for (int i = 0; i < 5; ++i) w.Add({i < 2, false, 1.0, NAN});  // the two errors slide out
  ArmStats s = w.Stats();
  EXPECT_EQ(s.requests, 3);
  EXPECT_EQ(s.errors, 0);
  EXPECT_EQ(w.total(), 5);
  EXPECT_TRUE(std::isnan(s.mean_confidence));
  w.Clear();
  s = w.Stats();
  EXPECT_EQ(s.requests, 0);
  EXPECT_EQ(w.total(), 0);
  EXPECT_EQ(s.p99_latency_seconds, 0.0);
  EXPECT_EQ(test::ErrorCodeOf([] { ArmWindow bad(0); }), ErrorCode::kInvalidInput);
}

TEST(ArmWindow, SmallWindowP99IsItsLargest) {
  ArmWindow w;
  w.Add({false, false, 0.2, 0.9});
  w.Add({false, false, 0.7, 0.7});
  const ArmStats s = w.Stats();
  EXPECT_DOUBLE_EQ(s.p99_latency_seconds, 0.7);
  EXPECT_DOUBLE_EQ(s.mean_confidence, 0.8);
}

}  // namespace
}  // namespace sori
