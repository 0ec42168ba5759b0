// Store: what a run records about itself: params, metrics (and their summaries), and
// the dataset snapshots it used.
#include <cmath>
#include <limits>

#include "store/store.h"
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

void Store::LogParams(const std::string& run, const std::map<std::string, std::string>& params) {
  for (const auto& [key, value] : params) CheckKey(key, "param");
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(*db_);
  RequireRun(run);
  Statement insert(*db_, "INSERT OR REPLACE INTO run_params (run_id, key, value) VALUES (?, ?, ?)");
  for (const auto& [key, value] : params) {
    insert.Bind(1, run).Bind(2, key).Bind(3, value);
    insert.Run();
    insert.Reset();
  }
  tx.Commit();
}

std::map<std::string, std::string> Store::GetParams(const std::string& run) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  RequireRun(run);
  Statement st(*db_, "SELECT key, value FROM run_params WHERE run_id = ?");
  st.Bind(1, run);
  std::map<std::string, std::string> out;
  while (st.Step()) out[st.ColumnText(0)] = st.ColumnText(1);
  return out;
}

void Store::LogMetrics(const std::string& run, int64_t step, int64_t epoch,
                       const std::map<std::string, double>& values) {
  if (step < 0 || epoch < 0) {
    throw Error(ErrorCode::kInvalidInput, "metric step and epoch must be >= 0; got step " + std::to_string(step) +
                                              ", epoch " + std::to_string(epoch));
  }
  for (const auto& [key, value] : values) CheckKey(key, "metric");
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(*db_);
  RequireRun(run);
  const std::string now = UtcNowIso8601();
  Statement insert(*db_,
                   "INSERT OR REPLACE INTO run_metrics (run_id, key, step, epoch, value, logged_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
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

std::vector<MetricPoint> Store::GetMetric(const std::string& run, const std::string& key) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  RequireRun(run);
  Statement st(*db_,
               "SELECT step, epoch, value, logged_at FROM run_metrics WHERE run_id = ? AND key = ? ORDER BY step");
  st.Bind(1, run).Bind(2, key);
  std::vector<MetricPoint> out;
  while (st.Step()) out.push_back(ReadPoint(st));
  return out;
}

std::vector<std::string> Store::MetricKeys(const std::string& run) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  RequireRun(run);
  Statement st(*db_, "SELECT DISTINCT key FROM run_metrics WHERE run_id = ? ORDER BY key");
  st.Bind(1, run);
  std::vector<std::string> out;
  while (st.Step()) out.push_back(st.ColumnText(0));
  return out;
}

std::optional<MetricSummary> Store::SummarizeMetric(const std::string& run, const std::string& key) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  RequireRun(run);
  MetricSummary s;
  s.key = key;
  s.higher_is_better = MetricHigherIsBetter(key);
  {
    Statement count(*db_, "SELECT COUNT(*) FROM run_metrics WHERE run_id = ? AND key = ?");
    count.Bind(1, run).Bind(2, key);
    count.Step();
    s.points = count.ColumnInt(0);
  }
  if (s.points == 0) return std::nullopt;
  {
    Statement last(*db_,
                   "SELECT step, epoch, value, logged_at FROM run_metrics WHERE run_id = ? AND key = ? "
                   "ORDER BY step DESC LIMIT 1");
    last.Bind(1, run).Bind(2, key);
    last.Step();
    s.last = ReadPoint(last);
  }
  // Ties go to the earliest step: the first time the best value was reached.
  Statement best(*db_, std::string("SELECT step, epoch, value, logged_at FROM run_metrics "
                                   "WHERE run_id = ? AND key = ? AND value IS NOT NULL ORDER BY value ") +
                           (s.higher_is_better ? "DESC" : "ASC") + ", step ASC LIMIT 1");
  best.Bind(1, run).Bind(2, key);
  if (best.Step()) s.best = ReadPoint(best);
  return s;
}

std::vector<MetricSummary> Store::SummarizeMetrics(const std::string& run) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::vector<MetricSummary> out;
  for (const std::string& key : MetricKeys(run)) {
    if (std::optional<MetricSummary> s = SummarizeMetric(run, key)) out.push_back(*s);
  }
  return out;
}

std::optional<int64_t> Store::LastStep(const std::string& run) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  RequireRun(run);
  Statement st(*db_, "SELECT MAX(step) FROM run_metrics WHERE run_id = ?");
  st.Bind(1, run);
  st.Step();
  if (st.ColumnIsNull(0)) return std::nullopt;
  return st.ColumnInt(0);
}

void Store::LinkDataset(const std::string& run, int64_t dataset_id, const std::string& role) {
  if (role != "train" && role != "val" && role != "test" && role != "eval") {
    throw Error(ErrorCode::kInvalidInput, "dataset role '" + role + "' is not one of train, val, test, eval");
  }
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(*db_);
  RequireRun(run);
  GetDataset(dataset_id);  // throws kNotFound naming the id
  Statement insert(*db_, "INSERT OR IGNORE INTO run_datasets (run_id, dataset_id, role) VALUES (?, ?, ?)");
  insert.Bind(1, run).Bind(2, dataset_id).Bind(3, role);
  insert.Run();
  tx.Commit();
}

std::vector<std::pair<DatasetSnapshot, std::string>> Store::RunDatasets(const std::string& run) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  RequireRun(run);
  Statement st(*db_, "SELECT " + store_internal::SnapshotColumns("d") +
                         ", rd.role FROM run_datasets rd JOIN datasets d ON d.id = rd.dataset_id "
                         "WHERE rd.run_id = ? ORDER BY CASE rd.role WHEN 'train' THEN 0 WHEN 'val' THEN 1 "
                         "WHEN 'test' THEN 2 ELSE 3 END, d.name, d.id");
  st.Bind(1, run);
  std::vector<std::pair<DatasetSnapshot, std::string>> out;
  while (st.Step()) out.emplace_back(store_internal::ReadSnapshot(st, 0), st.ColumnText(8));
  return out;
}

}  // namespace sori
