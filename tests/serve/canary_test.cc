// Canary and shadow trials end to end in one process: a registry in a temporary store, a
// real HTTP server following models:/tiny/production (its reloader polling every 50 ms,
// with the canary follower after each poll), and 8 clients sending requests throughout.
// A trial is started the way `sori models canary` starts one: a row in the store.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "audio/audio.h"
#include "audio/writer.h"
#include "http_client.h"
#include "service_server.h"
#include "model/package.h"
#include "monitor/canary_policy.h"
#include "serve/canary_follower.h"
#include "serve/http_server.h"
#include "serve/model_reloader.h"
#include "serve/stt_service.h"
#include "store/store.h"
#include "sori_process.h"
#include "support/audio_fixtures.h"
#include "support/temp_dir.h"
#include "../infer/tiny_package.h"

namespace sori {
namespace {

using Clock = std::chrono::steady_clock;

// What the clients saw: answers per model version, and every failure.
struct Traffic {
  std::map<std::string, int> by_version;
  std::vector<std::string> failures;
  int total() const {
    int n = 0;
    for (const auto& [v, c] : by_version) n += c;
    return n;
  }
};

class CanaryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    // v1 and v2 have the same weights (a good candidate); v3 hears nothing (every
    // transcript empty), as a candidate with broken weights would.
    test::WriteTinyPackage(dir_->File("v1"), {0.0f, {{"test/cer", 0.01}}});
    test::WriteTinyPackage(dir_->File("v2"), {0.0f, {{"test/cer", 0.011}}});
    test::WriteTinyPackage(dir_->File("v3"), {30.0f, {{"test/cer", 0.012}}});
    WriteWav(dir_->File("clip.wav"), Audio{test::TestSignal(1.0, 3), 16000});
    wav_ = test::ReadBytes(dir_->File("clip.wav"));
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    static int n = 0;
    store_ = std::shared_ptr<Store>(Store::Open(dir_->File("store" + std::to_string(n++))));
    for (const char* v : {"v1", "v2", "v3"}) Register(dir_->File(v));
    store_->registry().TransitionStage("tiny", 1, "production", false);
    service_ = std::make_unique<SttService>(SttServiceConfig{});
    server_ = test::StartServer(*service_);
    const auto resolve = RegistryResolver(store_, "models:/tiny/production");
    reloader_ = std::make_unique<ModelReloader>(*service_, resolve, std::chrono::milliseconds(50));
    follower_ = std::make_unique<CanaryFollower>(*service_, store_, "tiny", "", "test:1");
    reloader_->SetAfterPoll([this] { follower_->Poll(); });
    reloader_->LoadNow(resolve());
    reloader_->Start();
  }
  void TearDown() override {
    reloader_->Stop();
    server_->Stop();
    service_->Shutdown();
  }

  void Register(const std::string& package) {
    ModelVersionInput in;
    in.name = "tiny";
    in.source = in.package_dir = package;
    in.config_yaml = "model: {}\n";
    in.metrics = ParseMetricMap(ReadPackageMetadata(package)["metrics"].dump(), "metrics");
    bool created = false;
    store_->registry().Register(in, &created);
  }
  int64_t StartTrial(int64_t candidate, double percent, const std::string& mode, const CanaryPolicy& policy) {
    return store_->canaries().Start("tiny", candidate, percent, mode, policy.ToJson().dump()).id;
  }

  // 8 clients send the clip until `done` holds (checked every 20 ms) or `requests` were
  // sent (0: no limit); false if neither happened within `seconds`.
  bool RunClients(Traffic* traffic, const std::function<bool()>& done, double seconds, int requests = 0) {
    std::atomic<bool> stop{false};
    std::atomic<int> sent{0};
    std::mutex mu;
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c) {
      clients.emplace_back([&] {
        while (!stop && (requests == 0 || sent.fetch_add(1) < requests)) {
          const test::HttpResult r = test::HttpCall(server_->port(), "POST", "/v1/transcribe", wav_, "audio/wav");
          std::lock_guard<std::mutex> lock(mu);
          const auto j = nlohmann::json::parse(r.body, nullptr, false);
          if (r.status == 200 && j.is_object()) {
            ++traffic->by_version[j.value("model_version", "?")];
          } else {
            traffic->failures.push_back(std::to_string(r.status) + " " + r.body + r.error);
          }
        }
      });
    }
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    bool ok = false;
    while (Clock::now() < deadline) {
      if ((done && done()) || (requests > 0 && sent >= requests + 8)) {
        ok = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop = true;
    for (auto& t : clients) t.join();
    return ok;
  }
  std::string Metrics() { return test::HttpCall(server_->port(), "GET", "/metrics").body; }

  static inline test::TempDir* dir_ = nullptr;
  static inline std::string wav_;
  std::shared_ptr<Store> store_;
  std::unique_ptr<SttService> service_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<ModelReloader> reloader_;
  std::unique_ptr<CanaryFollower> follower_;
};

TEST_F(CanaryTest, GoodCandidateIsPromotedWithoutAFailedRequest) {
  CanaryPolicy policy;
  policy.min_requests = 30;
  policy.auto_promote_after = 80;
  policy.max_p99_latency_ratio = 4;  // the same weights: only scheduling noise differs
  const int64_t id = StartTrial(2, 30, "canary", policy);
  Traffic traffic;
  const bool promoted = RunClients(&traffic, [&] { return service_->Served().second == "tiny/2"; }, 90);
  RunClients(&traffic, {}, 0.5);  // and a moment after the switch
  ASSERT_TRUE(promoted) << store_->canaries().Get(id).state << " " << Metrics();
  EXPECT_TRUE(traffic.failures.empty()) << traffic.failures.size() << " failed, first: " << traffic.failures.front();
  const Canary c = store_->canaries().Get(id);
  EXPECT_EQ(c.state, "promoted");
  EXPECT_EQ(c.ended_by, "test:1");
  EXPECT_EQ(store_->registry().GetModel("tiny").production, 2);
  EXPECT_GT(traffic.by_version["tiny/2"], 80);
  EXPECT_NE(Metrics().find("stt_canary_decisions_total{model=\"tiny\",decision=\"promote\"} 1"), std::string::npos);
  EXPECT_NE(Metrics().find("stt_model_role{model=\"tiny\",model_version=\"tiny/2\",role=\"production\"} 1"), std::string::npos);
}

TEST_F(CanaryTest, BrokenCandidateIsRolledBackWithinTheWindow) {
  CanaryPolicy policy;
  policy.min_requests = 30;
  const int64_t id = StartTrial(3, 50, "canary", policy);
  Traffic traffic;
  ASSERT_TRUE(RunClients(&traffic, [&] { return store_->canaries().Get(id).state != "running"; }, 60));
  RunClients(&traffic, {}, 0.3);
  const Canary c = store_->canaries().Get(id);
  EXPECT_EQ(c.state, "rolled_back");
  EXPECT_NE(c.reason.find("empty"), std::string::npos) << c.reason;
  EXPECT_TRUE(traffic.failures.empty()) << traffic.failures.size() << " failed, first: " << traffic.failures.front();
  EXPECT_EQ(store_->registry().GetModel("tiny").production, 1);
  EXPECT_EQ(service_->Served().second, "tiny/1");
  EXPECT_FALSE(service_->Trial(""));
  // Decided within its window: the candidate answered about min_requests before the end.
  EXPECT_LT(traffic.by_version["tiny/3"], 200);
  const std::string metrics = Metrics();
  EXPECT_NE(metrics.find("stt_canary_decisions_total{model=\"tiny\",decision=\"rollback\"} 1"), std::string::npos);
  EXPECT_EQ(metrics.find("model_version=\"tiny/3\",role="), std::string::npos) << "the candidate was not unloaded";
}

TEST_F(CanaryTest, SplitIsWithinTwoPointsOfThePercentOver2000Requests) {
  CanaryPolicy policy;
  policy.min_requests = 1000000;  // no decision: only the split is measured
  StartTrial(2, 20, "canary", policy);
  ASSERT_TRUE(test::WaitFor([&] { return service_->Trial("").has_value(); }, 30));
  Traffic traffic;
  ASSERT_TRUE(RunClients(&traffic, {}, 180, 2000));
  EXPECT_TRUE(traffic.failures.empty()) << traffic.failures.front();
  const double share = 100.0 * traffic.by_version["tiny/2"] / traffic.total();
  std::cout << "canary split: " << traffic.by_version["tiny/2"] << " of " << traffic.total() << " requests = " << share
            << "% (configured 20%)\n";
  EXPECT_GE(traffic.total(), 2000);
  EXPECT_NEAR(share, 20.0, 2.0);
}

TEST_F(CanaryTest, ShadowAnswersFromProductionAndMeasuresDisagreement) {
  const int64_t id = StartTrial(2, 100, "shadow", CanaryPolicy{});
  ASSERT_TRUE(test::WaitFor([&] { return service_->Trial("").has_value(); }, 30));
  Traffic traffic;
  RunClients(&traffic, {}, 60, 200);
  EXPECT_TRUE(traffic.failures.empty()) << traffic.failures.front();
  EXPECT_EQ(traffic.by_version.size(), 1u);
  EXPECT_GE(traffic.by_version["tiny/1"], 200) << "a shadow never answers a client";
  nlohmann::json stats;
  ASSERT_TRUE(test::WaitFor([&] {
    stats = service_->Slot("")->TrialStats();
    return stats["shadow"].value("compared", 0) >= 190;
  }, 30)) << stats.dump();
  EXPECT_DOUBLE_EQ(stats["shadow"]["mean_disagreement"].get<double>(), 0.0) << "the same weights agree";
  // The follower records the figures for `sori models canary tiny --status`.
  ASSERT_TRUE(test::WaitFor([&] { return !store_->canaries().Stats(id).empty(); }, 10));
  EXPECT_NE(store_->canaries().Stats(id).front().stats_json.find("\"shadow\""), std::string::npos);
  EXPECT_EQ(store_->canaries().Get(id).state, "running") << "a shadow decides nothing";
}

}  // namespace
}  // namespace sori

namespace sori {
namespace {

// A candidate whose weights are damaged never gets a request: the follower logs it once
// and production answers everything.
TEST_F(CanaryTest, CandidateThatFailsToLoadGetsNoTraffic) {
  // v3's weights are its own (v1 and v2 share theirs, as one content-addressed file).
  const ModelVersion v3 = store_->registry().GetVersion("tiny", 3);
  for (const auto& entry : std::filesystem::directory_iterator(v3.package_dir)) {
    if (entry.path().extension() == ".ckpt") std::filesystem::resize_file(entry.path(), 100);
  }
  const int64_t id = StartTrial(3, 50, "canary", CanaryPolicy{});
  Traffic traffic;
  RunClients(&traffic, {}, 60, 100);
  EXPECT_TRUE(traffic.failures.empty()) << traffic.failures.front();
  EXPECT_EQ(traffic.by_version["tiny/1"], traffic.total());
  EXPECT_FALSE(service_->Trial(""));
  EXPECT_EQ(store_->canaries().Get(id).state, "running") << "the registry's record is left for an operator to stop";
}

// A trial replaced by one whose candidate fails to load: the old candidate stops getting
// requests all the same.
TEST_F(CanaryTest, ReplacedTrialStopsEvenIfItsSuccessorFailsToLoad) {
  const int64_t first = StartTrial(2, 50, "canary", CanaryPolicy{});
  ASSERT_TRUE(test::WaitFor([&] { return service_->Trial("").has_value(); }, 30));
  const ModelVersion v3 = store_->registry().GetVersion("tiny", 3);
  for (const auto& entry : std::filesystem::directory_iterator(v3.package_dir)) {
    if (entry.path().extension() == ".ckpt") std::filesystem::resize_file(entry.path(), 100);
  }
  store_->canaries().End(first, "stopped", "replaced", "test");
  const int64_t second = StartTrial(3, 50, "canary", CanaryPolicy{});
  ASSERT_TRUE(test::WaitFor([&] { return !service_->Trial("").has_value(); }, 30));
  Traffic traffic;
  RunClients(&traffic, {}, 60, 50);
  EXPECT_TRUE(traffic.failures.empty()) << traffic.failures.front();
  EXPECT_EQ(traffic.by_version["tiny/1"], traffic.total());
  EXPECT_EQ(store_->canaries().Get(second).state, "running");
}

}  // namespace
}  // namespace sori
