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
  // Sampling noise alone gives a PSI of about (bins - 1) x (1/window + 1/baseline): with
  // 10 bins and a 400-utterance baseline, 0.04 at 500 requests, 0.11 at 100, 0.32 at 30
  // (over the alert's 0.25). Hence no score before 100 requests, and a baseline of a few
  // hundred utterances.
  int capacity = 500;    // requests kept
  int min_samples = 100; // scores stay NaN below this
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
