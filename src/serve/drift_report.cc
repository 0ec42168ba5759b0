// SttService: drift of every loaded version's recent requests from its baseline
// (monitor/), as the stt_drift_score gauges and as GET /v1/monitor/drift.
#include <cmath>

#include "serve/responses.h"
#include "serve/stt_service.h"

namespace sori {

namespace {

// The mean of one feature over a window's samples (NaN samples skipped); NaN if none.
double FeatureMean(const std::vector<DriftSample>& window, int feature) {
  double sum = 0;
  int n = 0;
  for (const DriftSample& s : window) {
    if (!std::isnan(s[feature])) {
      sum += s[feature];
      ++n;
    }
  }
  return n > 0 ? sum / n : NAN;
}

nlohmann::json NumberOrNull(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

}  // namespace

std::vector<std::shared_ptr<ServingModel>> SttService::LoadedModels() const {
  std::vector<std::shared_ptr<Model>> out;
  for (const auto& slot : models_.All()) {
    if (auto m = slot->production()) out.push_back(std::move(m));
    if (auto m = slot->candidate()) out.push_back(std::move(m));
  }
  return out;
}

void SttService::RemoveDriftSeries(const Model& m) {
  for (int f = 0; f < kDriftFeatureCount; ++f) {
    metrics_.drift_score->Remove({m.name, m.version, DriftFeatureName(static_cast<DriftFeature>(f))});
  }
  metrics_.drift_window->Remove({m.name, m.version});
}

// One version's report; sets its gauges (a score is exported only once the window has
// enough requests and the version has a baseline).
nlohmann::json SttService::DriftEntry(const Model& m) {
  const std::vector<DriftSample> window = m.drift->Snapshot();
  metrics_.drift_window->Set({m.name, m.version}, static_cast<double>(window.size()));
  nlohmann::json entry = {{"model", m.name},
                          {"model_version", m.version},
                          {"window", window.size()},
                          {"baseline_samples", m.drift_baseline ? nlohmann::json(m.drift_baseline->samples) : nlohmann::json(nullptr)},
                          {"features", nlohmann::json::array()}};
  std::array<double, kDriftFeatureCount> scores;
  scores.fill(NAN);
  // Scored from the one snapshot (DriftWindow::Scores would copy the window again).
  if (m.drift_baseline && window.size() >= static_cast<size_t>(config_.drift_window.min_samples)) {
    scores = DriftScores(*m.drift_baseline, window);
  }
  for (int f = 0; f < kDriftFeatureCount; ++f) {
    const std::string feature = DriftFeatureName(static_cast<DriftFeature>(f));
    if (std::isnan(scores[f])) {
      metrics_.drift_score->Remove({m.name, m.version, feature});
    } else {
      metrics_.drift_score->Set({m.name, m.version, feature}, scores[f]);
    }
    entry["features"].push_back({{"feature", feature},
                                 {"psi", NumberOrNull(scores[f])},
                                 {"window_mean", NumberOrNull(FeatureMean(window, f))},
                                 {"baseline_mean", m.drift_baseline ? NumberOrNull(m.drift_baseline->features[f].mean)
                                                                    : nlohmann::json(nullptr)}});
  }
  return entry;
}

nlohmann::json SttService::DriftReport() {
  std::lock_guard<std::mutex> lock(drift_mu_);  // see Retire
  nlohmann::json models = nlohmann::json::array();
  for (const auto& m : LoadedModels()) models.push_back(DriftEntry(*m));
  return {{"models", models}, {"min_window", config_.drift_window.min_samples}, {"alert_psi", 0.25}};
}

void SttService::Drift(const std::shared_ptr<Exchange>& exchange) { exchange->Answer(JsonResponse(200, DriftReport())); }

}  // namespace sori
