// The last `capacity` outcomes of one arm of a canary (production or candidate), for
// DecideCanary. A sliding window rather than all-time totals, so a candidate that went
// bad after a good start is caught, and a production slowdown that hits both arms alike
// is compared like for like. Thread-safe: worker threads Add(), the decider reads Stats().
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "monitor/canary_policy.h"

namespace sori {

struct ArmOutcome {
  bool error = false;           // 5xx or failed recognition
  bool empty = false;           // empty transcript
  double latency_seconds = 0;
  double confidence = NAN;      // the transcript's confidence; NaN when there is none
};

class ArmWindow {
 public:
  explicit ArmWindow(size_t capacity = 1000);  // Error(kInvalidInput) for 0
  void Add(const ArmOutcome& o);
  // Over the window: requests (its size), errors, empty, p99 latency by nearest rank over
  // the successful requests (0 without any), mean confidence over the successful
  // requests that have one (NaN without any); total_requests = total().
  ArmStats Stats() const;
  int64_t total() const;  // all-time count since construction or Clear()
  void Clear();           // empties the window and resets total() (a new canary)

 private:
  size_t capacity_;
  mutable std::mutex mu_;
  std::vector<ArmOutcome> ring_;
  size_t next_ = 0;
  int64_t total_ = 0;
};

}  // namespace sori
