// Debian's `prometheus` server as a child process for end-to-end tests of the shipped
// monitoring files (deploy/prometheus): started on 127.0.0.1 with a free port, a config
// and rule files written into its own temp dir, its TSDB there too, and its log in a
// file; asked through its HTTP API.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "support/temp_dir.h"

namespace sori::test {

class PrometheusProcess {
 public:
  PrometheusProcess();
  ~PrometheusProcess();  // Stop()
  PrometheusProcess(const PrometheusProcess&) = delete;
  PrometheusProcess& operator=(const PrometheusProcess&) = delete;

  // Writes `config_yaml` as prometheus.yml and each of `files` (name -> contents, e.g.
  // the rule files the config names, relative names resolve beside it) into the temp
  // dir, starts `prometheus` and waits up to `ready_seconds` for GET /-/ready to answer
  // 200. False (see Log()) if it exits or never gets ready.
  bool Start(const std::string& config_yaml, const std::map<std::string, std::string>& files = {},
             double ready_seconds = 30);
  // SIGTERM, then SIGKILL if it has not exited after `seconds`; reaps it. Idempotent.
  void Stop(double seconds = 10);

  // GET /api/v1/query?query=PROMQL (evaluated now); the API's JSON answer
  // ({"status": "success", "data": {"resultType", "result"}}), or {"status": "error",
  // "error": ...} when the call itself failed.
  nlohmann::json Query(const std::string& promql) const;
  nlohmann::json Alerts() const;   // GET /api/v1/alerts
  nlohmann::json Targets() const;  // GET /api/v1/targets
  nlohmann::json Rules() const;    // GET /api/v1/rules
  nlohmann::json Get(const std::string& target) const;

  int port() const { return port_; }
  bool running() const { return pid_ > 0; }
  const std::string& dir() const { return dir_->path(); }
  std::string LogPath() const;
  std::string Log() const;  // its output so far, for failure messages

 private:
  std::unique_ptr<TempDir> dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Returns `rules_yaml` with the value of every `for:` key replaced by `duration`.
// The shipped alerts wait minutes (`for: 5m`) before firing, which a test cannot; this
// lets a test load the shipped rules with their expressions unchanged and see an alert
// go from pending to firing within seconds of its expression becoming true. Only the
// pending time is changed, never what the alert selects or compares.
std::string ShortenAlertDurations(const std::string& rules_yaml, const std::string& duration);

// A port on 127.0.0.1 that nothing listens on now (the kernel's choice for a socket
// bound to port 0). Another process could take it before it is used; Start() retries.
int FreePort();

// Percent-encodes `text` for a URL query value.
std::string UrlEncode(const std::string& text);

}  // namespace sori::test
