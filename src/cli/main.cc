// sori: the one binary. Subcommands live in one file per command group.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>

#include "cli/command.h"
#include "cli/runtime.h"
#include "util/error.h"
#include "util/logging.h"
#include "util/parallel.h"

namespace sori::cli {

const Action* Registry::Selected() const {
  const Action* selected = nullptr;
  size_t depth = 0;
  for (const auto& entry : commands_) {
    if (!entry.app->parsed()) continue;
    size_t d = 0;
    for (const CLI::App* a = entry.app; a != nullptr; a = a->get_parent()) ++d;
    if (d > depth) {
      depth = d;
      selected = &entry.action;
    }
  }
  return selected;
}

int WorkerThreads(const GlobalOptions& global) {
  return global.threads > 0 ? global.threads : AvailableCpus();
}

}  // namespace sori::cli

int main(int argc, char** argv) {
  using namespace sori;
  CLI::App app{
      "sori: self-hosted speech-to-text. Import and check speech data, compute features,\n"
      "tokenize and normalize text, and score transcripts.\n"
      "Run 'sori COMMAND --help' for each command's options and examples."};
  app.name("sori");
  app.require_subcommand(1);
  app.fallthrough();
  cli::GlobalOptions global;
  app.add_option("--threads", global.threads,
                 "Threads for torch and for parallel file work (default: all CPUs)")
      ->check(CLI::Range(0, 1024));
  app.add_option("--store", global.store,
                 "Store folder for datasets, runs and models (default: $SORI_HOME, else ./.sori)");
  app.add_option("--log-level", global.log_level, "trace|debug|info|warn|error|off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  cli::Registry registry(global);
  cli::AddAudioCommands(app, registry);
  cli::AddFeaturesCommand(app, registry);
  cli::AddTextCommands(app, registry);
  cli::AddMetricsCommands(app, registry);
  cli::AddManifestCommands(app, registry);
  cli::AddDataCommands(app, registry);
  cli::AddTrainCommand(app, registry);
  cli::AddEvalCommand(app, registry);
  cli::AddLmCommands(app, registry);
  cli::AddRunsCommands(app, registry);
  cli::AddModelsCommands(app, registry);
  cli::AddTranscribeCommand(app, registry);
  cli::AddBenchCommand(app, registry);
  cli::AddServeCommand(app, registry);
  cli::AddMonitorCommands(app, registry);
  cli::AddJobsCommands(app, registry);
  cli::AddKeysCommands(app, registry);
  cli::AddLoadtestCommand(app, registry);
  cli::AddVersionCommand(app, registry);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // --help is success; every usage error is 2
  }

  if (app.got_subcommand("train") || app.got_subcommand("eval")) ReexecWithPassiveOpenMp(argv);

  try {
    SetupLogging(global.log_level);
    global.runtime = ConfigureRuntime(global.threads);
    const cli::Action* action = registry.Selected();
    if (action == nullptr) {
      std::fprintf(stderr, "%s", app.help().c_str());
      return 2;
    }
    return (*action)();
  } catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return ExitStatusFor(e.code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return ExitStatusFor(ErrorCode::kInternal);
  }
}
