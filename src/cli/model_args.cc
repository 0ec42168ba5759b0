// Shared by the commands that take a store or a model argument (cli/command.h).
#include <filesystem>
#include <memory>

#include "cli/command.h"
#include "store/store.h"
#include "util/error.h"

namespace sori::cli {

std::unique_ptr<Store> OpenStore(const GlobalOptions& global) { return Store::Open(Store::ResolveHome(global.store)); }

std::string ResolveModelPackage(const GlobalOptions& global, const std::string& model, std::string* run_id) {
  if (run_id) run_id->clear();
  if (std::filesystem::exists(std::filesystem::path(model) / "model.json")) return model;
  if (model.rfind("models:/", 0) == 0) {
    const ModelVersion v = OpenStore(global)->registry().Resolve(model);
    if (run_id) *run_id = v.run_id;
    return v.package_dir;
  }
  const RunInfo run = OpenStore(global)->runs().Get(model);  // not a package: a run id
  const std::string package = run.run_dir + "/model";
  if (!std::filesystem::exists(package + "/model.json")) {
    throw Error(ErrorCode::kNotFound, "run " + run.id + " has no model package yet (" + package + ")");
  }
  if (run_id) *run_id = run.id;
  return package;
}

}  // namespace sori::cli
