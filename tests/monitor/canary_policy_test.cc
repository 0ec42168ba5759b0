#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "monitor/canary_policy.h"
#include "support/error_code.h"

namespace sori {
namespace {

ArmStats Arm(int64_t requests, int64_t errors, double p99, double confidence, int64_t empty = 0) {
  ArmStats a;
  a.requests = requests;
  a.errors = errors;
  a.p99_latency_seconds = p99;
  a.mean_confidence = confidence;
  a.empty = empty;
  return a;
}

struct CanaryCase {
  const char* name;
  ArmStats production, candidate;
  CanaryAction action;
  const char* reason_has;
};

TEST(DecideCanary, Table) {
  CanaryPolicy policy;  // min 50, errors +0.02, p99 1.5x, confidence -0.05, empty +0.05
  const ArmStats prod = Arm(100, 1, 0.294, 0.90, 2);
  const CanaryCase cases[] = {
      {"too few candidate requests", prod, Arm(49, 40, 9.0, 0.1), CanaryAction::kContinue, "waiting for 50"},
      {"too few production requests", Arm(10, 0, 0.3, 0.9), Arm(100, 0, 0.3, 0.9), CanaryAction::kContinue,
       "production 10"},
      {"within margins", prod, Arm(100, 2, 0.40, 0.87, 5), CanaryAction::kContinue, "within every margin"},
      {"errors", prod, Arm(100, 5, 0.30, 0.90), CanaryAction::kRollback,
       "error rate 0.050 is 0.040 above production's 0.010 (margin 0.020)"},
      {"latency", prod, Arm(100, 1, 0.912, 0.90), CanaryAction::kRollback,
       "p99 latency 0.912 s is 3.1x production's 0.294 s (margin 1.5x)"},
      {"confidence", prod, Arm(100, 1, 0.30, 0.80), CanaryAction::kRollback,
       "mean confidence 0.800 is 0.100 below production's 0.900 (margin 0.050)"},
      {"empty", prod, Arm(100, 1, 0.30, 0.90, 10), CanaryAction::kRollback,
       "empty-transcript rate 0.100 is 0.080 above production's 0.020 (margin 0.050)"},
      {"errors reported before latency", prod, Arm(100, 9, 5.0, 0.1, 50), CanaryAction::kRollback, "error rate"},
      {"exactly at the error margin", Arm(100, 5, 0.3, 0.9), Arm(100, 7, 0.3, 0.9), CanaryAction::kContinue,
       "within"},
      {"production p99 of 0 floors at 1 ms", Arm(100, 0, 0.0, 0.9), Arm(100, 0, 0.0014, 0.9),
       CanaryAction::kContinue, "within"},
      {"production p99 of 0, slow candidate", Arm(100, 0, 0.0, 0.9), Arm(100, 0, 0.002, 0.9),
       CanaryAction::kRollback, "is 2.0x production's 0.000 s"},
      {"no confidence on one side", Arm(100, 0, 0.3, NAN), Arm(100, 0, 0.3, 0.1), CanaryAction::kContinue, "within"},
  };
  for (const CanaryCase& c : cases) {
    const CanaryVerdict v = DecideCanary(c.production, c.candidate, policy);
    EXPECT_EQ(v.action, c.action) << c.name << ": " << v.reason;
    EXPECT_NE(v.reason.find(c.reason_has), std::string::npos) << c.name << ": " << v.reason;
  }
}

TEST(DecideCanary, AutoPromotion) {
  CanaryPolicy policy;
  const ArmStats prod = Arm(100, 0, 0.3, 0.9);
  EXPECT_EQ(DecideCanary(prod, Arm(5000, 0, 0.3, 0.9), policy).action, CanaryAction::kContinue);  // 0: never
  policy.auto_promote_after = 200;
  EXPECT_EQ(DecideCanary(prod, Arm(199, 0, 0.3, 0.9), policy).action, CanaryAction::kContinue);
  const CanaryVerdict v = DecideCanary(prod, Arm(200, 0, 0.3, 0.9), policy);
  EXPECT_EQ(v.action, CanaryAction::kPromote);
  EXPECT_EQ(v.reason, "candidate served 200 requests within every margin (auto_promote_after 200)");
  EXPECT_EQ(DecideCanary(prod, Arm(300, 0, 3.0, 0.9), policy).action, CanaryAction::kRollback);
  // The window caps requests; the all-time count reaches the threshold.
  ArmStats windowed = Arm(100, 0, 0.3, 0.9);
  windowed.total_requests = 250;
  EXPECT_EQ(DecideCanary(prod, windowed, policy).action, CanaryAction::kPromote);
}

TEST(CanaryPolicy, ValidateNamesTheField) {
  const auto bad = [](auto mutate, const char* field) {
    CanaryPolicy p;
    mutate(p);
    std::string message;
    EXPECT_EQ(test::ErrorCodeOf([&] { p.Validate(); }, &message), ErrorCode::kInvalidInput) << field;
    EXPECT_NE(message.find(field), std::string::npos) << message;
  };
  bad([](CanaryPolicy& p) { p.min_requests = 0; }, "min_requests");
  bad([](CanaryPolicy& p) { p.max_error_rate_increase = -0.1; }, "max_error_rate_increase");
  bad([](CanaryPolicy& p) { p.max_p99_latency_ratio = 0.9; }, "max_p99_latency_ratio");
  bad([](CanaryPolicy& p) { p.max_confidence_drop = 2; }, "max_confidence_drop");
  bad([](CanaryPolicy& p) { p.max_empty_rate_increase = NAN; }, "max_empty_rate_increase");
  bad([](CanaryPolicy& p) { p.auto_promote_after = -1; }, "auto_promote_after");
  CanaryPolicy{}.Validate();
}

TEST(CanaryPolicy, Json) {
  CanaryPolicy p;
  p.min_requests = 20;
  p.max_p99_latency_ratio = 2.0;
  p.auto_promote_after = 1000;
  const CanaryPolicy back = CanaryPolicy::FromJson(p.ToJson());
  EXPECT_EQ(back.ToJson(), p.ToJson());
  const CanaryPolicy partial = CanaryPolicy::FromJson({{"max_confidence_drop", 0.1}});
  EXPECT_EQ(partial.max_confidence_drop, 0.1);
  EXPECT_EQ(partial.min_requests, 50);  // default kept
  std::string message;
  EXPECT_EQ(test::ErrorCodeOf([] { CanaryPolicy::FromJson({{"min_requests", "ten"}}); }, &message),
            ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("min_requests"), std::string::npos);
  EXPECT_EQ(test::ErrorCodeOf([] { CanaryPolicy::FromJson({{"max_latency", 2}}); }, &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("max_latency"), std::string::npos);
  EXPECT_EQ(test::ErrorCodeOf([] { CanaryPolicy::FromJson({{"min_requests", 0}}); }), ErrorCode::kInvalidInput);
}

TEST(CanaryPolicy, ActionNames) {
  EXPECT_STREQ(CanaryActionName(CanaryAction::kContinue), "continue");
  EXPECT_STREQ(CanaryActionName(CanaryAction::kRollback), "rollback");
  EXPECT_STREQ(CanaryActionName(CanaryAction::kPromote), "promote");
}

}  // namespace
}  // namespace sori
