// sori eval
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/command.h"
#include "cli/lm_flags.h"
#include "data/manifest.h"
#include "data/snapshot.h"
#include "store/store.h"
#include "train/evaluate.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct EvalArgs {
  std::string model;
  std::string manifest;
  std::string report;
  int worst = 10;
  EvalOptions options;
  LmFlags lm;
  bool json = false;
  bool record_test = false;  // registry version: record CER/WER as its test metrics
};

// Records the evaluation against the manifest's dataset snapshot (and the run, if any);
// returns the snapshot.
DatasetSnapshot RecordEval(Store& store, const EvalArgs& a, const Manifest& manifest, const std::string& package,
                           const std::string& run_id, const EvalReport& report, const GlobalOptions& global) {
  const DatasetHash h = HashDataset(manifest, WorkerThreads(global), false);
  DatasetSnapshot snap;
  snap.name = std::filesystem::path(a.manifest).stem().string();
  snap.hash = h.hash;
  snap.manifest_path = std::filesystem::absolute(a.manifest).string();
  snap.utterances = h.utterances;
  snap.hours = h.hours;
  snap.audio_bytes = h.audio_bytes;
  bool created = false;
  const DatasetSnapshot rec_snap = store.datasets().Record(snap, &created);
  EvaluationRecord rec;
  rec.run_id = run_id;
  rec.model = std::filesystem::absolute(package).string();
  rec.dataset_id = rec_snap.id;
  rec.metrics = {{"cer", report.chars.rate()},
                 {"wer", report.words.rate()},
                 {"utterances", static_cast<double>(report.utterances.size())},
                 {"failed", static_cast<double>(report.failed)},
                 {"rtf", report.real_time_factor()}};
  if (!a.report.empty()) rec.report_sha256 = store.artifacts().Put(a.report);
  store.evaluations().Record(rec);
  if (!run_id.empty()) {
    store.runs().LogMetrics(run_id, 0, 0, {{"eval/" + snap.name + "/cer", report.chars.rate()},
                                           {"eval/" + snap.name + "/wer", report.words.rate()}});
  }
  return rec_snap;
}

void PrintEvalSummary(const EvalArgs& a, const std::string& package, const DatasetSnapshot& snapshot,
                      const EvalReport& report) {
  const auto counts = [](const ErrorCounts& c) {
    return "S " + std::to_string(c.substitutions) + "  D " + std::to_string(c.deletions) + "  I " +
           std::to_string(c.insertions) + "  / N " + std::to_string(c.ref_length());
  };
  Table t({"", ""});
  t.AddRow({"model", package});
  t.AddRow({"manifest", a.manifest + " (snapshot " + snapshot.hash.substr(0, 12) + ")"});
  t.AddRow({"utterances", std::to_string(report.utterances.size()) +
                              (report.failed ? " (" + std::to_string(report.failed) + " failed to decode)" : "")});
  t.AddRow({"CER", FormatFixed(100 * report.chars.rate(), 2) + "%  (" + counts(report.chars) + ")"});
  t.AddRow({"WER", FormatFixed(100 * report.words.rate(), 2) + "%  (" + counts(report.words) + ")"});
  t.AddRow({"audio", FormatFixed(report.audio_seconds, 1) + " s in " + FormatFixed(report.processing_seconds, 1) +
                         " s (RTF " + FormatFixed(report.real_time_factor(), 4) + ", " +
                         FormatFixed(report.audio_seconds / std::max(1e-9, report.processing_seconds), 1) +
                         "x real time)"});
  std::cout << t.Render();
  std::vector<const UtteranceResult*> order;
  for (const auto& u : report.utterances) {
    if (u.chars.errors() > 0) order.push_back(&u);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const UtteranceResult* x, const UtteranceResult* y) { return x->chars.rate() > y->chars.rate(); });
  for (size_t i = 0; i < order.size() && i < static_cast<size_t>(a.worst); ++i) {
    std::cout << "\nline " << order[i]->line << "  CER " << FormatFixed(100 * order[i]->chars.rate(), 1) << "%\n"
              << order[i]->alignment;
  }
}

int RunEval(EvalArgs a, const GlobalOptions& global) {
  a.lm.ApplyTo(&a.options.decoding);
  if (a.record_test && a.model.rfind("models:/", 0) != 0) {
    throw Error(ErrorCode::kInvalidInput, "--record-test needs a registry reference (--model models:/NAME/VERSION), got '" +
                                              a.model + "'");
  }
  auto store = OpenStore(global);
  // A stage is resolved once, so the metrics land on the version evaluated even if the
  // stage moves meanwhile.
  std::optional<ModelVersion> version;
  if (a.record_test) version = store->registry().Resolve(a.model);
  std::string run_id;
  const std::string package = version ? version->package_dir : ResolveModelPackage(global, a.model, &run_id);
  if (version) run_id = version->run_id;
  const Manifest manifest = ReadManifest(a.manifest);
  Recognizer recognizer(package);
  a.lm.LoadInto(&recognizer);
  const EvalReport report = Evaluate(recognizer, manifest.entries, a.options);
  const nlohmann::ordered_json json = report.ToJson(a.worst);
  if (!a.report.empty()) WriteFileAtomic(a.report, json.dump(2) + "\n");
  const DatasetSnapshot snapshot = RecordEval(*store, a, manifest, package, run_id, report, global);
  if (version) {
    store->registry().UpdateMetrics(version->name, version->version,
                                    {{"test/cer", report.chars.rate()}, {"test/wer", report.words.rate()}});
    if (!a.json) std::cout << "recorded as the test CER/WER of '" << version->name << "' version " << version->version << "\n";
  }
  if (a.json) {
    std::cout << json.dump(2) << "\n";
  } else {
    PrintEvalSummary(a, package, snapshot, report);
  }
  return 0;
}

}  // namespace

void AddEvalCommand(CLI::App& app, Registry& registry) {
  auto a = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval",
      "Evaluate a model package (or a run's model) on a manifest: CER and WER with\n"
      "substitutions, deletions and insertions, the worst utterances with their aligned\n"
      "errors, and the real-time factor. Recorded in the store against the dataset snapshot.\n"
      "Example: sori eval --model .sori/runs/3f2a9c1e/model --manifest corpus/ko/test.jsonl");
  cmd->add_option("--model", a->model, "Model package folder, run id, or models:/NAME/STAGE|VERSION")->required();
  cmd->add_option("--manifest", a->manifest, "Manifest to evaluate on")->required();
  cmd->add_option("--report", a->report, "Write the full report (every utterance) as JSON");
  cmd->add_option("--worst", a->worst, "Show this many of the worst utterances")->capture_default_str();
  cmd->add_option("--batch-duration", a->options.batch_duration, "Seconds of padded audio per batch")
      ->capture_default_str();
  cmd->add_flag("--ignore-spaces", a->options.ignore_spaces, "CER without spaces");
  a->lm.AddTo(cmd, &a->options.decoding);
  cmd->add_flag("--json", a->json, "Print the report as JSON");
  cmd->add_flag("--record-test", a->record_test,
                "With --model models:/NAME/VERSION: record the CER/WER as the version's test metrics (the promotion gate reads them)");
  registry.Add(cmd, [a, &registry] { return RunEval(*a, registry.global()); });
}

}  // namespace sori::cli
