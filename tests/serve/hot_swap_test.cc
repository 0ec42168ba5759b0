// Hot swap: the real server following a registry stage (models:/tiny/production) while
// clients send requests without pause. Promotions, a rollback, POST /admin/reload and a
// failed reload all happen under load; every request must succeed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "audio/writer.h"
#include "http_client.h"
#include "service_server.h"
#include "serve/http_server.h"
#include "serve/model_reloader.h"
#include "serve/stt_service.h"
#include "store/store.h"
#include "support/audio_fixtures.h"
#include "support/temp_dir.h"
#include "util/fs.h"
#include "../infer/tiny_package.h"

namespace sori {
namespace {

using test::HttpCall;
using test::HttpResult;
using namespace std::chrono_literals;

// Registers the tiny package as a new version (model.json gets a note so each version's
// package differs), with a test CER that passes the default gate.
int64_t RegisterTiny(Store& store, const test::TempDir& dir, const std::string& note) {
  const std::string package = dir.File("pkg-" + note);
  test::WriteTinyPackage(package);
  nlohmann::json meta = nlohmann::json::parse(ReadFileToString(package + "/model.json", 1 << 20));
  meta["note"] = note;
  std::ofstream(package + "/model.json") << meta.dump();
  ModelVersionInput in;
  in.name = "tiny";
  in.source = package;
  in.package_dir = package;
  in.metrics = ParseMetricMap(R"({"test/cer": 0.01})", "metrics");
  bool created = false;
  return store.registry().Register(in, &created).version;
}

class HotSwapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::Open(dir_.File("store"));
    EXPECT_EQ(RegisterTiny(*store_, dir_, "one"), 1);
    EXPECT_EQ(RegisterTiny(*store_, dir_, "two"), 2);
    store_->registry().TransitionStage("tiny", 1, "production", false);
    const std::string wav = dir_.File("clip.wav");
    WriteWav(wav, Audio{test::TestSignal(1.5, 3), 16000});
    wav_ = test::ReadBytes(wav);

    service_ = std::make_unique<SttService>(SttServiceConfig{});
    reloader_ = std::make_unique<ModelReloader>(*service_, RegistryResolver(store_, "models:/tiny/production"), 50ms);
    service_->SetReloadHandler([this](SttService::ReloadDone done) { reloader_->RequestReload("POST /admin/reload", std::move(done)); },
                               "s3cret");
    server_ = test::StartServer(*service_);
    reloader_->LoadNow(RegistryResolver(store_, "models:/tiny/production")());
    reloader_->Start();
  }
  void TearDown() override {
    reloader_->Stop();
    server_->Stop();
    service_->Shutdown();
  }

  std::string Served() {
    const HttpResult h = HttpCall(server_->port(), "GET", "/health");
    const auto j = nlohmann::json::parse(h.body, nullptr, false);
    return h.status == 200 && j.is_object() ? j.value("model_version", "") : "";
  }
  // Waits until /health reports `version`.
  bool WaitForVersion(const std::string& version) {
    for (int i = 0; i < 1200; ++i) {  // 30 s: loads are slow under ASan on a busy machine
      if (Served() == version) return true;
      std::this_thread::sleep_for(25ms);
    }
    return false;
  }
  HttpResult Reload(const std::string& token) {
    return HttpCall(server_->port(), "POST", "/admin/reload", "", "", {{"Authorization", "Bearer " + token}});
  }

  test::TempDir dir_;
  std::shared_ptr<Store> store_;
  std::string wav_;
  std::unique_ptr<SttService> service_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<ModelReloader> reloader_;
};

TEST_F(HotSwapTest, PromotionsRollbackAndReloadsUnderLoadFailNoRequest) {
  ASSERT_EQ(Served(), "tiny/1");
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::mutex mu;
  std::set<std::string> versions_seen;
  std::string first_failure;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      while (!stop) {
        const HttpResult r = HttpCall(server_->port(), "POST", "/v1/transcribe", wav_, "audio/wav");
        std::lock_guard<std::mutex> lock(mu);
        const auto j = nlohmann::json::parse(r.body, nullptr, false);
        if (r.status == 200 && j.is_object()) {
          ++ok;
          versions_seen.insert(j.value("model_version", "?"));
        } else {
          if (failed++ == 0) first_failure = std::to_string(r.status) + " " + r.body + r.error;
        }
      }
    });
  }
  const auto traffic = [&](int at_least) {  // let some requests through on the current model
    const int target = ok + at_least;
    for (int i = 0; i < 2000 && ok < target; ++i) std::this_thread::sleep_for(5ms);
  };

  traffic(5);
  store_->registry().TransitionStage("tiny", 2, "production", false);  // the poller swaps to v2
  EXPECT_TRUE(WaitForVersion("tiny/2"));
  traffic(5);
  store_->registry().RollbackProduction("tiny");                        // and back to v1
  EXPECT_TRUE(WaitForVersion("tiny/1"));
  traffic(5);
  const HttpResult reload = Reload("s3cret");                // an explicit reload of the same stage
  EXPECT_EQ(reload.status, 200) << reload.body;
  EXPECT_EQ(nlohmann::json::parse(reload.body, nullptr, false).value("model_version", ""), "tiny/1");
  traffic(5);
  // A version whose package is broken: the reload fails, v1 keeps serving.
  const int64_t broken = RegisterTiny(*store_, dir_, "broken");
  const std::string weights = store_->registry().GetVersion("tiny", broken).package_dir + "/weights.ckpt";
  std::filesystem::remove(weights);  // a hard link to the artifact: the artifact stays intact
  std::ofstream(weights) << "not a checkpoint";
  store_->registry().TransitionStage("tiny", broken, "production", false);  // the poller's load fails
  const HttpResult failed_reload = Reload("s3cret");
  EXPECT_EQ(failed_reload.status, 500) << failed_reload.body;
  EXPECT_EQ(Served(), "tiny/1");
  traffic(5);

  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0) << "first failure: " << first_failure;
  EXPECT_GT(ok.load(), 20);
  EXPECT_TRUE(versions_seen.count("tiny/1"));
  EXPECT_TRUE(versions_seen.count("tiny/2"));

  const HttpResult metrics = HttpCall(server_->port(), "GET", "/metrics");
  EXPECT_NE(metrics.body.find("stt_model_info{model=\"tiny\",model_version=\"tiny/1\"} 1"), std::string::npos) << metrics.body;
  EXPECT_EQ(metrics.body.find("stt_model_info{model=\"tiny\",model_version=\"tiny/2\"}"), std::string::npos);
  EXPECT_NE(metrics.body.find("stt_model_reloads_total{status=\"failed\"}"), std::string::npos);
}

TEST_F(HotSwapTest, AdminReloadNeedsTheTokenAndPost) {
  const HttpResult no_token = HttpCall(server_->port(), "POST", "/admin/reload");
  EXPECT_EQ(no_token.status, 401) << no_token.body;
  EXPECT_EQ(no_token.Header("www-authenticate"), "Bearer");
  EXPECT_EQ(Reload("wrong").status, 401);
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/admin/reload").status, 405);
  EXPECT_EQ(Reload("s3cret").status, 200);
}

}  // namespace
}  // namespace sori
