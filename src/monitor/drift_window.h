// The drift features of the last `capacity` requests (a ring), for the server to score
// against the served version's baseline (the stt_drift_score{feature} gauges).
// Thread-safe: requests Add() from worker threads while a scrape or the admin API scores.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <vector>

#include "monitor/drift_baseline.h"

namespace sori {

struct DriftWindowConfig {
  int capacity = 500;   // requests kept; PSI over 500 samples and 10 bins is stable enough
                        // that noise alone stays well under 0.1
  int min_samples = 30; // scores stay NaN below this: a handful of requests is not a distribution
  void Validate() const;  // Error(kInvalidInput): capacity >= 1, 1 <= min_samples <= capacity
};

class DriftWindow {
 public:
  explicit DriftWindow(DriftWindowConfig config = {});
  void Add(const DriftSample& s);
  size_t size() const;
  // The samples held, oldest first.
  std::vector<DriftSample> Snapshot() const;
  // DriftScores of the snapshot; NaN per feature until min_samples samples are there.
  // Scoring runs on a copy, outside the lock, so Add() never waits for it.
  std::array<double, kDriftFeatureCount> Scores(const DriftBaseline& baseline) const;

 private:
  DriftWindowConfig config_;
  mutable std::mutex mu_;
  std::vector<DriftSample> ring_;
  size_t next_ = 0;  // where the next sample goes once the ring is full
};

}  // namespace sori
