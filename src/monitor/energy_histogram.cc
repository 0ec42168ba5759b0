#include "monitor/energy_histogram.h"

#include <algorithm>
#include <cmath>

namespace sori {

EnergyHistogram::EnergyHistogram() : bins_(static_cast<size_t>(std::lround((kMaxDb - kMinDb) / kBinDb)), 0) {}

void EnergyHistogram::Add(double db) {
  const double clamped = std::clamp(db, kMinDb, kMaxDb);
  const auto bin = static_cast<size_t>(std::floor((clamped - kMinDb) / kBinDb));
  bins_[std::min(bin, bins_.size() - 1)]++;
  count_++;
}

double EnergyHistogram::Percentile(double p) const {
  if (count_ == 0) return kMinDb;
  const auto rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(p * static_cast<double>(count_))));
  int64_t seen = 0;
  for (size_t b = 0; b < bins_.size(); ++b) {
    seen += bins_[b];
    if (seen >= rank) return BinCentre(b);
  }
  return BinCentre(bins_.size() - 1);
}

double EnergyHistogram::FractionAbove(double db) const {
  if (count_ == 0) return 0.0;
  int64_t above = 0;
  for (size_t b = 0; b < bins_.size(); ++b) {
    if (BinCentre(b) > db) above += bins_[b];
  }
  return static_cast<double>(above) / static_cast<double>(count_);
}

}  // namespace sori
