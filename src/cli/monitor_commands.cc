// sori monitor baseline | drift: a version's drift baseline, and the drift a running server
// measures (GET /v1/monitor/drift, see src/monitor and serve/drift_report.cc).
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/drift_baseline_cli.h"
#include "data/manifest.h"
#include "infer/recognizer.h"
#include "monitor/baseline_builder.h"
#include "serve/keep_alive_client.h"
#include "store/store.h"
#include "util/error.h"
#include "util/progress.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {

void StoreDriftBaseline(Store& store, const ModelVersion& version, const std::string& manifest_path, std::ostream& out) {
  const Manifest manifest = ReadManifest(manifest_path);
  if (manifest.entries.empty()) throw Error(ErrorCode::kInvalidInput, NoUtterancesMessage(manifest_path));
  const Recognizer recognizer(version.package_dir);
  ProgressBar bar("drift baseline", manifest.entries.size(), "utterances");
  size_t shown = 0;
  const DriftBaseline baseline = BaselineFromManifest(recognizer, manifest, {}, 8, [&](size_t done, size_t) {
    bar.Add(done - shown);
    shown = done;
  });
  bar.Finish();
  store.baselines().SetDriftBaseline(version.name, version.version, baseline.ToJson().dump());
  out << "drift baseline of '" << version.name << "' version " << version.version << ": " << baseline.samples
            << " utterances of " << manifest_path << "\n";
}

std::string DefaultBaselineManifest(const ModelVersion& version) {
  const nlohmann::json& other = version.lineage.other;
  if (!other.contains("val_manifest") || !other["val_manifest"].is_string()) return "";
  const std::string path = other["val_manifest"].get<std::string>();
  return std::filesystem::is_regular_file(path) ? path : "";
}

namespace {

struct BaselineArgs {
  std::string name;
  int64_t version = 0;
  std::string manifest;
};

struct DriftArgs {
  std::string url = "http://127.0.0.1:8080";
  std::string api_key;
  bool json = false;
};

int RunBaseline(const BaselineArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  StoreDriftBaseline(*store, store->registry().GetVersion(a.name, a.version), a.manifest, std::cout);
  return 0;
}

// http://HOST:PORT[/...] with HOST an IP address -> host, port.
std::pair<std::string, int> ParseServerUrl(const std::string& url) {
  const std::string prefix = "http://";
  const auto bad = [&] {
    return Error(ErrorCode::kInvalidInput, "--url must be http://IP:PORT (e.g. http://127.0.0.1:8080), got '" + url + "'");
  };
  if (url.rfind(prefix, 0) != 0) throw bad();
  const std::string rest = url.substr(prefix.size(), url.find('/', prefix.size()) - prefix.size());
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0) throw bad();
  const std::string digits = rest.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) throw bad();
  const int port = std::stoi(digits);
  std::string host = rest.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, port};
}

std::string Number(const nlohmann::json& v, int digits) {
  return v.is_number() ? FormatFixed(v.get<double>(), digits) : "-";
}

// stable (< 0.1), moderate (0.1-0.25), DRIFT (> 0.25), as population stability is read.
std::string Verdict(const nlohmann::json& psi) {
  if (!psi.is_number()) return "-";
  const double v = psi.get<double>();
  return v > 0.25 ? "DRIFT" : v >= 0.1 ? "moderate" : "stable";
}

void PrintDrift(const nlohmann::json& report) {
  for (const auto& m : report.at("models")) {
    if (!m.is_object()) continue;
    const nlohmann::json baseline = m.value("baseline_samples", nlohmann::json());
    const nlohmann::json features = m.value("features", nlohmann::json::array());
    std::cout << m.value("model", "") << " " << m.value("model_version", "") << ": " << m.value("window", 0)
              << " requests in the window";
    if (!baseline.is_number()) {
      std::cout << ", no drift baseline (sori monitor baseline NAME VERSION --manifest M)\n\n";
      continue;
    }
    std::cout << ", baseline of " << baseline.get<int64_t>() << " utterances\n";
    Table t({"feature", "baseline mean", "window mean", "PSI", ""},
            {Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
    for (const auto& f : features) {
      if (!f.is_object()) continue;
      const nlohmann::json psi = f.value("psi", nlohmann::json());
      t.AddRow({f.value("feature", ""), Number(f.value("baseline_mean", nlohmann::json()), 3),
                Number(f.value("window_mean", nlohmann::json()), 3), Number(psi, 3), Verdict(psi)});
    }
    std::cout << t.Render() << "\n";
  }
}

int RunDrift(const DriftArgs& a) {
  const auto [host, port] = ParseServerUrl(a.url);
  KeepAliveClient client(host, port);
  KeepAliveClient::Reply reply;
  try {
    reply = client.Get("/v1/monitor/drift", 30, a.api_key.empty() ? "" : "Bearer " + a.api_key);
  } catch (const std::exception& e) {
    throw Error(ErrorCode::kUnavailable, "cannot reach " + a.url + ": " + e.what());
  }
  const nlohmann::json report = nlohmann::json::parse(reply.body, nullptr, false);
  if (reply.status != 200 || !report.is_object() || !report.contains("models") || !report["models"].is_array()) {
    throw Error(ErrorCode::kUnavailable, a.url + "/v1/monitor/drift answered " + std::to_string(reply.status) + ": " +
                                             reply.body.substr(0, 300));
  }
  if (a.json) {
    std::cout << report.dump(2) << "\n";
  } else {
    PrintDrift(report);
  }
  return 0;
}

}  // namespace

void AddMonitorCommands(CLI::App& app, Registry& registry) {
  CLI::App* monitor = app.add_subcommand("monitor", "Watch models in production: drift baselines and drift scores");
  monitor->require_subcommand(1);

  auto b = std::make_shared<BaselineArgs>();
  CLI::App* base = monitor->add_subcommand(
      "baseline", "Compute a registered version's drift baseline from a manifest (what its production traffic is compared with)");
  base->footer("Example: sori monitor baseline ko-tiny 3 --manifest data/val.jsonl");
  base->add_option("name", b->name, "Registered model name")->required();
  base->add_option("version", b->version, "Version number")->required()->check(CLI::PositiveNumber);
  base->add_option("--manifest", b->manifest, "Manifest of utterances like those the model should meet (a validation set)")
      ->required();
  registry.Add(base, [b, &registry] { return RunBaseline(*b, registry.global()); });

  auto d = std::make_shared<DriftArgs>();
  CLI::App* drift = monitor->add_subcommand("drift", "Print the drift a running server measures, per model version and feature");
  drift->footer(
      "PSI (population stability index) of the last requests against the version's baseline:\n"
      "below 0.1 stable, 0.1-0.25 moderate, above 0.25 drift (the shipped alert's threshold).\n"
      "Example: sori monitor drift --url http://127.0.0.1:8080");
  drift->add_option("--url", d->url, "The server, http://IP:PORT");
  drift->add_option("--api-key", d->api_key, "An API key, for a server run with --monitoring-auth keys")->envname("SORI_API_KEY");
  drift->add_flag("--json", d->json, "Print the server's JSON");
  registry.Add(drift, [d] { return RunDrift(*d); });
}

}  // namespace sori::cli
