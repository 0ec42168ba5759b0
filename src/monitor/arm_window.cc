#include "monitor/arm_window.h"

#include <algorithm>

#include "util/error.h"

namespace sori {
namespace {

// Nearest rank: the ceil(0.99 n)-th smallest.
double NearestRankP99(std::vector<double> latencies) {
  if (latencies.empty()) return 0.0;
  std::sort(latencies.begin(), latencies.end());
  const auto rank = static_cast<size_t>(std::ceil(0.99 * static_cast<double>(latencies.size())));
  return latencies[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

ArmWindow::ArmWindow(size_t capacity) : capacity_(capacity) {
  if (capacity == 0) throw Error(ErrorCode::kInvalidInput, "arm window: capacity must be >= 1");
  ring_.reserve(capacity);
}

void ArmWindow::Add(const ArmOutcome& o) {
  std::lock_guard<std::mutex> lock(mu_);
  total_++;
  if (ring_.size() < capacity_) {
    ring_.push_back(o);
    return;
  }
  ring_[next_] = o;
  next_ = (next_ + 1) % capacity_;
}

ArmStats ArmWindow::Stats() const {
  std::vector<ArmOutcome> outcomes;
  ArmStats s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    outcomes = ring_;
    s.total_requests = total_;
  }
  s.requests = static_cast<int64_t>(outcomes.size());
  std::vector<double> latencies;
  double confidence_sum = 0.0;
  int64_t confident = 0;
  for (const ArmOutcome& o : outcomes) {
    if (o.empty) s.empty++;
    if (o.error) {
      s.errors++;
      continue;
    }
    latencies.push_back(o.latency_seconds);
    if (!std::isnan(o.confidence)) {
      confidence_sum += o.confidence;
      confident++;
    }
  }
  s.p99_latency_seconds = NearestRankP99(std::move(latencies));
  s.mean_confidence = confident > 0 ? confidence_sum / static_cast<double>(confident) : NAN;
  return s;
}

int64_t ArmWindow::total() const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_;
}

void ArmWindow::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  ring_.clear();
  next_ = 0;
  total_ = 0;
}

}  // namespace sori
