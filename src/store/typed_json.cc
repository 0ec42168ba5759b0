// store/typed_json.h: JSON text <-> metrics and lineage.
#include "store/typed_json.h"

#include <cmath>

#include "util/error.h"

namespace sori {
namespace {

void RequireObject(const nlohmann::json& j, const std::string& what, const std::string& shown) {
  if (j.is_discarded() || !j.is_object()) {
    throw Error(ErrorCode::kInvalidInput, what + " must be a JSON object; got '" + shown.substr(0, 80) + "'");
  }
}

std::string TextField(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// Sets `key` only when it has a value, so a lineage read back and written again is the same.
void PutText(nlohmann::json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

LineageDataset DatasetFromJson(const nlohmann::json& d) {
  LineageDataset out;
  if (!d.is_object()) return out;
  out.role = TextField(d, "role");
  out.name = TextField(d, "name");
  out.hash = TextField(d, "hash");
  if (d.contains("hours") && d["hours"].is_number()) out.hours = d["hours"].get<double>();
  return out;
}

}  // namespace

nlohmann::json ParseJsonObject(const std::string& text, const std::string& what) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  RequireObject(j, what, text);
  return j;
}

MetricMap MetricMapFromJson(const nlohmann::json& object, const std::string& what) {
  RequireObject(object, what, object.is_discarded() ? "" : object.dump());
  MetricMap out;
  for (const auto& [key, value] : object.items()) {
    if (value.is_number()) out[key] = value.get<double>();
  }
  return out;
}

MetricMap ParseMetricMap(const std::string& text, const std::string& what) {
  return MetricMapFromJson(ParseJsonObject(text, what), what);
}

nlohmann::json MetricMapToJson(const MetricMap& metrics) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : metrics) {
    const bool whole = std::isfinite(value) && std::fabs(value) < 9.0e15 && value == std::floor(value);
    if (whole) {
      out[key] = static_cast<int64_t>(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

ModelLineage LineageFromJson(const nlohmann::json& object, const std::string& what) {
  RequireObject(object, what, object.is_discarded() ? "" : object.dump());
  ModelLineage out;
  out.other = object;
  for (const char* key : {"run_id", "run_name", "source_revision", "architecture", "parameters", "datasets"}) {
    out.other.erase(key);
  }
  out.run_id = TextField(object, "run_id");
  out.run_name = TextField(object, "run_name");
  out.source_revision = TextField(object, "source_revision");
  out.architecture = TextField(object, "architecture");
  if (object.contains("parameters") && object["parameters"].is_number()) {
    out.parameters = object["parameters"].get<int64_t>();
  }
  if (object.contains("datasets") && object["datasets"].is_array()) {
    for (const auto& d : object["datasets"]) out.datasets.push_back(DatasetFromJson(d));
  }
  return out;
}

ModelLineage ParseLineage(const std::string& text, const std::string& what) {
  return LineageFromJson(ParseJsonObject(text, what), what);
}

nlohmann::json LineageToJson(const ModelLineage& lineage) {
  nlohmann::json out = lineage.other.is_object() ? lineage.other : nlohmann::json::object();
  PutText(out, "run_id", lineage.run_id);
  PutText(out, "run_name", lineage.run_name);
  PutText(out, "source_revision", lineage.source_revision);
  PutText(out, "architecture", lineage.architecture);
  if (lineage.parameters) out["parameters"] = *lineage.parameters;
  if (!lineage.datasets.empty()) {
    nlohmann::json datasets = nlohmann::json::array();
    for (const LineageDataset& d : lineage.datasets) {
      nlohmann::json j = {{"role", d.role}, {"name", d.name}, {"hash", d.hash}};
      if (d.hours) j["hours"] = *d.hours;
      datasets.push_back(std::move(j));
    }
    out["datasets"] = std::move(datasets);
  }
  return out;
}

}  // namespace sori
