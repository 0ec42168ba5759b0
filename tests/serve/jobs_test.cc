// The /v1/jobs routes on the real server (SttService + JobService + HttpServer on
// loopback, as `sori serve` wires them): submission, results in every format, listing,
// cancel, hostile input, and signed webhooks checked by the Standard Webhooks reference
// library (npm `standardwebhooks`) in webhook_receiver.mjs.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "auth/api_key.h"
#include "net/webhook_signature.h"
#include "serve/auth_gate.h"
#include "jobs/work_queue.h"
#include "serve/job_service.h"
#include "server_fixture.h"
#include "service_server.h"
#include "store/store.h"
#include "util/strings.h"
#include "webhook_receiver.h"

namespace sori {
namespace {

using namespace std::chrono_literals;
using test::HttpCall;
using test::MultipartField;

// The intake queue: bounded, and Stop runs what was queued before joining.
TEST(WorkQueueTest, RefusesWhenFullAndRunsEverythingQueuedOnStop) {
  std::mutex gate;
  std::unique_lock<std::mutex> hold(gate);  // the one thread blocks on the first task
  std::atomic<int> started{0}, ran{0};
  WorkQueue queue(1, 2);
  const auto task = [&] {
    ++started;
    std::lock_guard<std::mutex> wait(gate);
    ++ran;
  };
  EXPECT_TRUE(queue.Post(task));
  for (int i = 0; i < 500 && started == 0; ++i) std::this_thread::sleep_for(10ms);  // the thread holds it
  EXPECT_TRUE(queue.Post(task));
  EXPECT_TRUE(queue.Post(task));
  EXPECT_FALSE(queue.Post(task)) << "two already wait";
  hold.unlock();
  queue.Stop();
  EXPECT_EQ(ran, 3);
  EXPECT_FALSE(queue.Post(task)) << "stopped";
}

class JobsTest : public test::ServerTest {
 protected:
  static void SetUpTestSuite() {
    ServerTest::SetUpTestSuite();
    secret_ = NewWebhookSecret();
  }
  void SetUp() override { Open(true); }
  void TearDown() override {
    if (server_) server_->Stop();
    if (jobs_) jobs_->Stop();
    if (service_) service_->Shutdown();
    server_.reset();
    jobs_.reset();
    service_.reset();  // and its API-key gate, before the store it reads (keys_store_)
  }
  // The server with jobs; the model loaded or not (jobs then stay queued).
  void Open(bool load) {
    service_ = std::make_unique<SttService>(SttServiceConfig{});
    JobServiceConfig config;
    config.runner.poll_seconds = 0.1;
    config.webhooks.policy.allow = {"127.0.0.1"};
    config.webhooks.schedule = ParseRetrySchedule("0.3s,0.3s,0.5s,0.5s,1s,1s,2s");
    config.webhooks.poll_seconds = 0.1;
    config.submission.max_metadata_bytes = 1024;
    jobs_ = std::make_unique<JobService>(*service_, home_.path(), config, [](int64_t) { return secret_; }, nullptr);
    server_ = test::StartServer(*service_);
    if (load) service_->Load(recognizer_, "tiny", "v1");
    jobs_->Start();
  }
  nlohmann::json Submit(const std::vector<MultipartField>& fields, int expect = 202) {
    const auto r = Post("/v1/jobs", fields);
    EXPECT_EQ(r.status, expect) << r.body;
    return Json(r);
  }
  test::HttpResult Get(const std::string& target) { return HttpCall(server_->port(), "GET", target); }
  // Polls the job until `done` says so (at most 60 s).
  nlohmann::json WaitFor(const std::string& id, const std::function<bool(const nlohmann::json&)>& done) {
    nlohmann::json job;
    for (int i = 0; i < 600; ++i) {
      job = Json(Get("/v1/jobs/" + id));
      if (done(job)) return job;
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "job " << id << " did not get there: " << job.dump();
    return job;
  }
  static bool Final(const nlohmann::json& j) {
    const std::string s = j.value("status", "");
    return s == "succeeded" || s == "failed" || s == "canceled";
  }
  static bool WebhookDone(const nlohmann::json& j) {
    return Final(j) && j.contains("webhook") && j["webhook"]["state"] != "pending" && j["webhook"]["state"] != "waiting";
  }
  size_t JobsInStore() {
    JobListQuery q;
    q.limit = 100;
    return Store::Open(home_.path())->jobs().List(q).size();
  }

  static inline std::string secret_;
  test::TempDir home_;
  std::unique_ptr<Store> keys_store_;
  std::unique_ptr<JobService> jobs_;
};

TEST_F(JobsTest, AJobRunsAndItsResultComesInEveryFormat) {
  const std::string wav = Wav(test::TestSignal(2.0, 7));
  const auto queued = Submit({{"file", wav, "call.wav"}, {"response_format", "text", ""}, {"metadata", R"({"call": 42})", ""}});
  EXPECT_EQ(queued["status"], "queued");
  EXPECT_EQ(queued["metadata"]["call"], 42);
  const std::string id = queued["id"];
  const auto job = WaitFor(id, Final);
  EXPECT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["progress"], 100);
  EXPECT_EQ(job["model_version"], "v1");
  EXPECT_NEAR(job["audio"]["seconds"].get<double>(), 2.0, 0.01);
  EXPECT_EQ(job["audio"]["name"], "call.wav");
  const std::string expected = Expected(wav);
  const auto text = Get("/v1/jobs/" + id + "/result");  // the job's response_format
  EXPECT_EQ(text.status, 200);
  EXPECT_EQ(text.body, expected + "\n");
  const auto json = Get("/v1/jobs/" + id + "/result?format=json");
  EXPECT_EQ(Json(json)["text"], expected);
  EXPECT_EQ(Get("/v1/jobs/" + id + "/result?format=srt").Header("content-type"), "application/x-subrip; charset=utf-8");
  EXPECT_EQ(Get("/v1/jobs/" + id + "/result?format=vtt").body.rfind("WEBVTT", 0), 0u);
  ExpectError(Get("/v1/jobs/" + id + "/result?format=mp3"), 400, "format");
}

TEST_F(JobsTest, BadSubmissionsNameTheFieldAndStoreNothing) {
  const std::string wav = Wav(test::TestSignal(0.5, 1));
  ExpectError(Post("/v1/jobs", {{"response_format", "json", ""}}), 400, "audio");
  ExpectError(Post("/v1/jobs", {{"file", wav, "a.wav"}, {"response_format", "mp3", ""}}), 400, "response_format");
  ExpectError(Post("/v1/jobs", {{"file", wav, "a.wav"}, {"beam", "0", ""}}), 400, "beam");
  ExpectError(Post("/v1/jobs", {{"file", wav, "a.wav"}, {"metadata", "[1, 2]", ""}}), 400, "metadata");
  ExpectError(Post("/v1/jobs", {{"file", wav, "a.wav"}, {"metadata", "{not json", ""}}), 400, "metadata");
  ExpectError(Post("/v1/jobs", {{"file", wav, "a.wav"}, {"metadata", R"({"x": ")" + std::string(2000, 'x') + "\"}", ""}}), 413,
              "metadata");
  for (const std::string& url : std::vector<std::string>{"file:///etc/passwd", "gopher://127.0.0.1/", "http://169.254.169.254/latest/meta-data",
                                "http://[::1]:8080/hook", "http://10.0.0.1/hook", "http://2130706433/",
                                "http://127.0.0.1/a\r\nX-Injected: 1", "http://user:pw@example.com/", "not a url",
                                "http://[fd00:ec2::254]/"}) {
    ExpectError(Post("/v1/jobs", {{"file", wav, "a.wav"}, {"callback_url", url, ""}}), 400, "callback_url");
  }
  EXPECT_EQ(JobsInStore(), 0u);
}

TEST_F(JobsTest, IdsThatAreNotIdsOrAnotherKeysAreNotFound) {
  JobRecord theirs;
  theirs.key_id = 5;
  theirs.options_json = "{}";
  const std::string id = Store::Open(home_.path())->jobs().Create(theirs, "audio").id;
  for (const std::string& target : std::vector<std::string>{"/v1/jobs/" + id, "/v1/jobs/" + id + "/result", "/v1/jobs/job_XYZ",
                                   "/v1/jobs/..%2F..%2Fstore.db", "/v1/jobs/" + std::string(3000, 'a'),
                                   "/v1/jobs/job_00000000000000000000"}) {
    const auto r = Get(target);
    ExpectError(r, 404, "no ");
    EXPECT_EQ(r.body.find("XYZ"), std::string::npos) << "a malformed id is not echoed";
  }
  ExpectError(HttpCall(server_->port(), "DELETE", "/v1/jobs/" + id), 404, "no job");
  ExpectError(Get("/v1/jobs?after=" + id), 404, "no job");
  EXPECT_EQ(Json(Get("/v1/jobs"))["data"].size(), 0u) << "a key sees only its own jobs";
}

TEST_F(JobsTest, CancelAQueuedJobThenConflicts) {
  TearDown();
  Open(false);  // no model: jobs wait in the queue
  const std::string id = Submit({{"file", Wav(test::TestSignal(1.0, 2)), "a.wav"}})["id"];
  const auto canceled = HttpCall(server_->port(), "DELETE", "/v1/jobs/" + id);
  EXPECT_EQ(canceled.status, 200) << canceled.body;
  EXPECT_EQ(Json(canceled)["status"], "canceled");
  ExpectError(HttpCall(server_->port(), "DELETE", "/v1/jobs/" + id), 409, "canceled");
  ExpectError(Get("/v1/jobs/" + id + "/result"), 409, "canceled");
}

TEST_F(JobsTest, ListPagesNewestFirst) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(Submit({{"file", Wav(test::TestSignal(0.3, i)), "a.wav"}})["id"]);
  const auto page = Json(Get("/v1/jobs?limit=2"));
  ASSERT_EQ(page["data"].size(), 2u);
  EXPECT_EQ(page["data"][0]["id"], ids[2]);
  EXPECT_TRUE(page["has_more"]);
  const auto rest = Json(Get("/v1/jobs?limit=2&after=" + page["last_id"].get<std::string>()));
  ASSERT_EQ(rest["data"].size(), 1u);
  EXPECT_EQ(rest["data"][0]["id"], ids[0]);
  EXPECT_FALSE(rest["has_more"]);
  EXPECT_EQ(Get("/v1/jobs?limit=100").status, 200);
  ExpectError(Get("/v1/jobs?limit=101"), 400, "limit");
  ExpectError(Get("/v1/jobs?status=lost"), 400, "status");
}

// With API keys: the jobs scope is needed, and one key never sees another's jobs.
TEST_F(JobsTest, WithKeysAJobBelongsToItsKey) {
  keys_store_ = Store::Open(home_.path());  // outlives the gate: TearDown stops the service first
  Store* keys_store = keys_store_.get();
  const auto make_key = [&](const std::string& name, const std::string& scopes) {
    const std::string key = GenerateApiKey();
    NewApiKey spec;
    spec.name = name;
    spec.key_hash = HashApiKey(key);
    spec.prefix = DisplayPrefix(key);
    spec.scopes = Split(scopes, ',');
    keys_store->keys().Create(spec, nullptr);
    return std::map<std::string, std::string>{{"authorization", "Bearer " + key}};
  };
  const auto alice = make_key("alice", "jobs"), bob = make_key("bob", "jobs,transcribe"), carol = make_key("carol", "transcribe");
  service_->SetAuthGate(std::make_shared<AuthGate>(keys_store->keys(), service_->metrics()));
  const auto [body, type] = test::EncodeMultipart({{"file", Wav(test::TestSignal(0.5, 9)), "a.wav"}});
  const auto submitted = HttpCall(server_->port(), "POST", "/v1/jobs", body, type, alice);
  ASSERT_EQ(submitted.status, 202) << submitted.body;
  const std::string id = Json(submitted)["id"];
  ExpectError(HttpCall(server_->port(), "POST", "/v1/jobs", body, type), 401, "");
  ExpectError(HttpCall(server_->port(), "POST", "/v1/jobs", body, type, carol), 403, "jobs");
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/v1/jobs/" + id, "", "", alice).status, 200);
  ExpectError(HttpCall(server_->port(), "GET", "/v1/jobs/" + id, "", "", bob), 404, "no job");
  ExpectError(HttpCall(server_->port(), "DELETE", "/v1/jobs/" + id, "", "", bob), 404, "no job");
  EXPECT_EQ(Json(HttpCall(server_->port(), "GET", "/v1/jobs", "", "", bob))["data"].size(), 0u);
  EXPECT_EQ(Json(HttpCall(server_->port(), "GET", "/v1/jobs", "", "", alice))["data"].size(), 1u);
  EXPECT_EQ(Store::Open(home_.path())->jobs().Get(id)->key_id, keys_store->keys().Get("alice").id);
}

class JobsWebhookTest : public JobsTest {
 protected:
  void SetUp() override {
    std::string why;
    if (!test::WebhookReceiver::Available(&why)) GTEST_SKIP() << why;
    JobsTest::SetUp();
  }
};

TEST_F(JobsWebhookTest, FinishedJobsAreDeliveredSignedOnceEach) {
  test::WebhookReceiver receiver(home_.path(), secret_);
  const std::string good = Submit({{"file", Wav(test::TestSignal(1.0, 3)), "a.wav"}, {"callback_url", receiver.Url("/hook"), ""},
                                   {"metadata", R"({"n": 1})", ""}})["id"];
  const std::string bad = Submit({{"file", "this is not audio", "b.wav"}, {"callback_url", receiver.Url("/hook"), ""}})["id"];
  const auto good_job = WaitFor(good, WebhookDone);
  const auto bad_job = WaitFor(bad, WebhookDone);
  EXPECT_EQ(good_job["webhook"]["state"], "delivered");
  EXPECT_EQ(bad_job["status"], "failed");
  EXPECT_NE(bad_job["error"]["message"].get<std::string>().find("b.wav"), std::string::npos) << bad_job.dump();
  const auto log = receiver.Log();
  ASSERT_EQ(log.size(), 2u);
  for (const auto& delivery : log) {
    EXPECT_TRUE(delivery["verified"]) << delivery.dump();
    EXPECT_EQ(delivery["id"], "msg_" + delivery["body"]["data"]["id"].get<std::string>());
    const std::string id = delivery["body"]["data"]["id"];
    EXPECT_EQ(delivery["body"]["type"], id == good ? "job.succeeded" : "job.failed");
    if (id == good) {
      EXPECT_EQ(delivery["body"]["data"]["metadata"]["n"], 1);
      EXPECT_TRUE(delivery["body"]["data"]["text"].is_string());
    }
  }
}

TEST_F(JobsWebhookTest, GoneIsNotRetriedAndADownReceiverIsRetriedUntilUp) {
  const double up_at = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() + 1.5;
  test::WebhookReceiver gone_receiver(home_.path(), secret_, {"--status-for", "/gone=410"});
  test::WebhookReceiver receiver(home_.path(), secret_, {"--down-until", std::to_string(up_at)});
  const std::string wav = Wav(test::TestSignal(0.5, 4));
  const std::string gone = Submit({{"file", wav, "a.wav"}, {"callback_url", gone_receiver.Url("/gone"), ""}})["id"];
  const std::string later = Submit({{"file", wav, "a.wav"}, {"callback_url", receiver.Url("/later"), ""}})["id"];
  const auto gone_job = WaitFor(gone, WebhookDone);
  EXPECT_EQ(gone_job["webhook"]["state"], "failed");
  ASSERT_EQ(gone_job["webhook"]["history"].size(), 1u) << gone_job.dump();
  EXPECT_EQ(gone_job["webhook"]["history"][0]["status"], 410);
  const auto later_job = WaitFor(later, WebhookDone);
  EXPECT_EQ(later_job["webhook"]["state"], "delivered") << later_job.dump();
  const auto& history = later_job["webhook"]["history"];
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[0]["status"], 503);
  EXPECT_EQ(history.back()["status"], 204);
  for (const auto& delivery : receiver.Log()) EXPECT_TRUE(delivery["verified"]) << delivery.dump();
}

}  // namespace
}  // namespace sori
