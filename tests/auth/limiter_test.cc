// The token bucket, the concurrency cap, the daily audio budget and the usage batches, on
// a clock the test moves (auth/clock.h), so every figure is exact.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "auth/api_key.h"
#include "auth/limiter.h"
#include "auth/token_bucket.h"
#include "auth/usage_recorder.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

constexpr double kNoon = 1796644800;  // 2026-12-07T12:00:00Z

TEST(TokenBucketTest, BurstIsTheCountThenOneTokenPerInterval) {
  TokenBucket bucket(10, 1.0, 0.0);  // 10/s
  for (int i = 0; i < 10; ++i) {
    const auto r = bucket.TryTake(0.0);
    EXPECT_TRUE(r.taken) << i;
    EXPECT_EQ(r.remaining, 9 - i);
  }
  auto r = bucket.TryTake(0.0);
  EXPECT_FALSE(r.taken);
  EXPECT_NEAR(r.retry_after_seconds, 0.1, 1e-9);
  EXPECT_NEAR(r.reset_seconds, 1.0, 1e-9);
  EXPECT_FALSE(bucket.TryTake(0.099).taken);
  EXPECT_TRUE(bucket.TryTake(0.1).taken);
  // Idle for an hour: full again, never more than the count.
  int taken = 0;
  while (bucket.TryTake(3600.0).taken) ++taken;
  EXPECT_EQ(taken, 10);
}

// Over a long run the admitted count is exactly burst + rate * elapsed (floored), whatever
// the rate of attempts.
TEST(TokenBucketTest, AdmitsBurstPlusRateTimesElapsed) {
  TokenBucket bucket(60, 60.0, 0.0);  // 60/min
  int admitted = 0;
  for (int ms = 0; ms <= 100000; ms += 8) admitted += bucket.TryTake(ms / 1000.0).taken ? 1 : 0;  // last at 100 s
  EXPECT_EQ(admitted, 60 + 100);
}

class LimiterTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualAuthClock> clock_ = std::make_shared<ManualAuthClock>(kNoon);
  Limiter limiter_{clock_};
};

TEST_F(LimiterTest, RateRefusalSaysWhenToRetry) {
  ApiKeyLimits limits;
  limits.rate_count = 2;
  limits.rate_period_seconds = 60;
  EXPECT_TRUE(limiter_.Admit(1, limits, 0).admitted());
  limiter_.Release(1);
  const LimitDecision second = limiter_.Admit(1, limits, 0);
  EXPECT_TRUE(second.admitted());
  EXPECT_EQ(second.limit, 2);
  EXPECT_EQ(second.remaining, 0);
  limiter_.Release(1);
  const LimitDecision d = limiter_.Admit(1, limits, 0);
  EXPECT_EQ(d.refused_by, LimitKind::kRate);
  EXPECT_EQ(d.limit, 2);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_EQ(d.retry_after_seconds, 30);
  EXPECT_EQ(d.reset_seconds, 60);
  EXPECT_EQ(d.Describe("app"), "rate limit of API key 'app' reached (2/min requests); retry in 30 s");
  EXPECT_EQ(limiter_.Admit(2, limits, 0).refused_by, LimitKind::kNone);  // keys do not share a bucket
  clock_->Advance(30);
  EXPECT_TRUE(limiter_.Admit(1, limits, 0).admitted());
}

TEST_F(LimiterTest, ConcurrencyCapHoldsUntilReleaseAndSpendsNoToken) {
  ApiKeyLimits limits;
  limits.max_concurrent = 2;
  limits.rate_count = 3;
  limits.rate_period_seconds = 3600;
  EXPECT_TRUE(limiter_.Admit(7, limits, 0).admitted());
  EXPECT_TRUE(limiter_.Admit(7, limits, 0).admitted());
  for (int i = 0; i < 5; ++i) {
    const LimitDecision d = limiter_.Admit(7, limits, 0);
    EXPECT_EQ(d.refused_by, LimitKind::kConcurrency);
    EXPECT_EQ(d.limit, 2);
    EXPECT_GE(d.retry_after_seconds, 1);
  }
  EXPECT_EQ(limiter_.in_flight(7), 2);
  limiter_.Release(7);
  // The five refusals spent no token: the third token is still there.
  EXPECT_TRUE(limiter_.Admit(7, limits, 0).admitted());
  limiter_.Release(7);
  limiter_.Release(7);
  EXPECT_EQ(limiter_.Admit(7, limits, 0).refused_by, LimitKind::kRate);
  limiter_.Release(7);  // one too many: never below zero
  limiter_.Release(7);
  EXPECT_EQ(limiter_.in_flight(7), 0);
}

TEST_F(LimiterTest, DailyAudioBudgetResetsAtUtcMidnight) {
  ApiKeyLimits limits;
  limits.audio_seconds_per_day = 600;
  EXPECT_TRUE(limiter_.Admit(3, limits, 599.9).admitted());
  const LimitDecision d = limiter_.Admit(3, limits, 600);
  EXPECT_EQ(d.refused_by, LimitKind::kDailyAudio);
  EXPECT_EQ(d.limit, 600);
  EXPECT_EQ(d.retry_after_seconds, 12 * 3600);  // noon to midnight
  EXPECT_EQ(d.reset_seconds, 12 * 3600);
  EXPECT_NE(d.Describe("k").find("600 audio seconds per UTC day"), std::string::npos);
  EXPECT_EQ(UtcDay(static_cast<int64_t>(kNoon)), "2026-12-07");
  EXPECT_EQ(SecondsToUtcMidnight(static_cast<int64_t>(kNoon) + 12 * 3600), 86400);
  EXPECT_EQ(UtcIso8601(static_cast<int64_t>(kNoon)), "2026-12-07T12:00:00Z");
}

class UsageRecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::Open(dir_.File("store"));
    NewApiKey k;
    k.name = "usage";
    k.key_hash = HashApiKey(GenerateApiKey());
    k.prefix = "sori_x";
    k.scopes = {"transcribe"};
    key_id_ = store_->keys().Create(k, nullptr).id;
  }
  test::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t key_id_ = 0;
  std::shared_ptr<ManualAuthClock> clock_ = std::make_shared<ManualAuthClock>(kNoon);
};

TEST_F(UsageRecorderTest, CountsReachTheStoreInBatchesAndSurviveARestart) {
  {
    UsageRecorder usage(store_->keys(), clock_);
    for (int i = 0; i < 5; ++i) usage.CountRequest(key_id_, i == 4);
    usage.ChargeAudio(key_id_, 2.5);
    usage.ChargeAudio(key_id_, std::nan(""));  // ignored
    EXPECT_EQ(store_->keys().UsageOn(key_id_, "2026-12-07").requests, 0);  // nothing written per request
    EXPECT_DOUBLE_EQ(usage.AudioToday(key_id_), 2.5);
    EXPECT_TRUE(usage.Flush());
    const ApiKeyUsage u = store_->keys().UsageOn(key_id_, "2026-12-07");
    EXPECT_EQ(u.requests, 5);
    EXPECT_EQ(u.errors, 1);
    EXPECT_DOUBLE_EQ(u.audio_seconds, 2.5);
    EXPECT_EQ(store_->keys().Get(key_id_).last_used_at.value_or(""), "2026-12-07T12:00:00Z");
    usage.ChargeAudio(key_id_, 1.0);
  }  // the destructor flushes
  UsageRecorder again(store_->keys(), clock_);
  EXPECT_DOUBLE_EQ(again.AudioToday(key_id_), 3.5);  // a restarted server keeps the day's budget
  clock_->Advance(12 * 3600);
  EXPECT_DOUBLE_EQ(again.AudioToday(key_id_), 0.0);  // a new UTC day
  again.CountRequest(key_id_, false);
  again.Flush();
  EXPECT_EQ(store_->keys().Usage(key_id_, 10).size(), 2u);
  EXPECT_EQ(store_->keys().Usage(key_id_, 10).front().day, "2026-12-08");
}

TEST_F(UsageRecorderTest, BackgroundFlushWithinTheInterval) {
  UsageRecorder usage(store_->keys(), clock_, 0.05);
  usage.Start();
  usage.CountRequest(key_id_, false);
  bool written = false;
  for (int i = 0; i < 200 && !written; ++i) {  // at most 2 s
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    written = store_->keys().UsageOn(key_id_, "2026-12-07").requests == 1;
  }
  EXPECT_TRUE(written);
  usage.Stop();
}

TEST_F(UsageRecorderTest, AFailedFlushKeepsTheCounts) {
  UsageRecorder usage(store_->keys(), clock_);
  usage.CountRequest(key_id_, false);
  usage.CountRequest(key_id_ + 100, false);  // no such key: the store refuses the batch
  EXPECT_FALSE(usage.Flush());
  EXPECT_EQ(store_->keys().UsageOn(key_id_, "2026-12-07").requests, 0);
  usage.CountRequest(key_id_, false);
  EXPECT_FALSE(usage.Flush());  // still refused, still kept
}

}  // namespace
}  // namespace sori
