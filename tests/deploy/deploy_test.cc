// The shipped monitoring files (deploy/) against a real `sori serve` on a tiny model: a
// real Prometheus scrapes it with the shipped scrape config and alert rules, and every
// metric the dashboard and the alerts use must be one the server exposes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "audio/writer.h"
#include "http_client.h"
#include "prometheus_process.h"
#include "sori_process.h"
#include "support/temp_dir.h"
#include "util/fs.h"
#include "../infer/tiny_package.h"

namespace sori {
namespace {

using test::HttpCall;
using test::ReadLog;
using test::WaitFor;

std::string SourceFile(const std::string& relative) {
  return ReadFileToString(std::string(SORI_SOURCE_DIR) + "/" + relative, 1 << 22);
}

// The metric names a PromQL expression selects: identifiers that are not functions,
// keywords, label names (inside {...} or by/without/on/ignoring/group_x (...)),
// durations, numbers, strings or Grafana variables ($x, ${x}).
std::set<std::string> MetricNames(const std::string& expr) {
  // Lower case: PromQL's keywords, aggregation operators (`sum by (x) (...)` is not a
  // call at `sum`), Inf and NaN are case-insensitive.
  static const std::set<std::string> kKeywords = {
      "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right",
      "inf", "nan", "atan2", "start", "end",
      "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile"};
  static const std::set<std::string> kLabelLists = {"by", "without", "on", "ignoring", "group_left", "group_right"};
  std::set<std::string> names;
  const auto is_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; };
  const auto is_part = [&](char c) { return is_start(c) || std::isdigit(static_cast<unsigned char>(c)); };
  const size_t n = expr.size();
  // Skips from a quote at `i` to just past the string's closing quote.
  const auto skip_string = [&](size_t i) {
    const char quote = expr[i];
    for (++i; i < n && expr[i] != quote; ++i) {
      if (expr[i] == '\\' && quote != '`') ++i;
    }
    return std::min(i + 1, n);
  };
  // Skips from an opening bracket at `i` to just past its match (strings inside skipped).
  const auto skip_group = [&](size_t i, char open, char close) {
    int depth = 0;
    for (; i < n; ++i) {
      const char c = expr[i];
      if (c == '"' || c == '\'' || c == '`') {
        i = skip_string(i) - 1;
      } else if (c == open) {
        ++depth;
      } else if (c == close && --depth == 0) {
        return i + 1;
      }
    }
    return n;
  };
  size_t i = 0;
  while (i < n) {
    const char c = expr[i];
    if (c == '"' || c == '\'' || c == '`') {
      i = skip_string(i);
      continue;
    }
    if (c == '{') { i = skip_group(i, '{', '}'); continue; }
    if (c == '[') { i = skip_group(i, '[', ']'); continue; }
    if (c == '#') { while (i < n && expr[i] != '\n') ++i; continue; }
    if (c == '$') {
      ++i;
      if (i < n && expr[i] == '{') i = skip_group(i, '{', '}');
      while (i < n && is_part(expr[i])) ++i;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && i + 1 < n && std::isdigit(static_cast<unsigned char>(expr[i + 1])))) {
      while (i < n && (is_part(expr[i]) || expr[i] == '.')) ++i;  // 0.99, 1e3, 5m, 0x1f
      continue;
    }
    if (is_start(c)) {
      size_t j = i;
      while (j < n && is_part(expr[j])) ++j;
      const std::string word = expr.substr(i, j - i);
      size_t k = j;
      while (k < n && std::isspace(static_cast<unsigned char>(expr[k]))) ++k;
      const bool call = k < n && expr[k] == '(';
      std::string lower = word;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (call && kLabelLists.count(lower)) {
        i = skip_group(k, '(', ')');
      } else {
        if (!call && !kKeywords.count(lower)) names.insert(word);
        i = j;
      }
      continue;
    }
    ++i;
  }
  return names;
}

// Expressions of the dashboard: every "expr" anywhere in it, and the selector of each
// template variable's label_values(SELECTOR, label).
std::vector<std::string> DashboardExpressions(const nlohmann::json& dashboard) {
  std::vector<std::string> out;
  const std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      for (const auto& [key, value] : j.items()) {
        if (key == "expr" && value.is_string()) out.push_back(value.get<std::string>());
        walk(value);
      }
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(dashboard);
  for (const auto& var : dashboard["templating"]["list"]) {
    if (var.value("type", "") != "query") continue;
    const nlohmann::json& q = var["query"];
    const std::string query = q.is_object() ? q.value("query", "") : q.get<std::string>();
    const std::string prefix = "label_values(";
    const size_t comma = query.rfind(',');
    if (query.rfind(prefix, 0) == 0 && comma != std::string::npos) out.push_back(query.substr(prefix.size(), comma - prefix.size()));
  }
  return out;
}

struct AlertRule {
  std::string name;
  std::string expr;
};
std::vector<AlertRule> ShippedAlerts() {
  std::vector<AlertRule> out;
  const YAML::Node root = YAML::Load(SourceFile("deploy/prometheus/sori-alerts.yml"));
  for (const auto& group : root["groups"]) {
    for (const auto& rule : group["rules"]) {
      if (rule["alert"]) out.push_back({rule["alert"].as<std::string>(), rule["expr"].as<std::string>()});
    }
  }
  return out;
}

std::string Join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
  return out;
}

TEST(PromqlMetricNamesTest, FindsMetricsAndSkipsFunctionsKeywordsLabelsAndVariables) {
  EXPECT_EQ(Join(MetricNames(R"P(histogram_quantile(0.99, sum by (instance, le) (rate(a_bucket{x="}{(b)", y=~"$y"}[$__rate_interval]))) > 0.5)P")),
            "a_bucket");
  EXPECT_EQ(Join(MetricNames("sum(rate(b_total[5m] offset 1h)) / on(instance) group_left(model) (c > bool 0) and up unless d")),
            "b_total c d up");
  EXPECT_EQ(Join(MetricNames("max without (feature) (e{feature!='x'}) * 1e3 + Inf")), "e");
  EXPECT_EQ(Join(MetricNames("label_values")), "label_values");  // an identifier not called is a metric
}

// Only the pending times change: every `for:` is the new duration, every expression,
// label and annotation is as shipped.
TEST(ShortenAlertDurationsTest, ChangesEveryForAndNothingElse) {
  const std::string shipped = SourceFile("deploy/prometheus/sori-alerts.yml");
  const YAML::Node before = YAML::Load(shipped);
  const YAML::Node after = YAML::Load(test::ShortenAlertDurations(shipped, "1s"));
  int shortened = 0;
  for (size_t g = 0; g < before["groups"].size(); ++g) {
    const YAML::Node rules_before = before["groups"][g]["rules"];
    const YAML::Node rules_after = after["groups"][g]["rules"];
    ASSERT_EQ(rules_before.size(), rules_after.size());
    for (size_t r = 0; r < rules_before.size(); ++r) {
      for (const auto& field : rules_before[r]) {
        const std::string key = field.first.as<std::string>();
        if (key == "for") {
          EXPECT_EQ(rules_after[r][key].as<std::string>(), "1s");
          ++shortened;
        } else {
          EXPECT_EQ(YAML::Dump(rules_after[r][key]), YAML::Dump(field.second)) << key;
        }
      }
    }
  }
  EXPECT_EQ(shortened, 4);  // SoriLatencyP99High, SoriErrorRateHigh, SoriInputDrift, SoriDown
  EXPECT_EQ(test::ShortenAlertDurations("  - alert: A\n    for: 10m # wait\n  - for: 2h\n", "0s"),
            "  - alert: A\n    for: 0s # wait\n  - for: 0s\n");
}

// One `sori serve` on a tiny random-weight model, shared by the tests below.
class DeployTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<test::TempDir>();
    test::WriteTinyPackage(dir_->File("pkg"));
    server_ = std::make_unique<test::SoriProcess>();
    log_ = dir_->File("serve.log");
    // A store gives the server its jobs (and their metrics) as in production.
    launched_ = server_->Launch(log_, {"--store", dir_->File("store"), "serve", "--model", dir_->File("pkg"), "--port", "0"});
    launched_ = launched_ && WaitFor([] { return HttpCall(server_->port(), "GET", "/health").status == 200; });
  }
  static void TearDownTestSuite() {
    server_.reset();
    dir_.reset();
  }
  void SetUp() override { ASSERT_TRUE(launched_) << ReadLog(log_); }
  static int Port() { return server_->port(); }

  static inline std::unique_ptr<test::TempDir> dir_;
  static inline std::unique_ptr<test::SoriProcess> server_;
  static inline std::string log_;
  static inline bool launched_ = false;
};

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "'" << from << "' not in the shipped prometheus.yml";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Starts `prometheus` with the shipped prometheus.yml scraping `instances` and
// evaluating the rules every second, and the shipped sori-alerts.yml with every `for:`
// shortened to 1 s: as shipped, an alert pends for minutes (SoriInputDrift 2m, SoriDown
// 1m, ...) before it fires, longer than a test may wait. The expressions, thresholds and
// labels stay as shipped, so what fires here fires in production, only sooner.
bool StartShippedPrometheus(test::PrometheusProcess& prometheus, const std::vector<std::string>& instances) {
  std::string config = SourceFile("deploy/prometheus/prometheus.yml");
  config = Replaced(config, "scrape_interval: 15s", "scrape_interval: 1s");
  config = Replaced(config, "evaluation_interval: 15s", "evaluation_interval: 1s");
  std::string targets;
  for (const auto& instance : instances) targets += (targets.empty() ? "- \"" : "\n          - \"") + instance + "\"";
  config = Replaced(config, "- \"127.0.0.1:8080\"", targets);
  const std::string rules = test::ShortenAlertDurations(SourceFile("deploy/prometheus/sori-alerts.yml"), "1s");
  EXPECT_EQ(rules.find("for: 5m"), std::string::npos) << rules;
  return prometheus.Start(config, {{"sori-alerts.yml", rules}});
}

double ScalarOf(const nlohmann::json& answer) {
  const auto& result = answer["data"]["result"];
  if (answer.value("status", "") != "success" || !result.is_array() || result.size() != 1) return -1;
  return std::stod(result[0]["value"][1].get<std::string>());
}

bool IsAlert(const nlohmann::json& alert, const std::string& name, const std::string& instance) {
  return alert["labels"].value("alertname", "") == name && alert["labels"].value("instance", "") == instance;
}

// Whether an /api/v1/alerts answer has alert `name` firing for `instance` (for any of
// its other labels).
bool IsFiring(const nlohmann::json& alerts, const std::string& name, const std::string& instance) {
  for (const auto& a : alerts["data"]["alerts"]) {
    if (IsAlert(a, name, instance) && a.value("state", "") == "firing") return true;
  }
  return false;
}

// Every alert of an /api/v1/alerts answer, pending or firing, is `name` for `instance`.
void ExpectNoAlertBut(const nlohmann::json& alerts, const std::string& name, const std::string& instance) {
  ASSERT_EQ(alerts.value("status", ""), "success") << alerts.dump(2);
  for (const auto& a : alerts["data"]["alerts"]) EXPECT_TRUE(IsAlert(a, name, instance)) << "unexpected alert: " << a.dump(2);
}

// The shipped prometheus.yml (targets and intervals changed) and sori-alerts.yml (with
// `for:` shortened to 1 s) in a real Prometheus: the server is scraped, every alert rule
// loads and evaluates, the requests sent are counted, and nothing fires for a healthy
// server. A second target that nothing listens on shows an alert does reach `firing`:
// SoriDown, for that target alone.
TEST_F(DeployTest, PrometheusScrapesServerWithShippedConfigAndRules) {
  const int dead = test::FreePort();
  const std::string live_instance = "127.0.0.1:" + std::to_string(Port());
  const std::string dead_instance = "127.0.0.1:" + std::to_string(dead);
  test::PrometheusProcess prometheus;
  ASSERT_TRUE(StartShippedPrometheus(prometheus, {live_instance, dead_instance})) << prometheus.Log();

  // A few recognition requests.
  WriteWav(dir_->File("clip.wav"), Audio{test::TestSignal(1.0, 7), 16000});
  const std::string wav = ReadFileToString(dir_->File("clip.wav"), 1 << 20);
  constexpr int kRequests = 3;
  for (int i = 0; i < kRequests; ++i) {
    const auto r = HttpCall(Port(), "POST", "/v1/transcribe", wav, "audio/wav");
    ASSERT_EQ(r.status, 200) << r.body << r.error;
  }

  // The target is up (and the one nothing listens on is down).
  EXPECT_TRUE(WaitFor([&] { return ScalarOf(prometheus.Query("up{job=\"sori\",instance=\"" + live_instance + "\"}")) == 1; }, 15))
      << prometheus.Targets().dump(2);
  // Targets are scraped at staggered offsets: the dead one may not have been tried yet.
  nlohmann::json targets;
  std::map<std::string, std::string> health;
  WaitFor(
      [&] {
        targets = prometheus.Targets();
        for (const auto& t : targets["data"]["activeTargets"]) health[t["labels"].value("instance", "")] = t.value("health", "");
        return health[live_instance] == "up" && health[dead_instance] == "down";
      },
      15);
  EXPECT_EQ(health[live_instance], "up") << targets.dump(2);
  EXPECT_EQ(health[dead_instance], "down") << targets.dump(2);

  // The requests sent are counted.
  const std::string count_query = "sum(stt_inference_requests_total{job=\"sori\",instance=\"" + live_instance + "\"})";
  EXPECT_TRUE(WaitFor([&] { return ScalarOf(prometheus.Query(count_query)) == kRequests; }, 15))
      << prometheus.Query(count_query).dump(2) << "\n" << HttpCall(Port(), "GET", "/metrics").body;

  // Every shipped alert is loaded, and each has been evaluated without an error.
  std::set<std::string> shipped;
  for (const auto& a : ShippedAlerts()) shipped.insert(a.name);
  EXPECT_EQ(shipped.size(), 7u);
  std::set<std::string> loaded;
  nlohmann::json rules_answer;
  const bool evaluated = WaitFor(
      [&] {
        rules_answer = prometheus.Rules();
        loaded.clear();
        bool all_ok = true;
        for (const auto& group : rules_answer["data"]["groups"]) {
          for (const auto& rule : group["rules"]) {
            if (rule.value("type", "") != "alerting") continue;
            loaded.insert(rule.value("name", ""));
            all_ok = all_ok && rule.value("health", "") == "ok";
          }
        }
        return all_ok && loaded == shipped;
      },
      15);
  EXPECT_TRUE(evaluated) << rules_answer.dump(2);
  EXPECT_EQ(Join(loaded), Join(shipped));

  // SoriDown fires for the dead target within seconds (for: shortened to 1 s)...
  nlohmann::json alerts;
  EXPECT_TRUE(WaitFor([&] { alerts = prometheus.Alerts(); return IsFiring(alerts, "SoriDown", dead_instance); }, 15))
      << alerts.dump(2);
  // ...and nothing else is pending or firing: the healthy server raises no alert.
  ExpectNoAlertBut(prometheus.Alerts(), "SoriDown", dead_instance);
  prometheus.Stop();
  EXPECT_FALSE(prometheus.running());
}

// Every metric name the dashboard and the alert rules use is on the server's /metrics.
TEST_F(DeployTest, EveryMetricTheDashboardAndAlertsUseIsExposed) {
  const auto metrics = HttpCall(Port(), "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200) << metrics.body << metrics.error;
  std::set<std::string> exposed;
  std::istringstream lines(metrics.body);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string hash, type_word, name, type;
    if (!(words >> hash >> type_word >> name >> type) || hash != "#" || type_word != "TYPE") continue;
    exposed.insert(name);
    if (type == "histogram" || type == "summary") {
      exposed.insert(name + "_sum");
      exposed.insert(name + "_count");
      if (type == "histogram") exposed.insert(name + "_bucket");
    }
  }
  ASSERT_GT(exposed.size(), 10u) << metrics.body;

  std::set<std::string> used;
  const nlohmann::json dashboard = nlohmann::json::parse(SourceFile("deploy/grafana/sori-dashboard.json"));
  const std::vector<std::string> exprs = DashboardExpressions(dashboard);
  EXPECT_GE(exprs.size(), 30u);
  for (const auto& e : exprs) for (const auto& n : MetricNames(e)) used.insert(n);
  for (const auto& a : ShippedAlerts()) for (const auto& n : MetricNames(a.expr)) used.insert(n);
  used.erase("up");  // Prometheus' own, per target
  EXPECT_GE(used.size(), 20u) << Join(used);

  std::set<std::string> missing;
  for (const auto& n : used) if (!exposed.count(n)) missing.insert(n);
  EXPECT_TRUE(missing.empty()) << missing.size() << " metric name(s) used in deploy/grafana/sori-dashboard.json or "
                               << "deploy/prometheus/sori-alerts.yml are not on the server's /metrics: " << Join(missing);
}


// A clip of TestSignal, `seconds` long: as served (clean), with white noise at 0-10 dB
// SNR (by `seed`), or amplified x8 and hard-clipped to +-1.
enum class Channel { kClean, kNoisy, kClipped };
std::string ClipWav(const test::TempDir& dir, double seconds, unsigned seed, Channel channel) {
  std::vector<float> x = test::TestSignal(seconds, seed);
  if (channel == Channel::kNoisy) {
    double power = 0;
    for (float v : x) power += static_cast<double>(v) * v;
    const double snr_db = seed % 11;
    const double noise_rms = std::sqrt(power / x.size() / std::pow(10.0, snr_db / 10));
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, noise_rms);
    for (float& v : x) v = static_cast<float>(std::clamp(v + noise(rng), -1.0, 1.0));
  } else if (channel == Channel::kClipped) {
    for (float& v : x) v = std::clamp(8.0f * v, -1.0f, 1.0f);
  }
  const std::string path = dir.File("clip-" + std::to_string(seed) + "-" + std::to_string(static_cast<int>(channel)) + ".wav");
  WriteWav(path, Audio{x, 16000});
  return path;
}

// Clip lengths cycle through 1.5, 1.6, ... 3.0 s in the baseline and in the traffic
// alike, so duration_seconds does not drift (only what the channel changes does).
double ClipSeconds(int i) { return 1.5 + (i % 16) * 0.1; }

// The drift table of `sori monitor drift` for a server, for the test's log.
std::string DriftTable(int port) {
  const auto r = test::RunSori("monitor drift --url http://127.0.0.1:" + std::to_string(port));
  return r.out + r.err;
}

// Input drift end to end, with the shipped rule in a real Prometheus: two servers of the
// same registered version (its drift baseline made from 40 clean clips at registration)
// get those clean clips, then server B alone gets noisy and clipped audio until its whole
// drift window is that. SoriInputDrift fires for B and for B only; nothing else alerts.
//
// The clean traffic is the baseline's own clips, not fresh ones from the same generator:
// PSI over 10 quantile bins is dominated by sampling noise at a few dozen samples (two
// independent sets of 40 clean clips score 0.4-2.3 on rms_dbfs and the word confidences
// here; for two Gaussian samples of 40 the median PSI is ~0.56), so the alert's 0.25
// threshold only separates clean from drifted with hundreds of samples on both sides.
// Replayed, the clips also show the server measures what the baseline builder measured.
TEST(DeployDriftTest, InputDriftAlertFiresForTheDriftedServerOnly) {
  const auto started = std::chrono::steady_clock::now();
  test::TempDir dir;
  const std::string store = dir.File("store");
  test::WriteTinyPackage(dir.File("pkg"));
  std::vector<std::string> clean;
  std::string manifest;
  for (int i = 0; i < 40; ++i) {
    clean.push_back(ClipWav(dir, ClipSeconds(i), i, Channel::kClean));
    manifest += nlohmann::json{{"audio_filepath", clean.back()}, {"duration", ClipSeconds(i)}, {"text", "abc"}}.dump() + "\n";
  }
  const std::string sori = "--threads 1 --store " + test::ShellQuote(store) + " ";  // one thread, as the servers
  const auto registered = test::RunSori(sori + "models register " + test::ShellQuote(dir.File("pkg")) +
                                        " --name tiny --baseline-manifest " + test::ShellQuote(dir.Write("clean.jsonl", manifest)));
  ASSERT_EQ(registered.exit_code, 0) << registered.out << registered.err;
  // Random weights: no test CER for the gate to pass.
  const auto promoted = test::RunSori(sori + "models promote tiny 1 --stage production --force");
  ASSERT_EQ(promoted.exit_code, 0) << promoted.out << promoted.err;

  // A window of 60 requests, scored from 20 on.
  test::SoriProcess a, b;
  const std::vector<std::string> serve = {"--store", store, "serve", "--model", "models:/tiny/production", "--port", "0",
                                          "--drift-window", "60", "--drift-min-requests", "20"};
  ASSERT_TRUE(a.Launch(dir.File("a.log"), serve)) << ReadLog(dir.File("a.log"));
  ASSERT_TRUE(b.Launch(dir.File("b.log"), serve)) << ReadLog(dir.File("b.log"));
  const std::string instance_a = "127.0.0.1:" + std::to_string(a.port());
  const std::string instance_b = "127.0.0.1:" + std::to_string(b.port());
  test::PrometheusProcess prometheus;
  ASSERT_TRUE(StartShippedPrometheus(prometheus, {instance_a, instance_b})) << prometheus.Log();

  const auto send = [&](int port, const std::string& wav) {
    const auto r = HttpCall(port, "POST", "/v1/transcribe", ReadFileToString(wav, 1 << 22), "audio/wav");
    EXPECT_EQ(r.status, 200) << r.body << r.error;
  };
  for (const auto& wav : clean) {
    send(a.port(), wav);
    send(b.port(), wav);
  }
  // A's scores are in Prometheus (so a drift alert for A would show from now on)...
  const std::string scores_a = "count(stt_drift_score{instance=\"" + instance_a + "\"})";
  EXPECT_TRUE(WaitFor([&] { return ScalarOf(prometheus.Query(scores_a)) > 0; }, 15)) << HttpCall(a.port(), "GET", "/metrics").body;
  // ...then B alone gets noisy and clipped audio, a full window of it.
  for (int i = 0; i < 60; ++i) send(b.port(), ClipWav(dir, ClipSeconds(i), 2000 + i, i % 2 ? Channel::kClipped : Channel::kNoisy));

  nlohmann::json alerts;
  const bool fired = WaitFor([&] { alerts = prometheus.Alerts(); return IsFiring(alerts, "SoriInputDrift", instance_b); }, 60);
  const std::string table_a = DriftTable(a.port()), table_b = DriftTable(b.port());
  std::cout << "server A (clean), " << instance_a << ":\n" << table_a << "server B (noisy, clipped), " << instance_b << ":\n" << table_b;
  EXPECT_TRUE(fired) << alerts.dump(2) << "\n" << HttpCall(b.port(), "GET", "/metrics").body;
  // Only B's drift alerts: none for A, pending or firing, and no other rule.
  ExpectNoAlertBut(prometheus.Alerts(), "SoriInputDrift", instance_b);
  std::cout << "drift test took "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
}

}  // namespace
}  // namespace sori
