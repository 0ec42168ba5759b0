// Training runs and what they record about themselves: the life cycle (runs.cc: create,
// reopen, heartbeat, finish, look up, and the reaper that marks runs whose process is
// gone as killed) and params, metrics per step and the dataset snapshots a run used
// (run_records.cc).
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/datasets.h"

namespace sori {

// One training run. Times are ISO-8601 UTC ("2026-11-22T12:34:56Z"); ended_at is empty
// while the run is running. A run the store found dead (see ReapStale) gets
// ended_at = its last heartbeat, the last moment it was known to be alive.
struct RunInfo {
  std::string id;               // 8 lowercase hex characters, random
  std::string name;
  std::string status;           // running | finished | failed | killed
  std::string config_yaml;      // the training config as the run read it
  std::string source_revision;  // e.g. a git commit; free text
  std::string host;             // gethostname() of the process that (re)opened the run
  int64_t pid = 0;
  std::string started_at;
  std::string ended_at;
  std::string heartbeat_at;
  std::string error;            // why it failed or was killed; empty otherwise
  std::string run_dir;          // absolute: <home>/runs/<id>, created by Create
};

struct MetricPoint {
  int64_t step = 0;
  int64_t epoch = 0;
  double value = 0.0;           // NaN is kept (a diverged loss is worth seeing)
  std::string time;             // ISO-8601 UTC when it was logged
};

// A metric at a glance: its last point and its best one. "Best" is the lowest value,
// or the highest for metrics where higher is better (MetricHigherIsBetter).
struct MetricSummary {
  std::string key;
  int64_t points = 0;
  MetricPoint last;
  std::optional<MetricPoint> best;  // absent if every value is NaN
  bool higher_is_better = false;
};

class RunStore {
 public:
  // Runs live in <home>/runs/<id>/; dataset links are checked against `datasets`.
  RunStore(Database& db, std::string home, DatasetStore& datasets)
      : db_(db), home_(std::move(home)), datasets_(datasets) {}

  // ---- life cycle (runs.cc) ----

  // Creates a run: status running, host/pid of this process, started_at = heartbeat_at =
  // now, run_dir = <home>/runs/<id> (created). `name` must not be empty.
  RunInfo Create(const std::string& name, const std::string& config_yaml, const std::string& source_revision);
  // For --resume: the run is running again, owned by this process (host, pid), with a
  // fresh heartbeat and no end time or error. Refused (kInvalidInput) while another live
  // process still owns it.
  void Reopen(const std::string& id);
  // A live run calls this every few seconds. A run the store had marked killed comes
  // back to running (it was alive after all); a finished or failed run is left as it is,
  // so a late heartbeat racing Finish is harmless.
  void Heartbeat(const std::string& id);
  // status: finished | failed | killed. Sets ended_at = now and the error text.
  void Finish(const std::string& id, const std::string& status, const std::string& error = "");
  // By id, or by a unique id prefix of at least 4 characters. Throws kNotFound, or
  // kInvalidInput for an ambiguous prefix (the message lists the candidates).
  RunInfo Get(const std::string& id_or_prefix);
  // Newest first.
  std::vector<RunInfo> List();
  // Marks "killed" (error kReapedRunError) every run still "running" whose process is
  // gone: on this host, its pid is dead, a zombie, or now belongs to another program
  // (its start time in /proc/<pid>/stat differs from the one recorded); on any host, its
  // heartbeat is older than `stale_after_sec`. List and Get call this first, so no
  // run stays "running" forever. Returns how many runs it marked.
  int ReapStale(double stale_after_sec = kDefaultStaleAfterSec);
  static constexpr double kDefaultStaleAfterSec = 600;
  static constexpr const char* kReapedRunError = "process ended without finishing (killed?)";
  // Throws kNotFound unless a run with exactly this id exists. For the other stores,
  // inside their transactions.
  void Require(const std::string& id);

  // ---- params, metrics, datasets (run_records.cc) ----
  // `run` is a full run id (Get resolves prefixes); an unknown one is kNotFound.

  // Sets params (string values; a key logged again takes the new value). One transaction.
  void LogParams(const std::string& run, const std::map<std::string, std::string>& params);
  std::map<std::string, std::string> GetParams(const std::string& run);
  // Logs the values of one step, all in one transaction. A (key, step) logged again
  // (a resumed run repeating steps after its last checkpoint) replaces the old point.
  void LogMetrics(const std::string& run, int64_t step, int64_t epoch, const std::map<std::string, double>& values);
  // Points of one metric by increasing step (empty if never logged).
  std::vector<MetricPoint> GetMetric(const std::string& run, const std::string& key);
  // Metric keys of a run, sorted.
  std::vector<std::string> MetricKeys(const std::string& run);
  // Summary of one metric, or nullopt if the run never logged it.
  std::optional<MetricSummary> SummarizeMetric(const std::string& run, const std::string& key);
  // Summaries of every metric of a run, sorted by key.
  std::vector<MetricSummary> SummarizeMetrics(const std::string& run);
  // Highest step logged for any metric; nullopt if none.
  std::optional<int64_t> LastStep(const std::string& run);
  // role: train | val | test | eval. Linking the same (dataset, role) twice is a no-op.
  void LinkDataset(const std::string& run, int64_t dataset_id, const std::string& role);
  // Datasets of a run with their roles, in role order (train, val, test, eval).
  std::vector<std::pair<DatasetSnapshot, std::string>> RunDatasets(const std::string& run);

 private:
  std::optional<RunInfo> FindById(const std::string& id);

  Database& db_;
  std::string home_;
  DatasetStore& datasets_;
};

// True for metrics where a higher value is better: those whose last '/'-separated part
// (lowercased) starts with "acc" or is f1, precision, recall, bleu or auc. Everything
// else (loss, cer, wer, ...) is better lower.
bool MetricHigherIsBetter(std::string_view key);

// Seconds since the epoch of a "YYYY-MM-DDTHH:MM:SSZ" time; nullopt if malformed.
std::optional<std::time_t> ParseUtcIso8601(std::string_view text);

}  // namespace sori
