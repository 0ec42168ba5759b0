// EvaluationStore (store/evaluations.h): evaluations, the metrics of a model on a dataset
// snapshot (sori eval), optionally tied to the run that trained the model.
#include "store/evaluations.h"

#include "util/error.h"
#include "util/strings.h"

namespace sori {

int64_t EvaluationStore::Record(const EvaluationRecord& record) {
  if (Trim(record.model).empty()) {
    throw Error(ErrorCode::kInvalidInput, "an evaluation needs a model (what was evaluated); got an empty one");
  }
  if (!record.report_sha256.empty()) artifacts_.Path(record.report_sha256);  // validates the form
  const auto lock = db_.Lock();
  Transaction tx(db_);
  datasets_.Get(record.dataset_id);  // kNotFound naming the id
  if (!record.run_id.empty()) runs_.Require(record.run_id);
  if (!record.report_sha256.empty()) artifacts_.Require(record.report_sha256, "evaluation report");
  Statement insert(db_,
                   "INSERT INTO evaluations (run_id, model, dataset_id, metrics_json, report_sha256, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)" + db_.dialect().ReturningId("id"));
  insert.BindOptional(1, record.run_id.empty() ? std::nullopt : std::optional<std::string>(record.run_id));
  insert.Bind(2, record.model).Bind(3, record.dataset_id).Bind(4, MetricMapToJson(record.metrics).dump());
  insert.BindOptional(5, record.report_sha256.empty() ? std::nullopt
                                                      : std::optional<std::string>(record.report_sha256));
  insert.Bind(6, UtcNowIso8601());
  insert.Run();
  const int64_t id = insert.InsertedId();
  tx.Commit();
  return id;
}

std::vector<EvaluationRecord> EvaluationStore::List(const std::string& run_or_empty, int64_t dataset_id_or_0) {
  const auto lock = db_.Lock();
  std::string sql =
      "SELECT id, run_id, model, dataset_id, metrics_json, report_sha256, created_at FROM evaluations WHERE 1 = 1";
  if (!run_or_empty.empty()) sql += " AND run_id = ?";
  if (dataset_id_or_0 != 0) sql += " AND dataset_id = ?";
  sql += " ORDER BY id DESC";
  Statement st(db_, sql);
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
    e.metrics = ParseMetricMap(st.ColumnText(4), "evaluation metrics");
    e.report_sha256 = st.ColumnText(5);
    e.created_at = st.ColumnText(6);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sori
