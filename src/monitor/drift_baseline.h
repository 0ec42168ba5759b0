// What "normal" traffic looks like, per drift feature, and how far a window of recent
// requests has moved from it.
//
// A baseline is computed from a validation manifest when a model version is registered
// (baseline_builder.h) and stored with it. Per feature it keeps up to `bins` quantile
// bins: edges at the baseline's i/bins quantiles (nearest rank), duplicates collapsed,
// and no edge at the maximum (that bin would be empty by construction), so a 0/1 feature
// gets 2 bins; a constant feature gets one edge at its value (2 bins: larger values
// still show as drift). Bins are right-closed:
// (-inf, e0], (e0, e1], ..., (e_last, +inf), so a value equal to an edge falls below it.
//
// Drift is the population stability index (PSI) of a window of requests against those
// bins: sum over bins of (p_w - p_b) ln(p_w / p_b). Rule of thumb (credit scoring, where
// PSI comes from): < 0.1 no shift, 0.1-0.25 moderate, > 0.25 significant. Fractions are
// floored at 1e-4 before the sum, so an empty bin on either side counts as 0.01% instead
// of making the index infinite; that caps one bin's term at about 0.9 per unit of
// fraction moved into it.
//
// Pure functions of their inputs; safe to call from any thread.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "monitor/drift_features.h"

namespace sori {

// Per feature: bin edges from the baseline's quantiles and the fraction of baseline
// samples in each bin (edges.size() + 1 == fractions.size(), except that a feature
// without samples has neither). `count` is the baseline samples that had the feature
// (not NaN); `mean` their mean (0 without any).
struct FeatureBaseline {
  std::vector<double> edges;
  std::vector<double> fractions;
  int64_t count = 0;
  double mean = 0;
};

struct DriftBaseline {
  std::array<FeatureBaseline, kDriftFeatureCount> features;
  int64_t samples = 0;
  std::string source;  // e.g. the manifest it was computed from

  // {"samples": N, "source": "...", "features": {"<feature name>": {"edges": [...],
  //  "fractions": [...], "count": n, "mean": m}, ...}}
  nlohmann::json ToJson() const;
  // Error(kInvalidInput) naming the bad field (e.g. "features.snr_db.fractions"). A
  // feature missing from "features" loads as one without samples (its PSI is NaN), so a
  // baseline written before a feature existed still loads; unknown feature names are
  // ignored for the same reason.
  static DriftBaseline FromJson(const nlohmann::json& j);
};

// Up to `bins` (>= 1, else Error(kInvalidInput)) quantile bins per feature; NaN samples
// are skipped for that feature; duplicate edges collapse; a feature with no samples has
// no edges and count 0.
DriftBaseline BuildDriftBaseline(const std::vector<DriftSample>& samples, int bins = 10, std::string source = "");

// PSI of `window_values` against the baseline (NaN values skipped); NaN if either side
// has no samples. Error(kInvalidInput) for a malformed baseline (sizes that disagree).
double PopulationStabilityIndex(const FeatureBaseline& baseline, const std::vector<double>& window_values);

// PSI per feature, in DriftFeature order.
std::array<double, kDriftFeatureCount> DriftScores(const DriftBaseline& baseline, const std::vector<DriftSample>& window);

}  // namespace sori
