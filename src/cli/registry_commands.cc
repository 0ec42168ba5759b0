// sori models register | list | show | promote | rollback | gate: the model registry
// (store/store.h, "model registry"). A served model is named models:/NAME/STAGE or
// models:/NAME/VERSION wherever a model is taken (serve, transcribe, eval, bench).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/drift_baseline_cli.h"
#include "store/store.h"
#include "train/model_registration.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct RegisterArgs {
  std::string model;
  std::string name;
  std::string description;
  std::string baseline_manifest;  // "" = the run's validation manifest, if any
  bool no_baseline = false;
  bool json = false;
};

// A new version's drift baseline: from --baseline-manifest, else the training run's
// validation manifest; without either, a note on how to add one later.
void RegisterBaseline(Store& store, const ModelVersion& v, const RegisterArgs& a) {
  if (a.no_baseline) return;
  const std::string manifest = a.baseline_manifest.empty() ? DefaultBaselineManifest(v) : a.baseline_manifest;
  if (manifest.empty()) {
    std::cerr << "no drift baseline: the package names no validation manifest; add one with\n  sori monitor baseline " << v.name
              << " " << v.version << " --manifest VAL.jsonl\n";
    return;
  }
  try {
    StoreDriftBaseline(store, v, manifest, a.json ? std::cerr : std::cout);
  } catch (const std::exception& e) {  // the version is registered; only its baseline is missing
    std::cerr << "warning: version " << v.version << " is registered without a drift baseline: " << e.what()
              << "\n  add one with: sori monitor baseline " << v.name << " " << v.version << " --manifest M\n";
  }
}

struct PromoteArgs {
  std::string name;
  int64_t version = 0;
  std::string stage;
  bool force = false;
};

struct ShowArgs {
  std::string name;
  int64_t version = 0;  // 0: the model and all its versions
  bool json = false;
};

struct GateArgs {
  std::string name;
  std::string metric = "cer";
  double max = 0.05;
};

std::string Percent(const MetricMap& metrics, const std::string& key) {
  const auto it = metrics.find(key);
  return it == metrics.end() ? "-" : FormatFixed(100 * it->second, 2) + "%";
}

nlohmann::ordered_json VersionJson(const ModelVersion& v) {
  return {{"name", v.name},
          {"version", v.version},
          {"stage", v.stage},
          {"run_id", v.run_id},
          {"source", v.source},
          {"package_sha256", v.package_sha256},
          {"package_dir", v.package_dir},
          {"metrics", MetricMapToJson(v.metrics)},
          {"lineage", LineageToJson(v.lineage)},
          {"description", v.description},
          {"created_at", v.created_at},
          {"stage_changed_at", v.stage_changed_at}};
}

int RunRegister(const RegisterArgs& a, const GlobalOptions& global) {
  std::string run_id;
  const std::string package = ResolveModelPackage(global, a.model, &run_id);
  auto store = OpenStore(global);
  bool created = false;
  const ModelVersion v = RegisterPackage(*store, {a.name, a.model, package, run_id, a.description}, &created);
  if (created) RegisterBaseline(*store, v, a);
  if (a.json) {
    std::cout << VersionJson(v).dump(2) << "\n";
    return 0;
  }
  if (!created) {
    std::cout << "already registered: '" << v.name << "' version " << v.version << " has the same package ("
              << v.package_sha256.substr(0, 12) << ")\n";
    return 0;
  }
  std::cout << "registered '" << v.name << "' version " << v.version << " (stage None)\n"
            << "  package  " << v.package_dir << " (sha256 " << v.package_sha256.substr(0, 12) << ")\n"
            << "  run      " << (v.run_id.empty() ? "-" : v.run_id) << "\n"
            << "  test CER " << Percent(v.metrics, "test/cer") << ", WER " << Percent(v.metrics, "test/wer") << "\n"
            << "next: sori models promote " << v.name << " " << v.version << " --stage production\n";
  return 0;
}

int RunList(bool json, const GlobalOptions& global) {
  auto store = OpenStore(global);
  const auto models = store->registry().ListModels();
  if (json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& m : models) {
      out.push_back({{"name", m.name},
                     {"versions", m.versions},
                     {"production", m.production ? nlohmann::json(*m.production) : nlohmann::json()},
                     {"gate", {{"metric", m.gate_metric}, {"max", m.gate_max}}},
                     {"created_at", m.created_at}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (models.empty()) {
    std::cout << "no registered models in " << store->home() << " (register one: sori models register RUN --name NAME)\n";
    return 0;
  }
  Table t({"name", "versions", "production", "staging", "gate", "created"},
          {Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  for (const auto& m : models) {
    const auto staging = store->registry().VersionInStage(m.name, "staging");
    t.AddRow({m.name, std::to_string(m.versions), m.production ? std::to_string(*m.production) : "-",
              staging ? std::to_string(staging->version) : "-",
              "test " + m.gate_metric + " <= " + FormatFixed(100 * m.gate_max, 2) + "%", m.created_at});
  }
  std::cout << t.Render();
  return 0;
}

int RunShow(const ShowArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  if (a.version > 0) {
    const ModelVersion v = store->registry().GetVersion(a.name, a.version);
    if (a.json) {
      std::cout << VersionJson(v).dump(2) << "\n";
      return 0;
    }
    Table t({"", ""});
    t.AddRow({"model", v.name + " version " + std::to_string(v.version)});
    t.AddRow({"stage", v.stage + " (since " + v.stage_changed_at + ")"});
    t.AddRow({"registered", v.created_at + " from " + v.source});
    t.AddRow({"run", v.run_id.empty() ? "-" : v.run_id});
    t.AddRow({"package", v.package_dir});
    t.AddRow({"package sha256", v.package_sha256});
    for (const auto& [k, val] : v.metrics) t.AddRow({"metric " + k, FormatFixed(val, 4)});
    for (const LineageDataset& d : v.lineage.datasets) {
      t.AddRow({"dataset " + (d.role.empty() ? "?" : d.role), (d.name.empty() ? "?" : d.name) + " " + d.hash.substr(0, 12)});
    }
    if (!v.lineage.source_revision.empty()) t.AddRow({"source revision", v.lineage.source_revision});
    if (!v.description.empty()) t.AddRow({"description", v.description});
    std::cout << t.Render();
    return 0;
  }
  const RegisteredModel m = store->registry().GetModel(a.name);
  const auto versions = store->registry().ListVersions(a.name);
  if (a.json) {
    nlohmann::ordered_json out = {{"name", m.name}, {"gate", {{"metric", m.gate_metric}, {"max", m.gate_max}}}};
    out["versions"] = nlohmann::ordered_json::array();
    for (const auto& v : versions) out["versions"].push_back(VersionJson(v));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "model '" << m.name << "', promotion gate: test " << m.gate_metric
            << " <= " << FormatFixed(100 * m.gate_max, 2) << "%\n";
  if (const auto canary = store->canaries().Running(a.name)) {
    std::cout << canary->mode << " " << canary->id << " running since " << canary->started_at << ": version "
              << canary->candidate << (canary->mode == "shadow" ? " sees a copy of " : " takes ")
              << FormatFixed(canary->percent, 1) << "% of traffic (sori models canary " << a.name << " --status)\n";
  }
  Table t({"version", "stage", "test CER", "test WER", "run", "registered", "package"},
          {Table::Align::kRight, Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight});
  for (const auto& v : versions) {
    t.AddRow({std::to_string(v.version), v.stage, Percent(v.metrics, "test/cer"), Percent(v.metrics, "test/wer"),
              v.run_id.empty() ? "-" : v.run_id, v.created_at, v.package_sha256.substr(0, 12)});
  }
  std::cout << t.Render() << "\nhistory:\n";
  Table h({"at", "version", "from", "to", "why"}, {Table::Align::kLeft, Table::Align::kRight});
  for (const auto& c : store->registry().StageHistory(a.name)) {
    h.AddRow({c.at, std::to_string(c.version), c.from_stage.empty() ? "-" : c.from_stage, c.to_stage,
              c.reason + (c.forced ? " (gate overridden with --force)" : "")});
  }
  std::cout << h.Render();
  return 0;
}

int RunPromote(const PromoteArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  const std::string stage = ModelRegistry::CanonicalStage(a.stage);
  const auto archived = store->registry().TransitionStage(a.name, a.version, stage, a.force);
  std::cout << "'" << a.name << "' version " << a.version << " is now in " << stage << "\n";
  for (int64_t v : archived) std::cout << "version " << v << " moved from Production to Archived\n";
  if (stage == "Production") {
    std::cout << "servers started with --model models:/" << a.name << "/production pick it up within seconds\n";
  }
  return 0;
}

int RunRollback(const std::string& name, const GlobalOptions& global) {
  auto store = OpenStore(global);
  const auto before = store->registry().GetModel(name).production;
  const int64_t restored = store->registry().RollbackProduction(name);
  std::cout << "'" << name << "' version " << restored << " is back in Production";
  if (before) std::cout << "; version " << *before << " moved to Archived";
  std::cout << "\n";
  return 0;
}

int RunGate(const GateArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  store->registry().SetGate(a.name, a.metric, a.max);
  std::cout << "'" << a.name << "': promotion to Production needs test " << a.metric
            << " <= " << FormatFixed(100 * a.max, 2) << "%\n";
  return 0;
}

}  // namespace

void AddRegistryCommands(CLI::App& models, Registry& registry) {
  auto ra = std::make_shared<RegisterArgs>();
  CLI::App* reg = models.add_subcommand(
      "register",
      "Register a run's model (or a package folder) as the next version of a named model, with\n"
      "its lineage (run, config, dataset snapshots) and metrics. Its files are copied into the store.\n"
      "Example: sori models register 3fa9c1e2 --name ko-tiny");
  reg->add_option("model", ra->model, "Run id or model package folder")->required();
  reg->add_option("--name", ra->name, "Registered model name")->required();
  reg->add_option("--description", ra->description, "Free text kept with the version");
  reg->add_flag("--json", ra->json, "Print the version as JSON");
  reg->add_option("--baseline-manifest", ra->baseline_manifest,
                  "Manifest whose utterances make the version's drift baseline (default: the run's validation manifest)");
  reg->add_flag("--no-baseline", ra->no_baseline, "Register without a drift baseline");
  registry.Add(reg, [ra, &registry] { return RunRegister(*ra, registry.global()); });

  auto list_json = std::make_shared<bool>(false);
  CLI::App* list = models.add_subcommand("list", "Registered models with their Production and Staging versions");
  list->add_flag("--json", *list_json, "Print as JSON");
  registry.Add(list, [list_json, &registry] { return RunList(*list_json, registry.global()); });

  auto sa = std::make_shared<ShowArgs>();
  CLI::App* show = models.add_subcommand("show", "A model's versions and stage history, or one version's lineage\n"
                                                 "Example: sori models show ko-tiny 2");
  show->add_option("name", sa->name, "Registered model name")->required();
  show->add_option("version", sa->version, "One version in detail")->check(CLI::PositiveNumber);
  show->add_flag("--json", sa->json, "Print as JSON");
  registry.Add(show, [sa, &registry] { return RunShow(*sa, registry.global()); });

  auto pa = std::make_shared<PromoteArgs>();
  CLI::App* promote = models.add_subcommand(
      "promote",
      "Move a version to a stage. Into Production: the version then serving is archived, and a\n"
      "version whose test CER (or WER) is above the model's gate is refused unless --force.\n"
      "Example: sori models promote ko-tiny 2 --stage production");
  promote->add_option("name", pa->name, "Registered model name")->required();
  promote->add_option("version", pa->version, "Version number")->required()->check(CLI::PositiveNumber);
  promote->add_option("--stage", pa->stage, "none, staging, production or archived")->required();
  promote->add_flag("--force", pa->force, "Promote to Production even if the quality gate refuses");
  registry.Add(promote, [pa, &registry] { return RunPromote(*pa, registry.global()); });

  auto rollback_name = std::make_shared<std::string>();
  CLI::App* rollback = models.add_subcommand(
      "rollback", "Put the previous Production version back (the current one is archived)\n"
                  "Example: sori models rollback ko-tiny");
  rollback->add_option("name", *rollback_name, "Registered model name")->required();
  registry.Add(rollback, [rollback_name, &registry] { return RunRollback(*rollback_name, registry.global()); });

  auto ga = std::make_shared<GateArgs>();
  CLI::App* gate = models.add_subcommand("gate", "Set the quality gate for promotion to Production\n"
                                                 "Example: sori models gate ko-tiny --metric cer --max 0.12");
  gate->add_option("name", ga->name, "Registered model name")->required();
  gate->add_option("--metric", ga->metric, "cer or wer (the version's test/<metric>)")->check(CLI::IsMember({"cer", "wer"}));
  gate->add_option("--max", ga->max, "Largest value allowed (0.05 = 5%)")->required()->check(CLI::Range(0.0, 1.0));
  registry.Add(gate, [ga, &registry] { return RunGate(*ga, registry.global()); });
}

}  // namespace sori::cli
