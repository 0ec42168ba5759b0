// The store: Sori's embedded record of datasets, training runs (params, metrics, the
// datasets they used, their artifacts) and evaluations. One SQLite file,
// `<home>/store.db`, in WAL mode, with schema migrations (store/migrations.h), plus
// content-addressed files under `<home>/artifacts/` and one folder per run under
// `<home>/runs/`. `home` is the --store option, else $SORI_HOME, else ./.sori in the
// working directory.
//
// Every write is one SQLite transaction, so a process killed mid-write leaves the store
// as it was before or after that write, never in between. Several processes share a
// store through SQLite's locking (a training run writes while `sori runs` reads). One
// Store object may also be shared by threads (a trainer's heartbeat thread and its main
// loop): each call holds the object's mutex, because one SQLite connection carries one
// transaction at a time.
//
// The run-related methods are implemented in runs.cc (life cycle, staleness),
// run_records.cc (params, metrics, datasets), artifacts.cc and evaluations.cc.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sqlite.h"
#include "util/strings.h"  // UtcNowIso8601

namespace sori {

struct DatasetSnapshot {
  int64_t id = 0;
  std::string name;
  std::string hash;           // 64 hex chars
  std::string manifest_path;
  int64_t utterances = 0;
  double hours = 0.0;
  int64_t audio_bytes = 0;
  std::string created_at;     // ISO-8601 UTC, set by the store
};

// One training run. Times are ISO-8601 UTC ("2026-11-22T12:34:56Z"); ended_at is empty
// while the run is running. A run the store found dead (see ReapStaleRuns) gets
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
  std::string run_dir;          // absolute: <home>/runs/<id>, created by CreateRun
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

struct ArtifactInfo {
  std::string name;             // logical name within the run, e.g. "checkpoints/best.pt"
  std::string sha256;           // 64 lowercase hex chars: the file's content address
  int64_t size = 0;             // bytes
  std::string created_at;
};

// Metrics of a model on a dataset snapshot (sori eval), optionally tied to a run.
struct EvaluationRecord {
  int64_t id = 0;               // set by the store
  std::string run_id;           // empty: not tied to a run
  std::string model;            // what was evaluated: a path, a registry name, ...
  int64_t dataset_id = 0;       // a DatasetSnapshot id
  std::string metrics_json;     // a JSON object, e.g. {"cer": 0.12, "wer": 0.31}
  std::string report_sha256;    // empty, or an artifact holding the full report
  std::string created_at;       // set by the store
};

// ---- model registry (registry.cc) ----
// A registered model is a name with numbered versions; each version is an immutable copy
// of a model package (its files are content-addressed artifacts, linked into
// <home>/models/<name>/<version>/) with its lineage and the metrics it was registered with.
// A version is in one stage: None, Staging, Production or Archived; at most one version of
// a model is in Production.
struct ModelVersion {
  std::string name;
  int64_t version = 0;          // 1, 2, ... per name
  std::string stage;            // None | Staging | Production | Archived
  std::string run_id;           // the training run, if the package came from one
  std::string source;           // what was registered, as given (a run id or a folder)
  std::string package_sha256;   // hash over the package's (path, file hash) list
  std::string package_dir;      // <home>/models/<name>/<version>, absolute
  std::string config_yaml;      // the package's config.yaml
  std::string metrics_json;     // JSON object, e.g. {"test/cer": 0.08, "val/cer": 0.07}
  std::string lineage_json;     // JSON object: run, datasets, source revision, ...
  std::string description;
  std::string created_at;
  std::string stage_changed_at;
};

struct RegisteredModel {
  std::string name;
  std::string created_at;
  std::string gate_metric = "cer";  // promotion to Production needs test/<metric> <= gate_max
  double gate_max = 0.05;
  int64_t versions = 0;
  std::optional<int64_t> production;  // the version in Production, if any
};

struct StageChange {
  std::string name;
  int64_t version = 0;
  std::string from_stage, to_stage;
  std::string reason;           // promote | archived by vN | rollback | ...
  bool forced = false;          // the gate was overridden
  std::string at;
};

struct ModelVersionInput {
  std::string name;
  std::string source;
  std::string run_id;           // empty: none
  std::string package_dir;      // the folder to copy
  std::string config_yaml;
  std::string metrics_json = "{}";
  std::string lineage_json = "{}";
  std::string description;
};

class Store {
 public:
  // Opens (creating) <home>/store.db and brings its schema up to date. Removes the
  // partial artifact copies that killed writers left in <home>/artifacts/tmp/
  // (store/artifact_temps.h: never those of a writer that may still be running).
  static std::unique_ptr<Store> Open(const std::string& home);
  // --store value if non-empty, else $SORI_HOME, else ".sori".
  static std::string ResolveHome(const std::string& flag);

  const std::string& home() const { return home_; }
  int schema_version();

  // ---- dataset snapshots ----

  // Records a snapshot. If one with the same name and hash exists, returns it and sets
  // *created to false: recording the same content twice is not a new version.
  DatasetSnapshot RecordDataset(const DatasetSnapshot& snapshot, bool* created);
  // All snapshots, newest first; only those named `name` if given.
  std::vector<DatasetSnapshot> ListDatasets(const std::optional<std::string>& name = std::nullopt);
  // By exact name (newest version), or by hash prefix of at least 6 characters.
  // Throws kNotFound, or kInvalidInput if a hash prefix is ambiguous.
  DatasetSnapshot FindDataset(const std::string& name_or_hash);
  // By id; throws kNotFound.
  DatasetSnapshot GetDataset(int64_t id);

  // ---- runs: life cycle (runs.cc) ----

  // Creates a run: status running, host/pid of this process, started_at = heartbeat_at =
  // now, run_dir = <home>/runs/<id> (created). `name` must not be empty.
  RunInfo CreateRun(const std::string& name, const std::string& config_yaml, const std::string& source_revision);
  // For --resume: the run is running again, owned by this process (host, pid), with a
  // fresh heartbeat and no end time or error. Refused (kInvalidInput) while another live
  // process still owns it.
  void ReopenRun(const std::string& id);
  // A live run calls this every few seconds. A run the store had marked killed comes
  // back to running (it was alive after all); a finished or failed run is left as it is,
  // so a late heartbeat racing FinishRun is harmless.
  void Heartbeat(const std::string& id);
  // status: finished | failed | killed. Sets ended_at = now and the error text.
  void FinishRun(const std::string& id, const std::string& status, const std::string& error = "");
  // By id, or by a unique id prefix of at least 4 characters. Throws kNotFound, or
  // kInvalidInput for an ambiguous prefix (the message lists the candidates).
  RunInfo GetRun(const std::string& id_or_prefix);
  // Newest first.
  std::vector<RunInfo> ListRuns();
  // Marks "killed" (error kReapedRunError) every run still "running" whose process is
  // gone: on this host, its pid is dead, a zombie, or now belongs to another program
  // (its start time in /proc/<pid>/stat differs from the one recorded); on any host, its
  // heartbeat is older than `stale_after_sec`. ListRuns and GetRun call this first, so no
  // run stays "running" forever. Returns how many runs it marked.
  int ReapStaleRuns(double stale_after_sec = kDefaultStaleAfterSec);
  static constexpr double kDefaultStaleAfterSec = 600;
  static constexpr const char* kReapedRunError = "process ended without finishing (killed?)";

  // ---- runs: params, metrics, datasets (run_records.cc) ----
  // `run` is a full run id (GetRun resolves prefixes); an unknown one is kNotFound.

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

  // ---- content-addressed artifacts (artifacts.cc) ----
  // Files live at <home>/artifacts/sha256/<first 2 hex>/<other 62 hex>, read-only.

  // Copies a file into the store (atomically: temp file, fsync, rename) and returns its
  // sha256. Content already stored is not copied again. kNotFound names a missing file.
  std::string PutArtifact(const std::string& file_path);
  // Names a stored artifact within a run; the same name again points it at the new
  // content. `size` must match the stored file (kInvalidInput otherwise); an artifact
  // not put first is kNotFound.
  void LinkArtifact(const std::string& run, const std::string& logical_name, const std::string& sha256,
                    int64_t size);
  // PutArtifact + LinkArtifact.
  ArtifactInfo LogArtifact(const std::string& run, const std::string& logical_name, const std::string& file_path);
  // A run's artifacts, sorted by name.
  std::vector<ArtifactInfo> RunArtifacts(const std::string& run);
  // Where an artifact's bytes are (whether or not it exists). kInvalidInput unless
  // `sha256` is 64 lowercase hex characters.
  std::string ArtifactPath(const std::string& sha256) const;

  // ---- evaluations (evaluations.cc) ----

  // Validates (model named, dataset and run exist, metrics_json is a JSON object, report
  // stored as an artifact) and records; returns the new id.
  int64_t RecordEvaluation(const EvaluationRecord& record);
  // Newest first; filtered by run id if non-empty and by dataset id if non-zero.
  std::vector<EvaluationRecord> Evaluations(const std::string& run_or_empty, int64_t dataset_id_or_0);

  // ---- model registry (registry.cc) ----

  // Registers the package as the next version of `name` (creating the model), stage None.
  // The package's files are stored as artifacts first, then linked into package_dir. If
  // this name already has a version with the same package hash, that version is returned
  // and *created is false. Names: 1-64 of [A-Za-z0-9._-], starting with a letter or digit.
  ModelVersion RegisterModelVersion(const ModelVersionInput& input, bool* created);
  std::vector<RegisteredModel> ListModels();
  RegisteredModel GetModel(const std::string& name);             // kNotFound
  std::vector<ModelVersion> ListModelVersions(const std::string& name);  // newest first
  ModelVersion GetModelVersion(const std::string& name, int64_t version);  // kNotFound
  // The version in `stage` (the newest one for Staging, which may hold several);
  // nullopt if none.
  std::optional<ModelVersion> VersionInStage(const std::string& name, const std::string& stage);
  // "models:/NAME/STAGE", "models:/NAME/VERSION" or "models:/NAME/latest"; kNotFound if the
  // stage is empty. The package folder is re-linked from the artifacts if it was removed.
  ModelVersion ResolveModelUri(const std::string& uri);
  // Moves a version to `stage` (any case: none, staging, production, archived). Into
  // Production: refused (kInvalidInput, saying why) when the version's test/<gate metric>
  // is missing or above the model's gate, unless `force`; the version that was in
  // Production is moved to Archived in the same transaction. Returns the versions moved
  // out of Production (empty or one).
  std::vector<int64_t> TransitionStage(const std::string& name, int64_t version, const std::string& stage, bool force,
                                       const std::string& reason = "promote");
  // Puts back the version that was in Production before the current one (the newest
  // version archived out of Production that is not the current one), archiving the
  // current one; the gate is not applied (it served before). Returns the restored version.
  int64_t RollbackProduction(const std::string& name);
  void SetGate(const std::string& name, const std::string& metric, double max);
  // Merges `metrics` (a JSON object of numbers) into a version's metrics, e.g. the
  // test/cer of an imported model evaluated after registration.
  void UpdateVersionMetrics(const std::string& name, int64_t version, const std::string& metrics_json);
  std::vector<StageChange> StageHistory(const std::string& name);  // oldest first
  // Canonical stage name for any case of none|staging|production|archived; kInvalidInput.
  static std::string CanonicalStage(const std::string& stage);

 private:
  Store(std::string home, std::unique_ptr<Database> db);
  // Throws kNotFound unless a run with exactly this id exists.
  void RequireRun(const std::string& id);
  std::optional<RunInfo> FindRunById(const std::string& id);
  // TransitionStage's work, inside a transaction the caller holds.
  // apply_gate false: no gate check at all (rollback), so nothing is recorded as forced.
  std::vector<int64_t> TransitionInTransaction(const std::string& name, int64_t version, const std::string& stage,
                                               bool force, const std::string& reason, bool apply_gate);
  // Hard-links (or copies) a version's files from the artifacts into its package folder.
  void MaterializeVersion(const std::string& name, int64_t version, const std::string& dir);

  std::string home_;
  std::unique_ptr<Database> db_;
  // Held by every public method; recursive because some call others (GetRun reaps).
  std::recursive_mutex mutex_;
};

// True for metrics where a higher value is better: those whose last '/'-separated part
// (lowercased) starts with "acc" or is f1, precision, recall, bleu or auc. Everything
// else (loss, cer, wer, ...) is better lower.
bool MetricHigherIsBetter(std::string_view key);

// Seconds since the epoch of a "YYYY-MM-DDTHH:MM:SSZ" time; nullopt if malformed.
std::optional<std::time_t> ParseUtcIso8601(std::string_view text);

}  // namespace sori
