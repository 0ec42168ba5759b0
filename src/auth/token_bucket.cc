#include "auth/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace sori {

TokenBucket::TokenBucket(int64_t count, double period_seconds, double now)
    : count_(count), per_second_(static_cast<double>(count) / period_seconds), tokens_(static_cast<double>(count)), last_(now) {}

void TokenBucket::Refill(double now) {
  if (now > last_) tokens_ = std::min(static_cast<double>(count_), tokens_ + (now - last_) * per_second_);
  last_ = std::max(last_, now);
}

TokenBucket::Result TokenBucket::TryTake(double now) {
  Refill(now);
  Result r;
  // A hair of tolerance: 1e-9 of a token lost to rounding must not refuse a request.
  if (tokens_ >= 1.0 - 1e-9) {
    tokens_ = std::max(0.0, tokens_ - 1.0);
    r.taken = true;
  } else {
    r.retry_after_seconds = (1.0 - tokens_) / per_second_;
  }
  r.remaining = static_cast<int64_t>(std::floor(tokens_ + 1e-9));
  r.reset_seconds = (static_cast<double>(count_) - tokens_) / per_second_;
  return r;
}

}  // namespace sori
