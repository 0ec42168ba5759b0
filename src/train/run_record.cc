#include "train/run_record.h"

#include <filesystem>

#include "data/snapshot.h"
#include "train/checkpoint.h"
#include "util/error.h"

namespace sori {
namespace fs = std::filesystem;

RunRecord RunRecord::Create(Store& store, const std::string& name, const std::string& config_yaml,
                            const std::string& source_revision) {
  return RunRecord(store, store.runs().Create(name, config_yaml, source_revision));
}

RunRecord RunRecord::Find(Store& store, const std::string& id_or_prefix) {
  RunInfo run = store.runs().Get(id_or_prefix);
  if (run.status == "finished") {
    throw Error(ErrorCode::kInvalidInput, "run " + run.id + " already finished; start a new run instead");
  }
  if (!CheckpointExists(run.run_dir + "/checkpoints/last")) {
    throw Error(ErrorCode::kNotFound, "run " + run.id + " has no checkpoint to resume from (" + run.run_dir +
                                          "/checkpoints/last)");
  }
  return RunRecord(store, std::move(run));
}

void RunRecord::Reopen() { store_->runs().Reopen(id()); }

void RunRecord::LogParams(const std::map<std::string, std::string>& params) { store_->runs().LogParams(id(), params); }

void RunRecord::LogMetrics(int64_t step, int64_t epoch, const std::map<std::string, double>& values) {
  store_->runs().LogMetrics(id(), step, epoch, values);
}

void RunRecord::Heartbeat() { store_->runs().Heartbeat(id()); }

void RunRecord::Finish(const std::string& status, const std::string& error) { store_->runs().Finish(id(), status, error); }

int64_t RunRecord::LinkDataset(const Manifest& manifest, const std::string& role) {
  const DatasetHash h = HashDataset(manifest, 2, false);
  DatasetSnapshot s;
  s.name = fs::path(manifest.path).stem().string();
  s.hash = h.hash;
  s.manifest_path = fs::absolute(manifest.path).string();
  s.utterances = h.utterances;
  s.hours = h.hours;
  s.audio_bytes = h.audio_bytes;
  bool created = false;
  const DatasetSnapshot rec = store_->datasets().Record(s, &created);
  store_->runs().LinkDataset(id(), rec.id, role);
  return rec.id;
}

nlohmann::json RunRecord::DatasetLineage() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [snapshot, role] : store_->runs().RunDatasets(id())) {
    out.push_back({{"role", role}, {"name", snapshot.name}, {"hash", snapshot.hash}});
  }
  return out;
}

void RunRecord::StorePackage(const std::string& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string sha = store_->artifacts().Put(entry.path().string());
    store_->artifacts().Link(id(), "model/" + fs::relative(entry.path(), dir).string(), sha,
                         static_cast<int64_t>(entry.file_size()));
  }
}

void RunRecord::RecordEvaluation(const std::string& package_dir, int64_t dataset_id, const std::string& report_path,
                                 const MetricMap& metrics) {
  EvaluationRecord rec;
  rec.run_id = id();
  rec.model = package_dir;
  rec.dataset_id = dataset_id;
  rec.metrics = metrics;
  rec.report_sha256 = store_->artifacts().Put(report_path);
  store_->evaluations().Record(rec);
}

}  // namespace sori
