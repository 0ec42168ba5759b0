// Drift baselines (migration 6): for each model version, one JSON document describing what
// its inputs and outputs looked like when it was judged good (made by src/monitor, opaque
// here), against which a server measures drift in production.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/registry.h"

namespace sori {

class DriftBaselineStore {
 public:
  DriftBaselineStore(Database& db, ModelRegistry& registry) : db_(db), registry_(registry) {}

  // Records (replacing) the baseline of a version: kNotFound if there is no such version,
  // kInvalidInput if baseline_json is not a JSON object.
  void SetDriftBaseline(const std::string& name, int64_t version, const std::string& baseline_json);
  // nullopt when none was recorded (or there is no such version).
  std::optional<std::string> DriftBaseline(const std::string& name, int64_t version);

 private:
  Database& db_;
  ModelRegistry& registry_;
};

}  // namespace sori
