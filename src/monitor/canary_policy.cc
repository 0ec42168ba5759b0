// DecideCanary: the rule in canary_policy.h.
#include "monitor/canary_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace sori {
namespace {

constexpr double kSlack = 1e-12;              // rounding in differences of rates
constexpr double kMinProductionP99 = 0.001;   // seconds

double Rate(int64_t part, int64_t whole) { return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0; }

// "<what> <candidate> is <diff> above production's <production> (margin <margin>)", or none.
std::optional<std::string> RateIncrease(const char* what, double production, double candidate, double margin) {
  if (candidate - production <= margin + kSlack) return std::nullopt;
  return fmt::format("{} {:.3f} is {:.3f} above production's {:.3f} (margin {:.3f})", what, candidate,
                     candidate - production, production, margin);
}

std::optional<std::string> LatencyRatio(const ArmStats& production, const ArmStats& candidate, double margin) {
  const double base = std::max(production.p99_latency_seconds, kMinProductionP99);
  const double ratio = candidate.p99_latency_seconds / base;
  if (ratio <= margin + kSlack) return std::nullopt;
  return fmt::format("p99 latency {:.3f} s is {:.1f}x production's {:.3f} s (margin {:.1f}x)",
                     candidate.p99_latency_seconds, ratio, production.p99_latency_seconds, margin);
}

std::optional<std::string> ConfidenceDrop(const ArmStats& production, const ArmStats& candidate, double margin) {
  if (std::isnan(production.mean_confidence) || std::isnan(candidate.mean_confidence)) return std::nullopt;
  const double drop = production.mean_confidence - candidate.mean_confidence;
  if (drop <= margin + kSlack) return std::nullopt;
  return fmt::format("mean confidence {:.3f} is {:.3f} below production's {:.3f} (margin {:.3f})",
                     candidate.mean_confidence, drop, production.mean_confidence, margin);
}

// The first margin the candidate exceeds, in the documented order.
std::optional<std::string> FirstBreach(const ArmStats& p, const ArmStats& c, const CanaryPolicy& policy) {
  if (auto r = RateIncrease("error rate", Rate(p.errors, p.requests), Rate(c.errors, c.requests),
                            policy.max_error_rate_increase)) {
    return r;
  }
  if (auto r = LatencyRatio(p, c, policy.max_p99_latency_ratio)) return r;
  if (auto r = ConfidenceDrop(p, c, policy.max_confidence_drop)) return r;
  return RateIncrease("empty-transcript rate", Rate(p.empty, p.requests), Rate(c.empty, c.requests),
                      policy.max_empty_rate_increase);
}

}  // namespace

CanaryVerdict DecideCanary(const ArmStats& production, const ArmStats& candidate, const CanaryPolicy& policy) {
  if (production.requests < policy.min_requests || candidate.requests < policy.min_requests) {
    return {CanaryAction::kContinue, fmt::format("waiting for {} requests per arm (production {}, candidate {})",
                                                 policy.min_requests, production.requests, candidate.requests)};
  }
  if (auto breach = FirstBreach(production, candidate, policy)) return {CanaryAction::kRollback, *breach};
  const int64_t served = std::max(candidate.requests, candidate.total_requests);
  if (policy.auto_promote_after > 0 && served >= policy.auto_promote_after) {
    return {CanaryAction::kPromote, fmt::format("candidate served {} requests within every margin (auto_promote_after {})",
                                                served, policy.auto_promote_after)};
  }
  return {CanaryAction::kContinue, fmt::format("within every margin after {} candidate requests", served)};
}

const char* CanaryActionName(CanaryAction a) {
  switch (a) {
    case CanaryAction::kContinue: return "continue";
    case CanaryAction::kRollback: return "rollback";
    case CanaryAction::kPromote: return "promote";
  }
  return "continue";
}

}  // namespace sori
