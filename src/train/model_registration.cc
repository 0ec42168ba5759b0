// train/model_registration.h: a model package into the registry.
#include "train/model_registration.h"

#include <filesystem>

#include "model/package.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace {

// The run a package's lineage names, if this store has it; "" otherwise (a package
// trained against another store registers without a run).
std::string RunRecordedInPackage(Store& store, const nlohmann::json& meta) {
  if (!meta.contains("lineage") || !meta["lineage"].is_object()) return "";
  const nlohmann::json& lineage = meta["lineage"];
  if (!lineage.contains("run_id") || !lineage["run_id"].is_string() || lineage["run_id"].get<std::string>().empty()) {
    return "";
  }
  try {
    return store.runs().Get(lineage["run_id"].get<std::string>()).id;
  } catch (const Error&) {
    return "";
  }
}

// The run's own record wins over what the package says: test metrics as last logged,
// datasets with their hours.
void AddRunRecord(Store& store, const std::string& run_id, ModelVersionInput* in) {
  for (const char* key : {"test/cer", "test/wer"}) {
    if (const auto s = store.runs().SummarizeMetric(run_id, key)) in->metrics[key] = s->last.value;
  }
  in->lineage.datasets.clear();
  for (const auto& [snapshot, role] : store.runs().RunDatasets(run_id)) {
    in->lineage.datasets.push_back({role, snapshot.name, snapshot.hash, snapshot.hours});
  }
  const RunInfo run = store.runs().Get(run_id);
  in->lineage.run_id = run_id;
  in->lineage.run_name = run.name;
  in->lineage.source_revision = run.source_revision;
}

// meta[key] if it is an object, else {}. (find() rather than value(): GCC's
// -Wnull-dereference sees through value()'s inlined defaults here.)
nlohmann::json ObjectOrEmpty(const nlohmann::json& meta, const char* key) {
  const auto it = meta.find(key);
  return it != meta.end() && it->is_object() ? *it : nlohmann::json::object();
}

}  // namespace

ModelVersionInput DescribePackage(Store& store, const std::string& package_dir, const std::string& run_id) {
  const nlohmann::json meta = ReadPackageMetadata(package_dir);
  ModelVersionInput in;
  in.package_dir = package_dir;
  in.run_id = run_id;
  in.metrics = MetricMapFromJson(ObjectOrEmpty(meta, "metrics"), "model.json metrics");
  in.lineage = LineageFromJson(ObjectOrEmpty(meta, "lineage"), "model.json lineage");
  if (!run_id.empty()) AddRunRecord(store, run_id, &in);
  const auto architecture = meta.find("architecture");
  in.lineage.architecture =
      architecture != meta.end() && architecture->is_string() ? architecture->get<std::string>() : "";
  const auto parameters = meta.find("parameters");
  in.lineage.parameters = parameters != meta.end() && parameters->is_number() ? parameters->get<int64_t>() : 0;
  std::error_code ec;
  if (std::filesystem::exists(package_dir + "/config.yaml", ec)) {
    in.config_yaml = ReadFileToString(package_dir + "/config.yaml", 1 << 20);
  }
  return in;
}

ModelVersion RegisterPackage(Store& store, PackageRegistration registration, bool* created) {
  if (registration.run_id.empty()) {
    registration.run_id = RunRecordedInPackage(store, ReadPackageMetadata(registration.package_dir));
  }
  ModelVersionInput in = DescribePackage(store, registration.package_dir, registration.run_id);
  in.name = registration.name;
  in.source = registration.source;
  in.description = registration.description;
  return store.registry().Register(in, created);
}

}  // namespace sori
