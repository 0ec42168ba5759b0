#include "monitor/drift_baseline.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "util/error.h"

namespace sori {
namespace {

constexpr double kPsiFractionFloor = 1e-4;

std::vector<double> FiniteValues(const std::vector<DriftSample>& samples, size_t feature) {
  std::vector<double> values;
  values.reserve(samples.size());
  for (const DriftSample& s : samples) {
    if (!std::isnan(s[feature])) values.push_back(s[feature]);
  }
  return values;
}

// Which bin of `edges` holds v: bins are right-closed, so the first edge >= v.
size_t BinOf(const std::vector<double>& edges, double v) {
  return static_cast<size_t>(std::lower_bound(edges.begin(), edges.end(), v) - edges.begin());
}

std::vector<double> BinFractions(const std::vector<double>& edges, const std::vector<double>& values) {
  std::vector<double> fractions(edges.size() + 1, 0.0);
  for (double v : values) fractions[BinOf(edges, v)] += 1.0;
  for (double& f : fractions) f /= static_cast<double>(values.size());
  return fractions;
}

FeatureBaseline BuildFeature(std::vector<double> values, int bins) {
  FeatureBaseline f;
  f.count = static_cast<int64_t>(values.size());
  if (values.empty()) return f;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  for (int i = 1; i < bins; ++i) {
    const size_t rank = (static_cast<size_t>(i) * n + static_cast<size_t>(bins) - 1) / static_cast<size_t>(bins);
    const double edge = values[std::max<size_t>(rank, 1) - 1];
    // No edge at the maximum (its bin above would be empty), none repeated.
    if (edge < values.back() && (f.edges.empty() || edge > f.edges.back())) f.edges.push_back(edge);
  }
  // A constant feature still gets an edge, so values above it show as drift.
  if (f.edges.empty() && bins > 1) f.edges.push_back(values.back());
  f.fractions = BinFractions(f.edges, values);
  double sum = 0.0;
  for (double v : values) sum += v;
  f.mean = sum / static_cast<double>(n);
  return f;
}

}  // namespace

DriftBaseline BuildDriftBaseline(const std::vector<DriftSample>& samples, int bins, std::string source) {
  if (bins < 1) throw Error(ErrorCode::kInvalidInput, "drift baseline: bins must be >= 1, got " + std::to_string(bins));
  DriftBaseline b;
  b.samples = static_cast<int64_t>(samples.size());
  b.source = std::move(source);
  for (size_t f = 0; f < kDriftFeatureCount; ++f) b.features[f] = BuildFeature(FiniteValues(samples, f), bins);
  return b;
}

double PopulationStabilityIndex(const FeatureBaseline& baseline, const std::vector<double>& window_values) {
  std::vector<double> values;
  for (double v : window_values) {
    if (!std::isnan(v)) values.push_back(v);
  }
  if (baseline.count == 0 || values.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (baseline.fractions.size() != baseline.edges.size() + 1) {
    throw Error(ErrorCode::kInvalidInput, "drift baseline: " + std::to_string(baseline.edges.size()) + " edges need " +
                                              std::to_string(baseline.edges.size() + 1) + " fractions, got " +
                                              std::to_string(baseline.fractions.size()));
  }
  const std::vector<double> window = BinFractions(baseline.edges, values);
  double psi = 0.0;
  for (size_t i = 0; i < window.size(); ++i) {
    const double pw = std::max(window[i], kPsiFractionFloor);
    const double pb = std::max(baseline.fractions[i], kPsiFractionFloor);
    psi += (pw - pb) * std::log(pw / pb);
  }
  return psi;
}

std::array<double, kDriftFeatureCount> DriftScores(const DriftBaseline& baseline, const std::vector<DriftSample>& window) {
  std::array<double, kDriftFeatureCount> scores{};
  for (size_t f = 0; f < kDriftFeatureCount; ++f) {
    std::vector<double> values;
    values.reserve(window.size());
    for (const DriftSample& s : window) values.push_back(s[f]);
    scores[f] = PopulationStabilityIndex(baseline.features[f], values);
  }
  return scores;
}

}  // namespace sori
