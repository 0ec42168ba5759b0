// DriftBaseline <-> JSON, as stored with a model version.
#include <cmath>

#include "monitor/drift_baseline.h"
#include "util/error.h"

namespace sori {
namespace {

[[noreturn]] void BadBaselineField(const std::string& field, const std::string& why) {
  throw Error(ErrorCode::kInvalidInput, "drift baseline: field '" + field + "' " + why);
}

std::vector<double> ReadNumbers(const nlohmann::json& j, const std::string& field) {
  if (!j.is_array()) BadBaselineField(field, "must be an array of numbers");
  std::vector<double> out;
  for (const auto& v : j) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) BadBaselineField(field, "must hold only finite numbers");
    out.push_back(v.get<double>());
  }
  return out;
}

int64_t ReadCount(const nlohmann::json& j, const std::string& field) {
  if (!j.is_number_integer() || j.get<int64_t>() < 0) BadBaselineField(field, "must be an integer >= 0");
  return j.get<int64_t>();
}

FeatureBaseline ReadFeature(const nlohmann::json& j, const std::string& field) {
  if (!j.is_object()) BadBaselineField(field, "must be an object");
  for (const char* key : {"edges", "fractions", "count", "mean"}) {
    if (!j.contains(key)) BadBaselineField(field + "." + key, "is missing");
  }
  FeatureBaseline f;
  f.edges = ReadNumbers(j["edges"], field + ".edges");
  f.fractions = ReadNumbers(j["fractions"], field + ".fractions");
  f.count = ReadCount(j["count"], field + ".count");
  if (!j["mean"].is_number()) BadBaselineField(field + ".mean", "must be a number");
  f.mean = j["mean"].get<double>();
  for (size_t i = 1; i < f.edges.size(); ++i) {
    if (!(f.edges[i] > f.edges[i - 1])) BadBaselineField(field + ".edges", "must be strictly increasing");
  }
  const bool sized = f.count == 0 ? f.fractions.empty() || f.fractions.size() == f.edges.size() + 1
                                  : f.fractions.size() == f.edges.size() + 1;
  if (!sized) BadBaselineField(field + ".fractions", "must hold one more value than edges");
  double sum = 0.0;
  for (double p : f.fractions) {
    if (p < 0.0 || p > 1.0) BadBaselineField(field + ".fractions", "must lie in [0, 1]");
    sum += p;
  }
  if (f.count > 0 && std::fabs(sum - 1.0) > 1e-6) BadBaselineField(field + ".fractions", "must sum to 1");
  return f;
}

}  // namespace

nlohmann::json DriftBaseline::ToJson() const {
  nlohmann::json features_json = nlohmann::json::object();
  for (int i = 0; i < kDriftFeatureCount; ++i) {
    const FeatureBaseline& f = features[static_cast<size_t>(i)];
    features_json[DriftFeatureName(static_cast<DriftFeature>(i))] =
        {{"edges", f.edges}, {"fractions", f.fractions}, {"count", f.count}, {"mean", f.mean}};
  }
  return {{"samples", samples}, {"source", source}, {"features", features_json}};
}

DriftBaseline DriftBaseline::FromJson(const nlohmann::json& j) {
  if (!j.is_object()) BadBaselineField("(root)", "must be an object");
  DriftBaseline b;
  if (!j.contains("samples")) BadBaselineField("samples", "is missing");
  b.samples = ReadCount(j["samples"], "samples");
  if (j.contains("source")) {
    if (!j["source"].is_string()) BadBaselineField("source", "must be a string");
    b.source = j["source"].get<std::string>();
  }
  if (!j.contains("features") || !j["features"].is_object()) BadBaselineField("features", "must be an object");
  for (const auto& [name, value] : j["features"].items()) {
    const std::optional<DriftFeature> f = DriftFeatureFromName(name);
    if (!f) continue;  // a feature this version does not watch
    b.features[static_cast<size_t>(*f)] = ReadFeature(value, "features." + name);
    if (b.features[static_cast<size_t>(*f)].count > b.samples) {
      BadBaselineField("features." + name + ".count", "exceeds samples");
    }
  }
  return b;
}

}  // namespace sori
