// How CLI command groups plug into the `sori` binary. Each group file adds its
// subcommands to the CLI11 app and registers an action per leaf command; main() parses,
// sets up logging and the runtime, then runs the one action that was selected.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/runtime.h"

namespace sori {
class Store;
}

namespace sori::cli {

// Options every command sees.
struct GlobalOptions {
  int threads = 0;                 // torch intra-op and worker threads; 0 = all CPUs
  std::string log_level = "info";
  std::string store;               // --store: the store folder (see store/store.h)
  RuntimeInfo runtime;             // filled by main() once options are parsed
};

// An action returns the process exit status (0 ok, 1 "ran but found problems").
using Action = std::function<int()>;

class Registry {
 public:
  explicit Registry(const GlobalOptions& global) : global_(global) {}
  void Add(CLI::App* command, Action action) { commands_.push_back({command, std::move(action)}); }
  const GlobalOptions& global() const { return global_; }
  // The action of the deepest parsed command, or nullptr.
  const Action* Selected() const;

 private:
  struct Entry {
    CLI::App* app;
    Action action;
  };
  const GlobalOptions& global_;
  std::vector<Entry> commands_;
};

// The store named by --store (or $SORI_HOME, or ./.sori), created on first use.
std::unique_ptr<Store> OpenStore(const GlobalOptions& global);

// A model argument: a package folder as it is; a registry reference (models:/NAME/STAGE,
// models:/NAME/VERSION, models:/NAME/latest) whose version folder is returned; otherwise a
// run id whose package (<run>/model) is returned. *run_id (if given) gets the run's id
// (for a registry version, the run it came from), or "" for a folder.
// Throws Error(kNotFound) when the run has no package yet or the stage is empty.
std::string ResolveModelPackage(const GlobalOptions& global, const std::string& model, std::string* run_id = nullptr);

// Threads for work the command parallelizes itself (decoding, checking files).
int WorkerThreads(const GlobalOptions& global);

void AddAudioCommands(CLI::App& app, Registry& registry);
void AddFeaturesCommand(CLI::App& app, Registry& registry);
void AddTextCommands(CLI::App& app, Registry& registry);
void AddMetricsCommands(CLI::App& app, Registry& registry);
void AddManifestCommands(CLI::App& app, Registry& registry);
void AddDataCommands(CLI::App& app, Registry& registry);
void AddRunsCommands(CLI::App& app, Registry& registry);
void AddTrainCommand(CLI::App& app, Registry& registry);
void AddEvalCommand(CLI::App& app, Registry& registry);
void AddLmCommands(CLI::App& app, Registry& registry);
void AddMonitorCommands(CLI::App& app, Registry& registry);
void AddRegistryCommands(CLI::App& models, Registry& registry);  // under `sori models`
void AddCanaryCommands(CLI::App& models, Registry& registry);    // under `sori models`
void AddModelsCommands(CLI::App& app, Registry& registry);
void AddTranscribeCommand(CLI::App& app, Registry& registry);
void AddBenchCommand(CLI::App& app, Registry& registry);
void AddJobsCommands(CLI::App& app, Registry& registry);
void AddServeCommand(CLI::App& app, Registry& registry);
void AddKeysCommands(CLI::App& app, Registry& registry);
void AddLoadtestCommand(CLI::App& app, Registry& registry);
void AddVersionCommand(CLI::App& app, Registry& registry);

}  // namespace sori::cli
