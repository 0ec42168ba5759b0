// Frame energies (dB) kept as a fixed histogram instead of a list: percentiles for the
// noise-floor estimate at 0.1 dB resolution in constant memory (1,200 counters), however
// long the audio. Values are clamped to [-120, 0] dB (full-scale float PCM cannot exceed
// 0 dB per frame except for out-of-range samples, which land in the top bin).
#pragma once

#include <cstdint>
#include <vector>

namespace sori {

class EnergyHistogram {
 public:
  static constexpr double kMinDb = -120.0;
  static constexpr double kMaxDb = 0.0;
  static constexpr double kBinDb = 0.1;

  EnergyHistogram();
  void Add(double db);
  int64_t count() const { return count_; }
  // Nearest rank: the centre of the bin holding the ceil(p * count)-th smallest value;
  // p in (0, 1]. kMinDb when empty.
  double Percentile(double p) const;
  // Fraction of values whose bin centre is above `db` (0 when empty).
  double FractionAbove(double db) const;

 private:
  double BinCentre(size_t bin) const { return kMinDb + (static_cast<double>(bin) + 0.5) * kBinDb; }
  std::vector<int64_t> bins_;
  int64_t count_ = 0;
};

}  // namespace sori
