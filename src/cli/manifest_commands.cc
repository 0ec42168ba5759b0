// sori manifest validate
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/decode_flags.h"
#include "data/manifest.h"
#include "data/manifest_check.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct ValidateArgs {
  std::string manifest;
  std::string on_error = "skip";
  DecodeFlags decode;
  double tolerance = 0.1;
  int show = 20;
  std::string report;
  bool no_text = false;
};

void WriteReport(const std::string& path, const Manifest& manifest, const ManifestCheckReport& r) {
  nlohmann::ordered_json j;
  j["manifest"] = manifest.path;
  j["utterances"] = r.utterances;
  j["ok"] = r.ok;
  j["ok_hours"] = r.ok_hours;
  j["failures"] = r.failures();
  j["counts"] = nlohmann::ordered_json::object();
  for (const auto& [reason, count] : r.counts) j["counts"][CheckReasonName(reason)] = count;
  j["problems"] = nlohmann::ordered_json::array();
  for (const auto& p : r.problems) {
    j["problems"].push_back({{"line", p.line},
                             {"audio_filepath", p.audio_filepath},
                             {"reason", CheckReasonName(p.reason)},
                             {"failure", IsFailure(p.reason)},
                             {"message", p.message}});
  }
  WriteFileAtomic(path, j.dump(2) + "\n");
}

int RunValidate(const ValidateArgs& args, const GlobalOptions& global) {
  ManifestReadOptions read;
  read.on_error = ParseOnError(args.on_error);
  read.require_text = !args.no_text;
  const Manifest manifest = ReadManifest(args.manifest, read);

  ManifestCheckOptions check;
  check.decode = args.decode.ToOptions();
  check.duration_tolerance_sec = args.tolerance;
  check.threads = WorkerThreads(global);
  const ManifestCheckReport report = CheckManifest(manifest, check);

  if (read.on_error == OnError::kFail) {
    for (const auto& p : report.problems) {
      if (IsFailure(p.reason) && p.line == 0) throw Error(ErrorCode::kInvalidInput, p.message);
      if (IsFailure(p.reason)) {
        throw Error(ErrorCode::kInvalidInput, "manifest '" + args.manifest + "': line " +
                                                  std::to_string(p.line) + ": " + p.message);
      }
    }
  }

  Table summary({"", ""}, {Table::Align::kLeft, Table::Align::kRight});
  summary.AddRow({"manifest", args.manifest});
  summary.AddRow({"utterances", std::to_string(report.utterances)});
  summary.AddRow({"ok", std::to_string(report.ok)});
  summary.AddRow({"hours (ok)", FormatFixed(report.ok_hours, 3)});
  summary.AddRow({"failures", std::to_string(report.failures())});
  std::cout << summary.Render();

  if (!report.counts.empty()) {
    Table reasons({"reason", "count"}, {Table::Align::kLeft, Table::Align::kRight});
    for (const auto& [reason, count] : report.counts) {
      reasons.AddRow({CheckReasonName(reason), std::to_string(count)});
    }
    std::cout << "\n" << reasons.Render();
    Table problems({"line", "reason", "problem"}, {Table::Align::kRight});
    int shown = 0;
    for (const auto& p : report.problems) {
      if (shown++ >= args.show) break;
      problems.AddRow({p.line > 0 ? std::to_string(p.line) : "-", CheckReasonName(p.reason), p.message});
    }
    std::cout << "\n" << problems.Render();
    if (static_cast<int64_t>(report.problems.size()) > args.show) {
      std::cout << "... " << report.problems.size() - static_cast<size_t>(args.show)
                << " more (use --show N or --report FILE.json)\n";
    }
  }
  if (!args.report.empty()) WriteReport(args.report, manifest, report);
  return report.failures() > 0 ? 1 : 0;
}

}  // namespace

void AddManifestCommands(CLI::App& app, Registry& registry) {
  CLI::App* manifest = app.add_subcommand("manifest", "Check NeMo JSONL manifests");
  manifest->require_subcommand(1);

  auto args = std::make_shared<ValidateArgs>();
  CLI::App* validate = manifest->add_subcommand(
      "validate",
      "Parse a NeMo JSONL manifest and decode every audio file it names; print utterances,\n"
      "hours and failures by reason. Exit status 1 if anything failed.\n"
      "Example: sori manifest validate data/train.jsonl --report problems.json");
  validate->add_option("manifest", args->manifest, "Manifest (.jsonl)")->required();
  validate->add_option("--on-error", args->on_error,
                       "skip: check everything and report (default); fail: stop at the first problem")
      ->check(CLI::IsMember({"skip", "fail"}))
      ->capture_default_str();
  validate->add_option("--duration-tolerance", args->tolerance,
                       "Seconds the manifest duration may differ from the audio")
      ->capture_default_str();
  validate->add_option("--show", args->show, "Problems to list in the terminal")->capture_default_str();
  validate->add_option("--report", args->report, "Write every problem to this JSON file");
  validate->add_flag("--no-text", args->no_text, "Allow entries without a 'text' field");
  args->decode.AddTo(validate);
  registry.Add(validate, [args, &registry] { return RunValidate(*args, registry.global()); });
}

}  // namespace sori::cli
