// RunStore (store/runs.h): what a run records about itself: params, metrics (and their summaries), and
// the dataset snapshots it used.
#include <cmath>
#include <limits>

#include "store/runs.h"
#include "store/store_internal.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

// SQLite stores NaN as NULL; read it back as NaN.
double ReadValue(const Statement& st, int column) {
  return st.ColumnIsNull(column) ? std::numeric_limits<double>::quiet_NaN() : st.ColumnDouble(column);
}

MetricPoint ReadPoint(const Statement& st) {
  MetricPoint p;
  p.step = st.ColumnInt(0);
  p.epoch = st.ColumnInt(1);
  p.value = ReadValue(st, 2);
  p.time = st.ColumnText(3);
  return p;
}

void CheckKey(const std::string& key, const char* what) {
  if (Trim(key).empty()) {
    throw Error(ErrorCode::kInvalidInput, std::string(what) + " names must not be empty");
  }
}

}  // namespace

bool MetricHigherIsBetter(std::string_view key) {
  const size_t slash = key.rfind('/');
  const std::string last = AsciiLower(slash == std::string_view::npos ? key : key.substr(slash + 1));
  return StartsWith(last, "acc") || last == "f1" || last == "precision" || last == "recall" || last == "bleu" ||
         last == "auc" || EndsWith(last, "_per_s") || EndsWith(last, "per_second") || last == "throughput";
}


void RunStore::LogParams(const std::string& run, const std::map<std::string, std::string>& params) {
  for (const auto& [key, value] : params) CheckKey(key, "param");
  const auto lock = db_.Lock();
  Transaction tx(db_);
  Require(run);
  Statement insert(db_, db_.dialect().Upsert("run_params", {"run_id", "key", "value"}, {"run_id", "key"}));
  for (const auto& [key, value] : params) {
    insert.Bind(1, run).Bind(2, key).Bind(3, value);
    insert.Run();
    insert.Reset();
  }
  tx.Commit();
}

std::map<std::string, std::string> RunStore::GetParams(const std::string& run) {
  const auto lock = db_.Lock();
  Require(run);
  Statement st(db_, "SELECT key, value FROM run_params WHERE run_id = ?");
  st.Bind(1, run);
  std::map<std::string, std::string> out;
  while (st.Step()) out[st.ColumnText(0)] = st.ColumnText(1);
  return out;
}

void RunStore::LogMetrics(const std::string& run, int64_t step, int64_t epoch,
                       const std::map<std::string, double>& values) {
  if (step < 0 || epoch < 0) {
    throw Error(ErrorCode::kInvalidInput, "metric step and epoch must be >= 0; got step " + std::to_string(step) +
                                              ", epoch " + std::to_string(epoch));
  }
  for (const auto& [key, value] : values) CheckKey(key, "metric");
  const auto lock = db_.Lock();
  Transaction tx(db_);
  Require(run);
  const std::string now = UtcNowIso8601();
  Statement insert(db_, db_.dialect().Upsert("run_metrics", {"run_id", "key", "step", "epoch", "value", "logged_at"},
                                             {"run_id", "key", "step"}));
  for (const auto& [key, value] : values) {
    insert.Bind(1, run).Bind(2, key).Bind(3, step).Bind(4, epoch);
    if (std::isnan(value)) {
      insert.BindNull(5);
    } else {
      insert.Bind(5, value);
    }
    insert.Bind(6, now);
    insert.Run();
    insert.Reset();
  }
  tx.Commit();
}

std::vector<MetricPoint> RunStore::GetMetric(const std::string& run, const std::string& key) {
  const auto lock = db_.Lock();
  Require(run);
  Statement st(db_,
               "SELECT step, epoch, value, logged_at FROM run_metrics WHERE run_id = ? AND key = ? ORDER BY step");
  st.Bind(1, run).Bind(2, key);
  std::vector<MetricPoint> out;
  while (st.Step()) out.push_back(ReadPoint(st));
  return out;
}

std::vector<std::string> RunStore::MetricKeys(const std::string& run) {
  const auto lock = db_.Lock();
  Require(run);
  Statement st(db_, "SELECT DISTINCT key FROM run_metrics WHERE run_id = ? ORDER BY key");
  st.Bind(1, run);
  std::vector<std::string> out;
  while (st.Step()) out.push_back(st.ColumnText(0));
  return out;
}

std::optional<MetricSummary> RunStore::SummarizeMetric(const std::string& run, const std::string& key) {
  const auto lock = db_.Lock();
  Require(run);
  MetricSummary s;
  s.key = key;
  s.higher_is_better = MetricHigherIsBetter(key);
  {
    Statement count(db_, "SELECT COUNT(*) FROM run_metrics WHERE run_id = ? AND key = ?");
    count.Bind(1, run).Bind(2, key);
    count.Step();
    s.points = count.ColumnInt(0);
  }
  if (s.points == 0) return std::nullopt;
  {
    Statement last(db_,
                   "SELECT step, epoch, value, logged_at FROM run_metrics WHERE run_id = ? AND key = ? "
                   "ORDER BY step DESC LIMIT 1");
    last.Bind(1, run).Bind(2, key);
    last.Step();
    s.last = ReadPoint(last);
  }
  // Ties go to the earliest step: the first time the best value was reached.
  Statement best(db_, std::string("SELECT step, epoch, value, logged_at FROM run_metrics "
                                   "WHERE run_id = ? AND key = ? AND value IS NOT NULL ORDER BY value ") +
                           (s.higher_is_better ? "DESC" : "ASC") + ", step ASC LIMIT 1");
  best.Bind(1, run).Bind(2, key);
  if (best.Step()) s.best = ReadPoint(best);
  return s;
}

std::vector<MetricSummary> RunStore::SummarizeMetrics(const std::string& run) {
  const auto lock = db_.Lock();
  std::vector<MetricSummary> out;
  for (const std::string& key : MetricKeys(run)) {
    if (std::optional<MetricSummary> s = SummarizeMetric(run, key)) out.push_back(*s);
  }
  return out;
}

std::optional<int64_t> RunStore::LastStep(const std::string& run) {
  const auto lock = db_.Lock();
  Require(run);
  Statement st(db_, "SELECT MAX(step) FROM run_metrics WHERE run_id = ?");
  st.Bind(1, run);
  st.Step();
  if (st.ColumnIsNull(0)) return std::nullopt;
  return st.ColumnInt(0);
}

void RunStore::LinkDataset(const std::string& run, int64_t dataset_id, const std::string& role) {
  if (role != "train" && role != "val" && role != "test" && role != "eval") {
    throw Error(ErrorCode::kInvalidInput, "dataset role '" + role + "' is not one of train, val, test, eval");
  }
  const auto lock = db_.Lock();
  Transaction tx(db_);
  Require(run);
  datasets_.Get(dataset_id);  // throws kNotFound naming the id
  Statement insert(db_, db_.dialect().InsertOrIgnore("run_datasets", {"run_id", "dataset_id", "role"}));
  insert.Bind(1, run).Bind(2, dataset_id).Bind(3, role);
  insert.Run();
  tx.Commit();
}

std::vector<std::pair<DatasetSnapshot, std::string>> RunStore::RunDatasets(const std::string& run) {
  const auto lock = db_.Lock();
  Require(run);
  Statement st(db_, "SELECT " + store_internal::SnapshotColumns("d") +
                         ", rd.role FROM run_datasets rd JOIN datasets d ON d.id = rd.dataset_id "
                         "WHERE rd.run_id = ? ORDER BY CASE rd.role WHEN 'train' THEN 0 WHEN 'val' THEN 1 "
                         "WHEN 'test' THEN 2 ELSE 3 END, d.name, d.id");
  st.Bind(1, run);
  std::vector<std::pair<DatasetSnapshot, std::string>> out;
  while (st.Step()) out.emplace_back(store_internal::ReadSnapshot(st, 0), st.ColumnText(8));
  return out;
}

}  // namespace sori
