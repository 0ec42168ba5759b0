// Store: evaluations, the metrics of a model on a dataset snapshot (sori eval),
// optionally tied to the run that trained the model.
#include <nlohmann/json.hpp>

#include "store/store.h"
#include "store/store_internal.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {

int64_t Store::RecordEvaluation(const EvaluationRecord& record) {
  if (Trim(record.model).empty()) {
    throw Error(ErrorCode::kInvalidInput, "an evaluation needs a model (what was evaluated); got an empty one");
  }
  const nlohmann::json metrics = nlohmann::json::parse(record.metrics_json, nullptr, /*allow_exceptions=*/false);
  if (metrics.is_discarded() || !metrics.is_object()) {
    throw Error(ErrorCode::kInvalidInput, "evaluation metrics must be a JSON object such as {\"cer\": 0.12}; got '" +
                                              record.metrics_json.substr(0, 80) + "'");
  }
  if (!record.report_sha256.empty()) ArtifactPath(record.report_sha256);  // validates the form
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(*db_);
  GetDataset(record.dataset_id);  // kNotFound naming the id
  if (!record.run_id.empty()) RequireRun(record.run_id);
  if (!record.report_sha256.empty()) {
    Statement find(*db_, "SELECT 1 FROM artifacts WHERE sha256 = ?");
    find.Bind(1, record.report_sha256);
    if (!find.Step()) {
      throw Error(ErrorCode::kNotFound, "evaluation report " + record.report_sha256 + " is not an artifact in store '" +
                                            home_ + "'; put the file in first (PutArtifact)");
    }
  }
  Statement insert(*db_,
                   "INSERT INTO evaluations (run_id, model, dataset_id, metrics_json, report_sha256, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
  insert.BindOptional(1, record.run_id.empty() ? std::nullopt : std::optional<std::string>(record.run_id));
  insert.Bind(2, record.model).Bind(3, record.dataset_id).Bind(4, metrics.dump());
  insert.BindOptional(5, record.report_sha256.empty() ? std::nullopt
                                                      : std::optional<std::string>(record.report_sha256));
  insert.Bind(6, UtcNowIso8601());
  insert.Run();
  const int64_t id = db_->LastInsertId();
  tx.Commit();
  return id;
}

std::vector<EvaluationRecord> Store::Evaluations(const std::string& run_or_empty, int64_t dataset_id_or_0) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::string sql =
      "SELECT id, run_id, model, dataset_id, metrics_json, report_sha256, created_at FROM evaluations WHERE 1 = 1";
  if (!run_or_empty.empty()) sql += " AND run_id = ?";
  if (dataset_id_or_0 != 0) sql += " AND dataset_id = ?";
  sql += " ORDER BY id DESC";
  Statement st(*db_, sql);
  int index = 1;
  if (!run_or_empty.empty()) st.Bind(index++, run_or_empty);
  if (dataset_id_or_0 != 0) st.Bind(index++, dataset_id_or_0);
  std::vector<EvaluationRecord> out;
  while (st.Step()) {
    EvaluationRecord e;
    e.id = st.ColumnInt(0);
    e.run_id = st.ColumnText(1);
    e.model = st.ColumnText(2);
    e.dataset_id = st.ColumnInt(3);
    e.metrics_json = st.ColumnText(4);
    e.report_sha256 = st.ColumnText(5);
    e.created_at = st.ColumnText(6);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sori
