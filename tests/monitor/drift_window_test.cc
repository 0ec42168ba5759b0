#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

#include "monitor/drift_window.h"
#include "support/error_code.h"

namespace sori {
namespace {

DriftSample Filled(double v) {
  DriftSample s;
  s.fill(v);
  return s;
}

TEST(DriftWindow, KeepsTheLastCapacitySamplesOldestFirst) {
  DriftWindow w({/*capacity=*/3, /*min_samples=*/2});
  EXPECT_EQ(w.size(), 0u);
  for (int i = 0; i < 5; ++i) w.Add(Filled(i));
  EXPECT_EQ(w.size(), 3u);
  const std::vector<DriftSample> snap = w.Snapshot();
  ASSERT_EQ(snap.size(), 3u);
  EXPECT_EQ(snap[0][0], 2.0);
  EXPECT_EQ(snap[1][0], 3.0);
  EXPECT_EQ(snap[2][0], 4.0);
}

TEST(DriftWindow, ScoresAreNanUntilMinSamples) {
  std::vector<DriftSample> base;
  for (int i = 0; i < 100; ++i) base.push_back(Filled(i % 10));
  const DriftBaseline baseline = BuildDriftBaseline(base);
  DriftWindow w({10, 4});
  for (int i = 0; i < 3; ++i) w.Add(Filled(50));
  for (double s : w.Scores(baseline)) EXPECT_TRUE(std::isnan(s));
  w.Add(Filled(50));
  for (double s : w.Scores(baseline)) EXPECT_GT(s, 1.0);
}

TEST(DriftWindow, ConfigIsValidated) {
  EXPECT_EQ(test::ErrorCodeOf([] { DriftWindow w({0, 0}); }), ErrorCode::kInvalidInput);
  std::string message;
  EXPECT_EQ(test::ErrorCodeOf([] { DriftWindow w({10, 11}); }, &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("min_samples"), std::string::npos);
  DriftWindowConfig{}.Validate();
}

TEST(DriftWindow, ConcurrentAdds) {
  DriftWindow w({100, 1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&w] {
      for (int i = 0; i < 1000; ++i) w.Add(Filled(i));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(w.size(), 100u);
}

}  // namespace
}  // namespace sori
