// sori models import-nemo | export-nemo (the registry's commands: registry_commands.cc;
// canaries: canary_commands.cc)
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "model/nemo.h"
#include "util/error.h"
#include "util/table.h"

namespace sori::cli {
namespace {
namespace fs = std::filesystem;

struct ImportArgs {
  std::string nemo;
  std::string out;
  bool force = false;
  bool json = false;
};

struct ExportArgs {
  std::string model;
  std::string out;
  bool force = false;
};

int RunImport(const ImportArgs& a) {
  std::string out = a.out;
  if (out.empty()) out = fs::path(a.nemo).stem().string();
  std::error_code ec;
  if (fs::exists(out, ec) && !a.force && !(fs::is_directory(out, ec) && fs::is_empty(out, ec))) {
    throw Error(ErrorCode::kInvalidInput, "'" + out + "' already exists; choose another --out or pass --force to replace it");
  }
  const NemoImportReport r = ImportNemo(a.nemo, out);
  if (a.json) {
    std::cout << r.ToJson().dump(2) << "\n";
    return 0;
  }
  Table t({"", ""});
  t.AddRow({"package", r.package_dir});
  t.AddRow({"model class", r.model_class.empty() ? "(not recorded)" : r.model_class});
  t.AddRow({"head", r.head});
  t.AddRow({"tokenizer", r.tokenizer + ", " + std::to_string(r.vocab_size) + " tokens + blank"});
  t.AddRow({"parameters", std::to_string(r.parameters)});
  if (r.dropped_tensors > 0) t.AddRow({"left out", std::to_string(r.dropped_tensors) + " RNNT decoder/joint tensors"});
  std::cout << "imported " << a.nemo << "\n" << t.Render();
  for (const auto& n : r.notes) std::cout << "note: " << n << "\n";
  std::cout << "next: sori eval --model " << r.package_dir << " --manifest M.jsonl\n";
  return 0;
}

int RunExport(const ExportArgs& a, const GlobalOptions& global) {
  const std::string package = ResolveModelPackage(global, a.model);
  std::error_code ec;
  if (fs::exists(a.out, ec) && !a.force) {
    throw Error(ErrorCode::kInvalidInput, "'" + a.out + "' already exists; pass --force to replace it");
  }
  ExportNemo(package, a.out);
  std::cout << "wrote " << a.out << " (" << fs::file_size(a.out) << " bytes) from " << package << "\n";
  return 0;
}

}  // namespace

void AddModelsCommands(CLI::App& app, Registry& registry) {
  CLI::App* models = app.add_subcommand(
      "models", "The model registry (register, promote, rollback, ...) and NVIDIA NeMo import/export");
  models->require_subcommand(1);

  auto ia = std::make_shared<ImportArgs>();
  CLI::App* imp = models->add_subcommand(
      "import-nemo",
      "Turn a NeMo .nemo checkpoint (CTC, or the CTC branch of a hybrid RNNT-CTC model; Conformer or\n"
      "FastConformer encoder; character or SentencePiece vocabulary) into a Sori model package.\n"
      "Example: sori models import-nemo stt_en_fastconformer_ctc_large.nemo --out models/fc-large");
  imp->add_option("nemo", ia->nemo, "The .nemo file (tar, plain or gzip)")->required();
  imp->add_option("--out", ia->out, "Package folder to write (default: the file's name without .nemo)");
  imp->add_flag("--force", ia->force, "Replace an existing package at --out");
  imp->add_flag("--json", ia->json, "Print the import report as JSON");
  registry.Add(imp, [ia] { return RunImport(*ia); });

  auto ea = std::make_shared<ExportArgs>();
  CLI::App* exp = models->add_subcommand(
      "export-nemo",
      "Write a Sori model package (or a run's model) as a .nemo file NeMo's tools can restore.\n"
      "Example: sori models export-nemo runs/abc/model --out my_model.nemo");
  exp->add_option("model", ea->model, "Model package folder, or a run id")->required();
  exp->add_option("--out", ea->out, "The .nemo file to write")->required();
  exp->add_flag("--force", ea->force, "Replace an existing file at --out");
  registry.Add(exp, [ea, &registry] { return RunExport(*ea, registry.global()); });

  AddRegistryCommands(*models, registry);
  AddCanaryCommands(*models, registry);
}

}  // namespace sori::cli
