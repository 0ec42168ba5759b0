#include "monitor/drift_window.h"

#include <limits>
#include <string>

#include "util/error.h"

namespace sori {

void DriftWindowConfig::Validate() const {
  if (capacity < 1) {
    throw Error(ErrorCode::kInvalidInput, "drift window: capacity must be >= 1, got " + std::to_string(capacity));
  }
  if (min_samples < 1 || min_samples > capacity) {
    throw Error(ErrorCode::kInvalidInput, "drift window: min_samples must be in [1, capacity=" +
                                              std::to_string(capacity) + "], got " + std::to_string(min_samples));
  }
}

DriftWindow::DriftWindow(DriftWindowConfig config) : config_(config) {
  config_.Validate();
  ring_.reserve(static_cast<size_t>(config_.capacity));
}

void DriftWindow::Add(const DriftSample& s) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ring_.size() < static_cast<size_t>(config_.capacity)) {
    ring_.push_back(s);
    return;
  }
  ring_[next_] = s;
  next_ = (next_ + 1) % ring_.size();
}

size_t DriftWindow::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ring_.size();
}

std::vector<DriftSample> DriftWindow::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DriftSample> out(ring_.begin() + static_cast<std::ptrdiff_t>(next_), ring_.end());
  out.insert(out.end(), ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(next_));
  return out;
}

std::array<double, kDriftFeatureCount> DriftWindow::Scores(const DriftBaseline& baseline) const {
  const std::vector<DriftSample> window = Snapshot();
  if (window.size() < static_cast<size_t>(config_.min_samples)) {
    std::array<double, kDriftFeatureCount> none{};
    none.fill(std::numeric_limits<double>::quiet_NaN());
    return none;
  }
  return DriftScores(baseline, window);
}

}  // namespace sori
