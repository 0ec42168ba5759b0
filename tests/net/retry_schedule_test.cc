// Retry schedules: parsing, jitter bounds, the end of the schedule, and which answers
// end the deliveries.
#include <gtest/gtest.h>

#include "net/retry_schedule.h"
#include "support/error_code.h"

namespace sori {
namespace {

using test::ErrorCodeOf;

TEST(RetryScheduleTest, DefaultIsTheStandardWebhooksScheduleOfAboutADay) {
  const RetrySchedule s;
  EXPECT_NO_THROW(s.Validate());
  EXPECT_EQ(s.delays, (std::vector<double>{5, 300, 1800, 7200, 18000, 36000, 36000}));
  double total = 0;
  for (double d : s.delays) total += d;
  EXPECT_NEAR(total / 3600, 27.6, 0.1);
}

TEST(RetryScheduleTest, ParsesSuffixesAndPlainSeconds) {
  EXPECT_EQ(ParseRetrySchedule("5s,5m,30m,2h").delays, (std::vector<double>{5, 300, 1800, 7200}));
  EXPECT_EQ(ParseRetrySchedule(" 1.5 , 90s ,0.5m").delays, (std::vector<double>{1.5, 90, 30}));
  EXPECT_EQ(ParseRetrySchedule("168h").delays, (std::vector<double>{604800}));
  EXPECT_TRUE(ParseRetrySchedule("none").delays.empty());
  EXPECT_DOUBLE_EQ(ParseRetrySchedule("5s").jitter, 0.2);
}

TEST(RetryScheduleTest, RefusesBadItemsNamingThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "item 1 ('')"},          {"5s,,5m", "item 2 ('')"},   {"5x", "item 1 ('5x')"},
      {"5s,-1", "item 2 ('-1')"},   {"abc", "item 1 ('abc')"},   {"5 m", "item 1 ('5 m')"},
      {"1e3", "item 1 ('1e3')"},    {"0", "delay 1 is 0.000 s"}, {"169h", "delay 1 is 608400.000 s"},
      {"s", "item 1 ('s')"},        {"+5", "item 1 ('+5')"},     {"5s,inf", "inf"},
  };
  for (const auto& [text, says] : cases) {
    std::string message;
    EXPECT_EQ(ErrorCodeOf([&] { ParseRetrySchedule(text); }, &message), ErrorCode::kInvalidInput) << text;
    EXPECT_NE(message.find(says), std::string::npos) << text << " -> " << message;
  }
  std::string many;
  for (int i = 0; i < 101; ++i) many += "1s,";
  many.pop_back();
  EXPECT_EQ(ErrorCodeOf([&] { ParseRetrySchedule(many); }), ErrorCode::kInvalidInput);
}

TEST(RetryScheduleTest, ValidateChecksJitter) {
  RetrySchedule s;
  for (double bad : {-0.1, 1.0, 2.0}) {
    s.jitter = bad;
    std::string message;
    EXPECT_EQ(ErrorCodeOf([&] { s.Validate(); }, &message), ErrorCode::kInvalidInput) << bad;
    EXPECT_NE(message.find("jitter"), std::string::npos) << message;
  }
}

TEST(RetryScheduleTest, JitterStaysWithinItsBoundsAndSpreads) {
  RetrySchedule s;
  s.delays = {100, 1000};
  s.jitter = 0.2;
  std::mt19937_64 rng(42);
  double lo = 1e9, hi = 0;
  for (int i = 0; i < 2000; ++i) {
    const double d = *NextRetryDelay(s, 1, rng);
    ASSERT_GE(d, 80.0);
    ASSERT_LE(d, 120.0);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_LT(lo, 82.0);  // the whole range is used, not one fixed factor
  EXPECT_GT(hi, 118.0);
  const double second = *NextRetryDelay(s, 2, rng);
  EXPECT_GE(second, 800.0);
  EXPECT_LE(second, 1200.0);
}

TEST(RetryScheduleTest, ExhaustedScheduleAndBadAttemptCounts) {
  RetrySchedule s;
  s.delays = {5, 10};
  s.jitter = 0;
  std::mt19937_64 rng(1);
  EXPECT_EQ(NextRetryDelay(s, 1, rng), 5.0);
  EXPECT_EQ(NextRetryDelay(s, 2, rng), 10.0);
  EXPECT_EQ(NextRetryDelay(s, 3, rng), std::nullopt);
  EXPECT_EQ(NextRetryDelay(ParseRetrySchedule("none"), 1, rng), std::nullopt);
  EXPECT_EQ(ErrorCodeOf([&] { NextRetryDelay(s, 0, rng); }), ErrorCode::kInvalidInput);
}

TEST(ClassifyDeliveryTest, AnswersAndTheirVerdicts) {
  const std::vector<std::pair<int, DeliveryVerdict>> cases = {
      {200, DeliveryVerdict::kDelivered}, {201, DeliveryVerdict::kDelivered}, {204, DeliveryVerdict::kDelivered},
      {299, DeliveryVerdict::kDelivered}, {0, DeliveryVerdict::kRetry},       {408, DeliveryVerdict::kRetry},
      {429, DeliveryVerdict::kRetry},     {500, DeliveryVerdict::kRetry},     {502, DeliveryVerdict::kRetry},
      {503, DeliveryVerdict::kRetry},     {599, DeliveryVerdict::kRetry},     {301, DeliveryVerdict::kGiveUp},
      {302, DeliveryVerdict::kGiveUp},    {307, DeliveryVerdict::kGiveUp},    {400, DeliveryVerdict::kGiveUp},
      {401, DeliveryVerdict::kGiveUp},    {403, DeliveryVerdict::kGiveUp},    {404, DeliveryVerdict::kGiveUp},
      {410, DeliveryVerdict::kGiveUp},    {413, DeliveryVerdict::kGiveUp},    {100, DeliveryVerdict::kGiveUp},
      {600, DeliveryVerdict::kGiveUp},    {-1, DeliveryVerdict::kGiveUp},
  };
  for (const auto& [status, verdict] : cases) EXPECT_EQ(ClassifyDelivery(status), verdict) << status;
}

}  // namespace
}  // namespace sori
