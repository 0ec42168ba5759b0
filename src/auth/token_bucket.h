// A token bucket: `count` tokens, refilled continuously at count / period per second,
// starting full (so the burst is the count). Not thread-safe: the Limiter holds its lock.
#pragma once

#include <cstdint>

namespace sori {

class TokenBucket {
 public:
  TokenBucket(int64_t count, double period_seconds, double now);

  struct Result {
    bool taken = false;
    int64_t remaining = 0;        // whole tokens left after this request
    double reset_seconds = 0;     // until the bucket is full again
    double retry_after_seconds = 0;  // until one token is there (0 when taken)
  };
  // Takes one token if there is one at `now` (monotonic seconds).
  Result TryTake(double now);
  int64_t count() const { return count_; }

 private:
  void Refill(double now);
  int64_t count_;
  double per_second_;
  double tokens_;
  double last_;
};

}  // namespace sori
