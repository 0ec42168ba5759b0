// A training run as the store records it: the one place the trainer talks to `Store`,
// so that the store's API can change under it in one file.
//
// Everything a run writes to the store goes through here: its row (created, reopened
// for --resume, heartbeats, the final status), parameters, metrics per step, the
// dataset snapshots it trained, validated and tested on, the model package's files as
// artifacts, and the test evaluation.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "data/manifest.h"
#include "store/store.h"

namespace sori {

class RunRecord {
 public:
  // A new run (status running) with its folder <store>/runs/<id>.
  static RunRecord Create(Store& store, const std::string& name, const std::string& config_yaml,
                          const std::string& source_revision);
  // An unfinished run to continue (Reopen marks it running again). Refuses a finished
  // run and one without checkpoints/last (nothing to resume from), naming the run.
  static RunRecord Find(Store& store, const std::string& id_or_prefix);
  void Reopen();

  const std::string& id() const { return info_.id; }
  const std::string& dir() const { return info_.run_dir; }
  const std::string& config_yaml() const { return info_.config_yaml; }

  void LogParams(const std::map<std::string, std::string>& params);
  void LogMetrics(int64_t step, int64_t epoch, const std::map<std::string, double>& values);
  void Heartbeat();
  void Finish(const std::string& status, const std::string& error = "");

  // Records the manifest's content as a dataset snapshot (once per content) and links it
  // to the run in `role` (train, val, test); returns the snapshot's id.
  int64_t LinkDataset(const Manifest& manifest, const std::string& role);
  // [{role, name, hash}] of the linked snapshots, for a package's lineage.
  nlohmann::json DatasetLineage();
  // Every file of the package in `dir` as an artifact named model/<relative path>.
  void StorePackage(const std::string& dir);
  // A test-set evaluation of `package_dir` on snapshot `dataset_id`; the report file is
  // kept as an artifact.
  void RecordEvaluation(const std::string& package_dir, int64_t dataset_id, const std::string& report_path,
                        const MetricMap& metrics);

 private:
  RunRecord(Store& store, RunInfo info) : store_(&store), info_(std::move(info)) {}

  Store* store_;
  RunInfo info_;
};

}  // namespace sori
