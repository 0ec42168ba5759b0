// sori loadtest: fixed concurrency against a running server for a fixed time, with real
// audio; prints throughput and latency percentiles. Each client keeps one keep-alive
// connection and sends the next request as soon as the previous one is answered.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "cli/command.h"
#include "serve/keep_alive_client.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct LoadtestArgs {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string path = "/v1/transcribe";
  std::string file;
  std::vector<int> concurrency{1, 8, 32, 64};
  double seconds = 10.0;
};

struct Outcome {
  std::vector<double> latencies;  // successful requests, seconds
  std::map<int, int> statuses;    // status -> count (0: connection error)
  double audio_seconds = 0;
};

// One client: a connection, requests back to back until `stop`.
void Client(const LoadtestArgs& a, const std::string& body, const std::atomic<bool>& stop, Outcome* out) {
  KeepAliveClient client(a.host, a.port);
  while (!stop.load()) {
    const auto t0 = std::chrono::steady_clock::now();
    try {
      const KeepAliveClient::Reply res = client.Post(a.path, "audio/wav", body, 120);
      out->statuses[res.status]++;
      if (res.status == 200) {
        out->latencies.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        const size_t at = res.body.find("\"duration\":");
        if (at != std::string::npos) out->audio_seconds += std::atof(res.body.c_str() + at + 11);
      }
    } catch (const std::exception&) {
      out->statuses[0]++;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  return v[i];
}

int RunLoadtest(const LoadtestArgs& a) {
  const std::string body = ReadFileToString(a.file, 256ull << 20);
  const KeepAliveClient check_address(a.host, a.port);  // a bad --host or --port fails here, not in a client thread
  std::cout << "POST http://" << a.host << ":" << a.port << a.path << "  " << a.file << " (" << body.size() << " bytes), "
            << FormatFixed(a.seconds, 0) << " s per level\n\n";
  Table t({"concurrency", "requests", "req/s", "audio-s/s", "p50 ms", "p95 ms", "p99 ms", "errors"},
          std::vector<Table::Align>(8, Table::Align::kRight));
  for (const int c : a.concurrency) {
    if (c < 1 || c > 1024) throw Error(ErrorCode::kInvalidInput, "--concurrency: " + std::to_string(c) + " is not in [1, 1024]");
    std::atomic<bool> stop{false};
    std::vector<Outcome> outcomes(static_cast<size_t>(c));
    std::vector<std::thread> clients;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < c; ++i) clients.emplace_back(Client, std::cref(a), std::cref(body), std::cref(stop), &outcomes[static_cast<size_t>(i)]);
    std::this_thread::sleep_for(std::chrono::duration<double>(a.seconds));
    stop = true;
    for (auto& th : clients) th.join();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    Outcome all;
    for (const Outcome& o : outcomes) {
      all.latencies.insert(all.latencies.end(), o.latencies.begin(), o.latencies.end());
      for (const auto& [s, n] : o.statuses) all.statuses[s] += n;
      all.audio_seconds += o.audio_seconds;
    }
    std::string errors;
    for (const auto& [s, n] : all.statuses) {
      if (s != 200) errors += (errors.empty() ? "" : " ") + std::to_string(n) + "x" + (s == 0 ? std::string("conn") : std::to_string(s));
    }
    t.AddRow({std::to_string(c), std::to_string(all.latencies.size()), FormatFixed(static_cast<double>(all.latencies.size()) / wall, 1),
              FormatFixed(all.audio_seconds / wall, 1), FormatFixed(1000 * Percentile(all.latencies, 0.50), 0),
              FormatFixed(1000 * Percentile(all.latencies, 0.95), 0), FormatFixed(1000 * Percentile(all.latencies, 0.99), 0),
              errors.empty() ? "0" : errors});
  }
  std::cout << t.Render();
  return 0;
}

}  // namespace

void AddLoadtestCommand(CLI::App& app, Registry& registry) {
  auto args = std::make_shared<LoadtestArgs>();
  CLI::App* cmd = app.add_subcommand("loadtest", "Send audio to a running server at fixed concurrency; print throughput and latency");
  cmd->footer("Example: sori loadtest --port 8080 --file clip5s.wav --concurrency 1,8,32,64 --seconds 20");
  cmd->add_option("--file", args->file, "Audio file sent as the body of every request")->required()->check(CLI::ExistingFile);
  cmd->add_option("--host", args->host, "Server address");
  cmd->add_option("--port", args->port, "Server port")->check(CLI::Range(1, 65535));
  cmd->add_option("--path", args->path, "Route (raw audio body)");
  cmd->add_option("--concurrency", args->concurrency, "Clients at once; one run per value")->delimiter(',');
  cmd->add_option("--seconds", args->seconds, "Duration of each run")->check(CLI::Range(0.5, 3600.0));
  registry.Add(cmd, [args] { return RunLoadtest(*args); });
}

}  // namespace sori::cli
