// The store: Sori's embedded record of datasets, training runs (params, metrics, the
// datasets they used, their artifacts), evaluations and the model registry. One database
// (store/database.h; today a SQLite file, `<home>/store.db`, in WAL mode, with schema
// migrations in store/migrations.h), plus content-addressed files under
// `<home>/artifacts/` and one folder per run under `<home>/runs/`. `home` is the --store
// option, else $SORI_HOME, else ./.sori in the working directory.
//
// Every write is one transaction, so a process killed mid-write leaves the store as it
// was before or after that write, never in between. Several processes share a store
// through SQLite's locking (a training run writes while `sori runs` reads). One Store
// may also be shared by threads: its stores share one Database, whose mutex each call
// holds (one connection carries one transaction at a time).
//
// `Store` opens the home folder and hands out the stores, one class per kind of record:
//   runs()         runs, their params, metrics and dataset links  (store/runs.h)
//   datasets()     dataset snapshots                               (store/datasets.h)
//   artifacts()    content-addressed files                         (store/artifacts.h)
//   evaluations()  metrics of a model on a dataset                 (store/evaluations.h)
//   registry()     registered models, versions and stages          (store/registry.h)
//   jobs()         queued transcription jobs and their webhooks     (store/jobs.h)
//   keys()         API keys, their webhook secrets and daily usage (store/api_keys.h)
//   canaries()     canary rollouts and their per-server stats      (store/canaries.h)
//   baselines()    drift baselines, one per model version          (store/drift_baselines.h)
#pragma once

#include <memory>
#include <string>

#include "store/api_keys.h"
#include "store/artifacts.h"
#include "store/canaries.h"
#include "store/database.h"
#include "store/datasets.h"
#include "store/drift_baselines.h"
#include "store/evaluations.h"
#include "store/jobs.h"
#include "store/registry.h"
#include "store/runs.h"
#include "store/typed_json.h"

namespace sori {

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

  RunStore& runs() { return runs_; }
  DatasetStore& datasets() { return datasets_; }
  ArtifactStore& artifacts() { return artifacts_; }
  EvaluationStore& evaluations() { return evaluations_; }
  ModelRegistry& registry() { return registry_; }
  JobStore& jobs() { return jobs_; }
  ApiKeyStore& keys() { return keys_; }
  CanaryStore& canaries() { return canaries_; }
  DriftBaselineStore& baselines() { return baselines_; }

 private:
  Store(std::string home, std::unique_ptr<Database> db);

  // Declared in construction order: each store is built on those above it.
  std::string home_;
  std::unique_ptr<Database> db_;
  DatasetStore datasets_;
  RunStore runs_;
  ArtifactStore artifacts_;
  EvaluationStore evaluations_;
  ModelRegistry registry_;
  JobStore jobs_;
  ApiKeyStore keys_;
  CanaryStore canaries_;
  DriftBaselineStore baselines_;
};

}  // namespace sori
