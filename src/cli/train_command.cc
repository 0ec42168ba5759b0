// sori train
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "store/store.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) { g_stop.store(true); }

struct TrainArgs {
  std::string config;
  std::string resume;
  std::string init_from;
  std::vector<std::string> overrides;
  double max_minutes = -1;
};

int RunTrain(const TrainArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  TrainConfig config;
  if (a.resume.empty()) {
    if (a.config.empty()) throw Error(ErrorCode::kInvalidInput, "give --config C.yaml (or --resume RUN)");
    config = TrainConfig::FromYamlFile(a.config, a.overrides, std::filesystem::current_path().string());
    if (a.max_minutes >= 0) config.training.max_minutes = a.max_minutes;
    config.yaml = config.ToYaml();
  }
  if (!a.resume.empty() && (!a.overrides.empty() || !a.config.empty())) {
    throw Error(ErrorCode::kInvalidInput, "--resume continues a run with its recorded config; drop --config and --set");
  }
  TrainOptions options;
  options.resume_run = a.resume;
  options.init_from = a.init_from;
  options.stop = &g_stop;
  options.source_revision = SORI_GIT_REVISION;
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  const TrainResult r = Train(config, *store, options);
  Table t({"", ""});
  t.AddRow({"run", r.run_id});
  t.AddRow({"status", r.status});
  t.AddRow({"steps", std::to_string(r.steps)});
  t.AddRow({"speed", FormatFixed(r.audio_seconds_per_second, 1) + " s of audio per second"});
  for (const auto& [k, v] : r.metrics) t.AddRow({k, k == "step" ? FormatFixed(v, 0) : FormatFixed(100 * v, 2) + "%"});
  if (!r.package_dir.empty()) t.AddRow({"model", r.package_dir});
  std::cout << t.Render();
  if (r.status == "killed") {
    std::cout << "continue with: sori train --resume " << r.run_id << "\n";
    return 130;
  }
  return 0;
}

}  // namespace

void AddTrainCommand(CLI::App& app, Registry& registry) {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train",
      "Train a FastConformer-CTC model from a YAML config (see configs/). The run is recorded\n"
      "in the store with its config, datasets, metrics and checkpoints; Ctrl-C stops at the\n"
      "next batch with a checkpoint, and --resume continues exactly where it stopped.\n"
      "Example: sori train --config configs/tiny-ko.yaml");
  cmd->add_option("--config", a->config, "Training configuration (.yaml)");
  cmd->add_option("--resume", a->resume, "Continue this run (id or unique prefix) from its last checkpoint");
  cmd->add_option("--init-from", a->init_from, "Start from this model package's weights and tokenizer");
  cmd->add_option("--set", a->overrides,
                  "Override a config key, e.g. --set training.learning_rate=1e-3 --set data.train_manifest=t.jsonl "
                  "(repeatable; paths resolve against the current folder)");
  cmd->add_option("--max-minutes", a->max_minutes, "Override training.max_minutes (wall-clock budget)");
  registry.Add(cmd, [a, &registry] { return RunTrain(*a, registry.global()); });
}

}  // namespace sori::cli
