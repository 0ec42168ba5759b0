// The model registry: a registered model is a name with numbered versions; each version
// is an immutable copy of a model package (its files are content-addressed artifacts,
// linked into <home>/models/<name>/<version>/) with its lineage and the metrics it was
// registered with. A version is in one stage: None, Staging, Production or Archived; at
// most one version of a model is in Production.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/artifacts.h"
#include "store/database.h"
#include "store/runs.h"
#include "store/typed_json.h"

namespace sori {

struct ModelVersion {
  std::string name;
  int64_t version = 0;          // 1, 2, ... per name
  std::string stage;            // None | Staging | Production | Archived
  std::string run_id;           // the training run, if the package came from one
  std::string source;           // what was registered, as given (a run id or a folder)
  std::string package_sha256;   // hash over the package's (path, file hash) list
  std::string package_dir;      // <home>/models/<name>/<version>, absolute
  std::string config_yaml;      // the package's config.yaml
  MetricMap metrics;            // e.g. {"test/cer": 0.08, "val/cer": 0.07}
  ModelLineage lineage;         // run, datasets, source revision, ...
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
  MetricMap metrics;
  ModelLineage lineage;
  std::string description;
};

class ModelRegistry {
 public:
  ModelRegistry(Database& db, std::string home, RunStore& runs, ArtifactStore& artifacts)
      : db_(db), home_(std::move(home)), runs_(runs), artifacts_(artifacts) {}

  // Registers the package as the next version of `name` (creating the model), stage None.
  // The package's files are stored as artifacts first, then linked into package_dir. If
  // this name already has a version with the same package hash, that version is returned
  // and *created is false. Names: 1-64 of [A-Za-z0-9._-], starting with a letter or digit.
  ModelVersion Register(const ModelVersionInput& input, bool* created);
  std::vector<RegisteredModel> ListModels();
  RegisteredModel GetModel(const std::string& name);                    // kNotFound
  std::vector<ModelVersion> ListVersions(const std::string& name);      // newest first
  ModelVersion GetVersion(const std::string& name, int64_t version);    // kNotFound
  // The version in `stage` (the newest one for Staging, which may hold several);
  // nullopt if none.
  std::optional<ModelVersion> VersionInStage(const std::string& name, const std::string& stage);
  // "models:/NAME/STAGE", "models:/NAME/VERSION" or "models:/NAME/latest"; kNotFound if the
  // stage is empty. The package folder is re-linked from the artifacts if it was removed.
  ModelVersion Resolve(const std::string& uri);
  // Moves a version to `stage` (any case: none, staging, production, archived). Into
  // Production: refused (kInvalidInput, saying why) when the version's test/<gate metric>
  // is missing or above the model's gate, unless `force`; the version that was in
  // Production is moved to Archived in the same transaction. Returns the versions moved
  // out of Production (empty or one).
  std::vector<int64_t> TransitionStage(const std::string& name, int64_t version, const std::string& stage, bool force,
                                       const std::string& reason = "promote");
  // The same inside a write transaction the caller holds (with db.Lock()), so that a
  // stage change and another store's record of why it happened commit together (a
  // canary ending as promoted: store/canaries.h). The Transaction is only the proof.
  std::vector<int64_t> TransitionStage(const Transaction& held, const std::string& name, int64_t version,
                                       const std::string& stage, bool force, const std::string& reason);
  // Puts back the version that was in Production before the current one (the newest
  // version archived out of Production that is not the current one), archiving the
  // current one; the gate is not applied (it served before). Returns the restored version.
  int64_t RollbackProduction(const std::string& name);
  void SetGate(const std::string& name, const std::string& metric, double max);
  // Merges `metrics` into a version's metrics, e.g. the test/cer of an imported model
  // evaluated after registration.
  void UpdateMetrics(const std::string& name, int64_t version, const MetricMap& metrics);
  std::vector<StageChange> StageHistory(const std::string& name);  // oldest first
  // Canonical stage name for any case of none|staging|production|archived; kInvalidInput.
  static std::string CanonicalStage(const std::string& stage);

 private:
  // TransitionStage's work, inside a transaction the caller holds.
  // apply_gate false: no gate check at all (rollback), so nothing is recorded as forced.
  std::vector<int64_t> TransitionInTransaction(const std::string& name, int64_t version, const std::string& stage,
                                               bool force, const std::string& reason, bool apply_gate);
  // Hard-links (or copies) a version's files from the artifacts into its package folder.
  void MaterializeVersion(const std::string& name, int64_t version, const std::string& dir);
  // The new version's rows (version, files, first stage change); inside Register's transaction.
  void InsertVersion(const ModelVersionInput& input, int64_t version, const std::string& package_sha,
                     const std::vector<std::pair<std::string, std::string>>& files, const std::string& now);

  Database& db_;
  std::string home_;
  RunStore& runs_;
  ArtifactStore& artifacts_;
};

}  // namespace sori
