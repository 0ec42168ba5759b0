// The typed forms of the store's JSON columns. Metrics (of a model version, of an
// evaluation) and a version's lineage are kept in SQL as JSON text, so a row stays
// readable with the sqlite3 shell and new keys need no migration; callers see them as
// the types below. The conversions are here, in one place.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sori {

// Metric name -> value, e.g. {"test/cer": 0.08, "val/cer": 0.07, "step": 1200}.
using MetricMap = std::map<std::string, double>;

// A dataset snapshot a model was trained or tested on, as recorded in its lineage.
struct LineageDataset {
  std::string role;             // train | val | test | eval
  std::string name;
  std::string hash;
  std::optional<double> hours;  // absent in lineage written by the trainer
  bool operator==(const LineageDataset& o) const {
    return role == o.role && name == o.name && hash == o.hash && hours == o.hours;
  }
};

// Where a registered model came from. Empty fields are not recorded.
struct ModelLineage {
  std::string run_id;
  std::string run_name;
  std::string source_revision;
  std::string architecture;             // model.json "architecture"
  std::optional<int64_t> parameters;    // model.json "parameters"
  std::vector<LineageDataset> datasets;
  // Every other key, as recorded (the trainer's manifests and steps, an imported
  // checkpoint's origin, the base package of one with a language model, ...).
  nlohmann::json other = nlohmann::json::object();
  bool operator==(const ModelLineage& o) const {
    return run_id == o.run_id && run_name == o.run_name && source_revision == o.source_revision &&
           architecture == o.architecture && parameters == o.parameters && datasets == o.datasets && other == o.other;
  }
};

// The numbers of a JSON object (other values are not metrics and are skipped).
// kInvalidInput ("<what> must be a JSON object; got ...") unless `object` is one.
MetricMap MetricMapFromJson(const nlohmann::json& object, const std::string& what);
// Parses JSON text first; kInvalidInput for text that is not a JSON object.
MetricMap ParseMetricMap(const std::string& text, const std::string& what);
// Whole numbers (counts such as steps or utterances) are written as JSON integers.
nlohmann::json MetricMapToJson(const MetricMap& metrics);

ModelLineage LineageFromJson(const nlohmann::json& object, const std::string& what);
ModelLineage ParseLineage(const std::string& text, const std::string& what);
nlohmann::json LineageToJson(const ModelLineage& lineage);

// A JSON object parsed from text; kInvalidInput naming `what` for anything else.
nlohmann::json ParseJsonObject(const std::string& text, const std::string& what);

}  // namespace sori
