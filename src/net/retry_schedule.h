// When to try a webhook delivery again, and whether an answer ends the deliveries.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace sori {

struct RetrySchedule {
  // Delay before each retry after the first attempt, seconds. Default: the Standard
  // Webhooks/Svix schedule 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about a day in all).
  std::vector<double> delays = {5, 300, 1800, 7200, 18000, 36000, 36000};
  double jitter = 0.2;  // each delay is multiplied by a uniform factor in [1-j, 1+j]
  // Error(kInvalidInput) naming the field: at most 100 delays, each in (0, 7 days];
  // jitter in [0, 1). No delays at all means one attempt and no retry.
  void Validate() const;
};

// "5s,5m,30m,2h" (s, m, h suffixes; plain numbers are seconds) -> delays; Error naming the
// bad item otherwise. "none" is the empty schedule (one attempt). Jitter keeps its default.
RetrySchedule ParseRetrySchedule(const std::string& text);

// The delay before retry number `attempts_made` (1 after the first failed attempt), with
// jitter from `rng`; nullopt once the schedule is exhausted. Error(kInvalidInput) for
// attempts_made < 1.
std::optional<double> NextRetryDelay(const RetrySchedule& s, int attempts_made, std::mt19937_64& rng);

enum class DeliveryVerdict { kDelivered, kRetry, kGiveUp };
// 2xx -> delivered; 0 (no answer), 408, 429 and 5xx -> retry; 3xx and any other 4xx
// (410 Gone among them) -> give up.
DeliveryVerdict ClassifyDelivery(int status);

}  // namespace sori
