// Evaluations: the metrics of a model on a dataset snapshot (sori eval), optionally tied
// to the run that trained the model.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/artifacts.h"
#include "store/database.h"
#include "store/datasets.h"
#include "store/runs.h"
#include "store/typed_json.h"

namespace sori {

struct EvaluationRecord {
  int64_t id = 0;               // set by the store
  std::string run_id;           // empty: not tied to a run
  std::string model;            // what was evaluated: a path, a registry name, ...
  int64_t dataset_id = 0;       // a DatasetSnapshot id
  MetricMap metrics;            // e.g. {"cer": 0.12, "wer": 0.31}
  std::string report_sha256;    // empty, or an artifact holding the full report
  std::string created_at;       // set by the store
};

class EvaluationStore {
 public:
  EvaluationStore(Database& db, RunStore& runs, DatasetStore& datasets, ArtifactStore& artifacts)
      : db_(db), runs_(runs), datasets_(datasets), artifacts_(artifacts) {}

  // Validates (model named, dataset and run exist, report stored as an artifact) and
  // records; returns the new id.
  int64_t Record(const EvaluationRecord& record);
  // Newest first; filtered by run id if non-empty and by dataset id if non-zero.
  std::vector<EvaluationRecord> List(const std::string& run_or_empty, int64_t dataset_id_or_0);

 private:
  Database& db_;
  RunStore& runs_;
  DatasetStore& datasets_;
  ArtifactStore& artifacts_;
};

}  // namespace sori
