// Per-key limits, checked in order before a request runs: the daily audio budget (UTC
// day), the cap on requests in flight, then the token bucket on requests. A request that
// passes holds one in-flight slot until Release (the server releases it when the answer
// is sent) and has spent one token; a refused one spends nothing.
//
// The audio budget is checked before a request, whose length is not known yet: a request
// is admitted while the key has used less than its budget today, and its audio is charged
// after (so the last request of a day may pass the budget by its own length).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "auth/clock.h"
#include "auth/token_bucket.h"
#include "store/api_keys.h"

namespace sori {

enum class LimitKind { kNone, kRate, kConcurrency, kDailyAudio };
// "rate", "concurrency", "daily_audio" ("" for kNone).
const char* LimitKindName(LimitKind kind);

// What the limiter decided, with the figures of X-RateLimit-* and Retry-After: for a
// refusal those of the limit that refused; for an admission those of the rate limit (all
// 0 when the key has none).
struct LimitDecision {
  LimitKind refused_by = LimitKind::kNone;
  int64_t limit = 0;
  int64_t remaining = 0;
  int64_t reset_seconds = 0;        // until the limit is whole again
  int64_t retry_after_seconds = 0;  // refusals: when to try again (at least 1)
  std::string limit_text;           // refusals: the limit as configured ("60/min", "2 at once")
  bool admitted() const { return refused_by == LimitKind::kNone; }
  // For the 429 body: which limit, its value and when to retry.
  std::string Describe(const std::string& key_name) const;
};

class Limiter {
 public:
  explicit Limiter(std::shared_ptr<AuthClock> clock = SystemAuthClock()) : clock_(std::move(clock)) {}

  // `audio_used_today`: the key's audio seconds on the current UTC day (UsageRecorder).
  LimitDecision Admit(int64_t key_id, const ApiKeyLimits& limits, double audio_used_today);
  // Gives back the in-flight slot of an admitted request.
  void Release(int64_t key_id);
  int64_t in_flight(int64_t key_id) const;

 private:
  struct KeyState {
    std::unique_ptr<TokenBucket> bucket;  // null: no rate limit
    int64_t rate_count = 0, rate_period = 0;  // what the bucket was made for
    int64_t in_flight = 0;
  };
  KeyState& State(int64_t key_id, const ApiKeyLimits& limits, double now);

  std::shared_ptr<AuthClock> clock_;
  mutable std::mutex mu_;
  std::map<int64_t, KeyState> keys_;
};

}  // namespace sori
