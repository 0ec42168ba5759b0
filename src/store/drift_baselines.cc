// store/drift_baselines.h: one replaceable JSON document per model version.
#include "store/drift_baselines.h"

#include "store/typed_json.h"
#include "util/strings.h"

namespace sori {

void DriftBaselineStore::SetDriftBaseline(const std::string& name, int64_t version, const std::string& baseline_json) {
  ParseJsonObject(baseline_json, "drift baseline of '" + name + "' version " + std::to_string(version));
  const auto lock = db_.Lock();
  Transaction tx(db_);
  registry_.GetVersion(name, version);  // kNotFound naming the model or the version
  Statement st(db_, db_.dialect().Upsert("drift_baselines", {"name", "version", "baseline", "created_at"},
                                          {"name", "version"}));
  st.Bind(1, name).Bind(2, version).Bind(3, baseline_json).Bind(4, UtcNowIso8601());
  st.Run();
  tx.Commit();
}

std::optional<std::string> DriftBaselineStore::DriftBaseline(const std::string& name, int64_t version) {
  const auto lock = db_.Lock();
  Statement st(db_, "SELECT baseline FROM drift_baselines WHERE name = ? AND version = ?");
  st.Bind(1, name).Bind(2, version);
  if (!st.Step()) return std::nullopt;
  return st.ColumnText(0);
}

}  // namespace sori
