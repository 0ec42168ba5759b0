#include "train/lr_schedule.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sori {
namespace {

TEST(LrScheduleTest, WarmupThenCosine) {
  TrainingSpec t;
  t.learning_rate = 1e-3;
  t.min_lr = 1e-5;
  t.warmup_steps = 10;
  t.scheduler = "cosine";
  EXPECT_DOUBLE_EQ(LearningRateAt(t, 0, 110), 1e-4);   // (0+1)/10 of peak
  EXPECT_DOUBLE_EQ(LearningRateAt(t, 9, 110), 1e-3);   // end of warmup
  EXPECT_NEAR(LearningRateAt(t, 59, 110), 1e-5 + (1e-3 - 1e-5) * 0.5, 1e-12);  // halfway: cos(pi/2) = 0
  EXPECT_NEAR(LearningRateAt(t, 109, 110), 1e-5, 1e-12);  // the floor
  EXPECT_NEAR(LearningRateAt(t, 500, 110), 1e-5, 1e-12);  // past the plan: stays at the floor
}

TEST(LrScheduleTest, NoamPeaksAtWarmup) {
  TrainingSpec t;
  t.learning_rate = 2e-3;
  t.warmup_steps = 100;
  t.scheduler = "noam";
  EXPECT_DOUBLE_EQ(LearningRateAt(t, 49, 1000), 1e-3);
  EXPECT_DOUBLE_EQ(LearningRateAt(t, 99, 1000), 2e-3);
  EXPECT_NEAR(LearningRateAt(t, 399, 1000), 2e-3 * std::sqrt(100.0 / 400.0), 1e-15);
}

TEST(LrScheduleTest, ConstantAfterWarmup) {
  TrainingSpec t;
  t.learning_rate = 5e-4;
  t.warmup_steps = 0;
  t.scheduler = "constant";
  EXPECT_DOUBLE_EQ(LearningRateAt(t, 0, 10), 5e-4);
  EXPECT_DOUBLE_EQ(LearningRateAt(t, 1000, 10), 5e-4);
}

}  // namespace
}  // namespace sori
