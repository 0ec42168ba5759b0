// Canary decisions as pure functions: given what production and the candidate version
// did over the decision window (arm_window.h), keep going, roll the candidate back, or
// promote it. The server calls DecideCanary after each candidate request (it is cheap)
// and acts on the verdict; the reason goes to the log, the store and the admin API.
//
// Rule: no decision until both arms have min_requests; then roll back if any margin is
// exceeded, checked in this order and the first one reported: error rate, p99 latency,
// mean confidence, empty-transcript rate; promote when auto_promote_after > 0 and the
// candidate has served at least that many requests, all within margins; else continue.
// Margins are exceeded only strictly (with 1e-12 slack for rounding), so a candidate
// exactly at a margin stays. A production p99 below 1 ms counts as 1 ms, so an idle or
// instant production arm does not make any candidate latency an infinite ratio.
// Confidence is compared only when both arms have one (NaN: no successful requests with
// a confidence).
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>

namespace sori {

// What one arm (production or candidate) did over the decision window.
struct ArmStats {
  int64_t requests = 0;
  int64_t errors = 0;  // 5xx or failed recognition
  int64_t empty = 0;   // empty transcripts
  double p99_latency_seconds = 0;
  double mean_confidence = NAN;
  // All-time requests of the arm (ArmWindow::total()); requests above is the window's
  // count, capped by its capacity. Promotion counts max(requests, total_requests), so an
  // auto_promote_after larger than the window can still be reached; 0 if unknown.
  int64_t total_requests = 0;
};

struct CanaryPolicy {
  int64_t min_requests = 50;              // per arm, before any decision
  double max_error_rate_increase = 0.02;  // candidate error rate may exceed production's by this (absolute)
  double max_p99_latency_ratio = 1.5;     // candidate p99 / production p99
  double max_confidence_drop = 0.05;      // production mean confidence - candidate's (absolute)
  double max_empty_rate_increase = 0.05;  // candidate empty rate - production's (absolute)
  int64_t auto_promote_after = 0;         // candidate requests within margins before promotion; 0 = never
  // Error(kInvalidInput) naming the field and range: min_requests >= 1, the rate and
  // confidence margins in [0, 1], max_p99_latency_ratio >= 1 (finite), auto_promote_after >= 0.
  void Validate() const;
  nlohmann::json ToJson() const;
  // Missing fields keep their defaults; unknown fields and wrong types are
  // Error(kInvalidInput) naming the field; the result is validated.
  static CanaryPolicy FromJson(const nlohmann::json& j);
};

enum class CanaryAction { kContinue, kRollback, kPromote };

// reason names the metric, both values and the margin, e.g.
// "p99 latency 0.912 s is 3.1x production's 0.294 s (margin 1.5x)".
struct CanaryVerdict {
  CanaryAction action = CanaryAction::kContinue;
  std::string reason;
};

CanaryVerdict DecideCanary(const ArmStats& production, const ArmStats& candidate, const CanaryPolicy& policy);
const char* CanaryActionName(CanaryAction a);  // "continue" | "rollback" | "promote"

}  // namespace sori
