#include "util/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace sori {
namespace {

TEST(ParallelTest, VisitsEveryIndexOnce) {
  std::vector<std::atomic<int>> hits(1000);
  ParallelFor(hits.size(), 4, [&](size_t i) { hits[i]++; });
  for (auto& h : hits) EXPECT_EQ(h.load(), 1);
}

TEST(ParallelTest, PropagatesTheFirstException) {
  std::atomic<int> calls{0};
  EXPECT_THROW(ParallelFor(100, 3,
                           [&](size_t i) {
                             calls++;
                             if (i == 10) throw std::runtime_error("boom");
                           }),
               std::runtime_error);
  EXPECT_LE(calls.load(), 100);
}

TEST(ParallelTest, ZeroItemsAndOneThread) {
  ParallelFor(0, 4, [](size_t) { FAIL(); });
  int sum = 0;
  ParallelFor(10, 1, [&](size_t i) { sum += static_cast<int>(i); });
  EXPECT_EQ(sum, 45);
  EXPECT_GE(AvailableCpus(), 1);
}

}  // namespace
}  // namespace sori
