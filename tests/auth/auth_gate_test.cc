// The gate on the real server (HttpServer + SttService + AuthGate, as `sori serve --auth
// keys` wires them) on a loopback port, one server for the suite: every route without a
// key and with bad ones, scopes, revocation while serving (through the store and through
// the CLI), 429 and its headers, the rate's accuracy over 1,000 requests, usage in the
// store and the metrics, hostile credentials, the official `openai` client. Then the
// gate in process (concurrency and the daily budget on an injected clock).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "audio/writer.h"
#include "auth/api_key.h"
#include "auth/rate.h"
#include "serve/auth_gate.h"
#include "serve/http_server.h"
#include "serve/responses.h"
#include "serve/stt_service.h"
#include "store/store.h"
#include "support/audio_fixtures.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "util/strings.h"
#include "../infer/tiny_package.h"
#include "../serve/http_client.h"

namespace sori {
namespace {

using test::HttpCall;
using test::HttpResult;
namespace http = boost::beast::http;

// A key made through the store, as `sori keys create` makes it; returns the key.
std::string MakeKeyIn(Store& store, const std::string& name, const std::string& scopes, ApiKeyLimits limits) {
  const std::string key = GenerateApiKey();
  NewApiKey spec;
  spec.name = name;
  spec.key_hash = HashApiKey(key);
  spec.prefix = DisplayPrefix(key);
  spec.scopes = Split(scopes, ',');
  spec.limits = limits;
  store.keys().Create(spec, nullptr);
  return key;
}

class AuthGateServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    test::WriteTinyPackage(dir_->File("pkg"));
    store_ = Store::Open(dir_->File("store")).release();
    service_ = new SttService(SttServiceConfig{});
    AuthGateConfig gate;
    gate.usage_flush_seconds = 0.05;
    gate_ = std::make_shared<AuthGate>(store_->keys(), service_->metrics(), gate);
    service_->SetAuthGate(gate_);
    service_->SetReloadHandler([](SttService::ReloadDone done) { done(JsonResponse(200, {{"status", "reloaded"}})); }, "");
    HttpServerConfig config;
    config.port = 0;
    server_ = new HttpServer(
        config, [](HttpRequest&& r, const std::string& remote, Responder respond) { service_->Handle(std::move(r), remote, std::move(respond)); },
        [](const RefusedRequest& refused) { return service_->Refuse(refused); });
    server_->Start();
    service_->Load(std::make_shared<const Recognizer>(dir_->File("pkg")), "tiny", "v1");
    WriteWav(dir_->File("clip.wav"), Audio{test::TestSignal(2.0, 1), 16000});
    wav_ = test::ReadBytes(dir_->File("clip.wav"));
  }
  static void TearDownTestSuite() {
    server_->Stop();
    delete server_;
    delete service_;  // drops the gate, which writes the last usage
    gate_.reset();
    delete store_;
    delete dir_;
  }

  static std::string MakeKey(const std::string& name, const std::string& scopes, ApiKeyLimits limits = {}) {
    return MakeKeyIn(*store_, name, scopes, limits);
  }
  static HttpResult Call(const std::string& method, const std::string& target, const std::string& key,
                         const std::string& body = "") {
    std::map<std::string, std::string> headers;
    if (!key.empty()) headers["Authorization"] = "Bearer " + key;
    return HttpCall(server_->port(), method, target, body, body.empty() ? "" : "audio/wav", headers);
  }
  static void ExpectRefused(const HttpResult& r, int status, const std::string& code, const std::string& words) {
    ASSERT_EQ(r.status, status) << r.body << r.error;
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j["error"]["code"], code) << r.body;
    EXPECT_NE(j["error"]["message"].get<std::string>().find(words), std::string::npos) << r.body;
    if (status == 401) {
      EXPECT_EQ(r.Header("www-authenticate"), "Bearer");
    }
  }
  static std::string Metrics() { return HttpCall(server_->port(), "GET", "/metrics").body; }

  static inline test::TempDir* dir_ = nullptr;
  static inline Store* store_ = nullptr;
  static inline SttService* service_ = nullptr;
  static inline std::shared_ptr<AuthGate> gate_;
  static inline HttpServer* server_ = nullptr;
  static inline std::string wav_;
};

struct Route {
  const char* method;
  const char* path;
  Scope scope;
};
const Route kRoutes[] = {{"POST", "/v1/transcribe", Scope::kTranscribe}, {"POST", "/v1/audio/transcriptions", Scope::kTranscribe},
                         {"GET", "/v1/models", Scope::kTranscribe},      {"POST", "/v1/jobs", Scope::kJobs},
                         {"GET", "/v1/jobs/123", Scope::kJobs},          {"DELETE", "/v1/jobs/123", Scope::kJobs},
                         {"POST", "/admin/reload", Scope::kAdmin}};

TEST(RouteAccessTest, ScopePerPath) {
  for (const Route& r : kRoutes) {
    const RouteAccess a = AccessFor(r.path, false);
    EXPECT_FALSE(a.open) << r.path;
    EXPECT_EQ(a.scope, r.scope) << r.path;
  }
  EXPECT_TRUE(AccessFor("/health", false).open);
  EXPECT_TRUE(AccessFor("/metrics", false).open);
  EXPECT_FALSE(AccessFor("/metrics", true).open);
  EXPECT_FALSE(AccessFor("/metrics", true).scope.has_value());
  EXPECT_FALSE(AccessFor("/v1/jobsx", false).scope.has_value());  // not under /v1/jobs: any key, then 404
  EXPECT_FALSE(AccessFor("/nope", false).open);
}

TEST(ListenAddressTest, NoAuthOnlyOnLoopbackUnlessInsecure) {
  for (const char* host : {"127.0.0.1", "127.8.9.10", "::1", "localhost"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
    CheckListenAddress(host, false, false);
  }
  for (const char* host : {"0.0.0.0", "::", "192.168.1.5", "128.0.0.1", "example.com"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
    std::string message;
    EXPECT_EQ(test::ErrorCodeOf([&] { CheckListenAddress(host, false, false); }, &message), ErrorCode::kInvalidInput);
    EXPECT_NE(message.find("--insecure-no-auth"), std::string::npos) << message;
    CheckListenAddress(host, true, false);
    CheckListenAddress(host, false, true);
  }
}

TEST_F(AuthGateServerTest, HealthAndMetricsAreOpen) {
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/health").status, 200);
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/metrics").status, 200);
}

TEST_F(AuthGateServerTest, EveryRouteRefusesMissingMalformedUnknownKeys) {
  const std::string unknown = GenerateApiKey();
  for (const Route& r : kRoutes) {
    SCOPED_TRACE(std::string(r.method) + " " + r.path);
    ExpectRefused(Call(r.method, r.path, ""), 401, "unauthenticated", "none was sent");
    ExpectRefused(Call(r.method, r.path, "not-a-key"), 401, "unauthenticated", "malformed");
    ExpectRefused(Call(r.method, r.path, unknown), 401, "unauthenticated", "not known");
  }
  ExpectRefused(Call("GET", "/nope", ""), 401, "unauthenticated", "none was sent");  // no probing for routes
}

TEST_F(AuthGateServerTest, ScopesDecideAndAdminReloads) {
  static const std::string transcriber = MakeKey("scope-transcribe", "transcribe");
  static const std::string jobs = MakeKey("scope-jobs", "jobs");
  static const std::string admin = MakeKey("scope-admin", "admin");
  for (const Route& r : kRoutes) {
    SCOPED_TRACE(std::string(r.method) + " " + r.path);
    for (const std::string* key : {&transcriber, &jobs, &admin}) {
      const HttpResult res = Call(r.method, r.path, *key);
      const bool allowed = (key == &transcriber && r.scope == Scope::kTranscribe) || (key == &jobs && r.scope == Scope::kJobs) ||
                           (key == &admin && r.scope == Scope::kAdmin);
      if (!allowed) {
        ExpectRefused(res, 403, "permission_denied", std::string("the scope '") + ScopeName(r.scope) + "'");
      } else {
        EXPECT_NE(res.status, 401);
        EXPECT_NE(res.status, 403);
      }
    }
  }
  EXPECT_EQ(Call("POST", "/admin/reload", admin).status, 200);
  EXPECT_EQ(Call("GET", "/v1/models", transcriber).status, 200);
  EXPECT_EQ(Call("GET", "/v1/jobs/123", jobs).status, 404);  // past the gate; no such route in this build
  EXPECT_EQ(Call("GET", "/nope", jobs).status, 404);
}

TEST_F(AuthGateServerTest, ValidKeyTranscribesWithBearerOrXApiKey) {
  const std::string key = MakeKey("transcriber", "transcribe");
  const HttpResult bearer = Call("POST", "/v1/transcribe", key, wav_);
  ASSERT_EQ(bearer.status, 200) << bearer.body;
  const HttpResult x = HttpCall(server_->port(), "POST", "/v1/transcribe", wav_, "audio/wav", {{"X-API-Key", key}});
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(nlohmann::json::parse(x.body)["text"], nlohmann::json::parse(bearer.body)["text"]);
  const std::string metrics = Metrics();
  EXPECT_NE(metrics.find("stt_key_requests_total{key=\"transcriber\",status=\"200\"} 2"), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find(key.substr(5)), std::string::npos);  // names only, never the key
}

TEST_F(AuthGateServerTest, RevokedKeyIsRefusedFromItsNextRequest) {
  const std::string key = MakeKey("revoke-in-store", "transcribe");
  EXPECT_EQ(Call("GET", "/v1/models", key).status, 200);
  store_->keys().Revoke("revoke-in-store");
  ExpectRefused(Call("GET", "/v1/models", key), 401, "unauthenticated", "'revoke-in-store' was revoked at");
}

// Another process (the CLI) on the same store while the server runs: a new key works at
// once, its revocation refuses its very next request.
TEST_F(AuthGateServerTest, KeysMadeAndRevokedWithTheCliWhileServing) {
  const std::string store = test::ShellQuote(dir_->File("store"));
  const auto made = test::RunSori("--store " + store + " keys create --name from-cli --json");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string key = nlohmann::json::parse(made.out)["key"];
  EXPECT_EQ(Call("GET", "/v1/models", key).status, 200);
  const auto revoked = test::RunSori("--store " + store + " keys revoke from-cli");
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  ExpectRefused(Call("GET", "/v1/models", key), 401, "unauthenticated", "revoked");
}

TEST_F(AuthGateServerTest, RateLimitIs429WithItsHeaders) {
  const std::string key = MakeKey("two-per-minute", "transcribe", {2, 60, 0, 0});
  EXPECT_EQ(Call("GET", "/v1/models", key).status, 200);
  EXPECT_EQ(Call("GET", "/v1/models", key).status, 200);
  const HttpResult r = Call("GET", "/v1/models", key);
  ExpectRefused(r, 429, "rate_limited", "rate limit of API key 'two-per-minute' reached (2/min requests)");
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["limit"], "rate");
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["type"], "rate_limit_error");
  const int retry = std::stoi(r.Header("retry-after"));
  EXPECT_GE(retry, 29);
  EXPECT_LE(retry, 30);
  EXPECT_EQ(r.Header("x-ratelimit-limit"), "2");
  EXPECT_EQ(r.Header("x-ratelimit-remaining"), "0");
  EXPECT_GE(std::stoi(r.Header("x-ratelimit-reset")), 59);
  EXPECT_NE(Metrics().find("stt_key_refusals_total{key=\"two-per-minute\",limit=\"rate\"} 1"), std::string::npos);
}

// 1,000 requests, one every 2.5 ms (400/s), with a key limited to R = 200/s (burst B =
// 200): about 2.5 s, so most of what is admitted comes from the refill, not the burst. A
// token bucket admits at most B + R * T requests in T seconds; with requests twice as
// frequent as tokens, each token is taken within 2.5 ms of its arrival, so it admits at
// least that less one token. T runs from before the first request is sent to after the
// last answer (the server's window lies inside it). Admitted must be within 2% of
// B + R * T (and never above it, but for the token that may arrive during the last call).
TEST_F(AuthGateServerTest, RateAccuracyOver1000Requests) {
  const std::string key = MakeKey("two-hundred-per-second", "transcribe", {200, 1, 0, 0});
  int admitted = 0, refused = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {
    std::this_thread::sleep_until(t0 + std::chrono::microseconds(2500 * i));
    const int status = Call("GET", "/v1/models", key).status;
    admitted += status == 200;
    refused += status == 429;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double allowed = 200 + 200 * seconds;
  EXPECT_EQ(admitted + refused, 1000);
  ASSERT_LT(allowed, 1000) << "the 1,000 requests took " << seconds << " s, too slow for the limit to bind";
  EXPECT_LE(admitted, allowed + 1) << seconds << " s";
  EXPECT_GE(admitted, 0.98 * allowed) << seconds << " s";
  std::printf("rate accuracy: %d admitted in %.3f s, B + R*T = %.1f (%+.2f%%)\n", admitted, seconds, allowed,
              100.0 * (admitted - allowed) / allowed);
}

TEST_F(AuthGateServerTest, UsageInStoreAndMetricsEqualsRequestsSent) {
  const std::string key = MakeKey("usage", "transcribe");
  const int64_t id = store_->keys().Get("usage").id;
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Call("GET", "/v1/models", key).status, 200);
  for (int i = 0; i < 2; ++i) ASSERT_EQ(Call("POST", "/v1/transcribe", key, wav_).status, 200);
  ASSERT_EQ(Call("POST", "/v1/transcribe", key, "not audio").status, 400);
  ASSERT_EQ(Call("GET", "/v1/jobs", key).status, 403);
  // 9 requests, 2 errors, 4 s of audio; written by the background flush (every 0.05 s here).
  const std::string today = UtcDay(SystemAuthClock()->UnixSeconds());
  ApiKeyUsage u;
  for (int i = 0; i < 200 && u.requests < 9; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    u = store_->keys().UsageOn(id, today);
  }
  EXPECT_EQ(u.requests, 9);
  EXPECT_EQ(u.errors, 2);
  EXPECT_NEAR(u.audio_seconds, 4.0, 1e-6);
  EXPECT_TRUE(store_->keys().Get(id).last_used_at.has_value());
  const std::string m = Metrics();
  for (const char* line : {"stt_key_requests_total{key=\"usage\",status=\"200\"} 7", "stt_key_requests_total{key=\"usage\",status=\"400\"} 1",
                           "stt_key_requests_total{key=\"usage\",status=\"403\"} 1", "stt_key_errors_total{key=\"usage\"} 2",
                           "stt_key_audio_seconds_total{key=\"usage\"} 4"}) {
    EXPECT_NE(m.find(line), std::string::npos) << line << "\n" << m;
  }
}

// Requests no client library sends. Each is refused (401, or 400/431 by the HTTP layer),
// the text sent is not in the answer, and the server goes on serving.
TEST_F(AuthGateServerTest, HostileCredentials) {
  const std::string key = MakeKey("hostile-target", "transcribe");
  const std::vector<std::string> bearers = {"", " ", "sori_", std::string(20000, 'k'), "sori_" + std::string(20000, 'a'),
                                            HashApiKey(key), DisplayPrefix(key), DisplayPrefix(key) + std::string(37, 'A'),
                                            key + "x", key.substr(0, 47)};
  for (const std::string& b : bearers) {
    const HttpResult r = HttpCall(server_->port(), "GET", "/v1/models", "", "", {{"Authorization", "Bearer " + b}});
    EXPECT_EQ(r.status, 401) << b.substr(0, 60);
    if (b.size() > 6) {
      EXPECT_EQ(r.body.find(b.substr(5, 10)), std::string::npos) << r.body;
    }
  }
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/v1/models", "", "", {{"X-API-Key", std::string(40000, 'k')}}).status, 431);
  const std::string head = "GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
  for (const std::string& value : {"Bearer " + key.substr(0, 20) + "\r\nX-Injected: 1" + key.substr(20),
                                   "Bearer " + key.substr(0, 20) + std::string(1, '\0') + key.substr(21),
                                   "Bearer " + key.substr(0, 20) + "\r" + key.substr(21)}) {
    const std::string raw = test::RawExchange(server_->port(), head + "Authorization: " + value + "\r\n\r\n", 10);
    const std::string status = raw.substr(0, 12);
    EXPECT_TRUE(status == "HTTP/1.1 401" || status == "HTTP/1.1 400") << raw.substr(0, 200);
    EXPECT_EQ(raw.find(key.substr(5, 15)), std::string::npos);
  }
  EXPECT_EQ(Call("GET", "/v1/models", key).status, 200);
}

// The official `openai` npm package with apiKey = a Sori key (it sends Authorization:
// Bearer), and with a wrong one (the client raises its AuthenticationError).
TEST_F(AuthGateServerTest, OfficialOpenAiClientAuthenticatesWithASoriKey) {
  const std::string client_dir = std::string(SORI_SOURCE_DIR) + "/tests/serve/openai-client";
  if (std::system("command -v node > /dev/null 2>&1") != 0 || !std::filesystem::exists(client_dir + "/node_modules/openai")) {
    GTEST_SKIP() << "node or the openai npm package is missing (scripts/install-deps.sh installs them)";
  }
  const std::string key = MakeKey("openai-client", "transcribe");
  const std::string run = "node " + client_dir + "/transcribe.mjs " + std::to_string(server_->port()) + " " +
                          test::ShellQuote(dir_->File("clip.wav"));
  const auto ok = test::RunCommand("SORI_API_KEY=" + key + " " + run);
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("\"format\":\"verbose_json\""), std::string::npos) << ok.out;
  const auto bad = test::RunCommand("SORI_API_KEY=" + GenerateApiKey() + " " + run);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE((bad.out + bad.err).find("401"), std::string::npos) << bad.out << bad.err;
}

// The gate in process, on exchanges whose answers are kept here, with a clock the test
// moves: the in-flight slot is held until the answer, and the daily audio budget.
class AuthGateInProcessTest : public ::testing::Test {
 protected:
  std::string MakeKey(const std::string& name, const std::string& scopes, ApiKeyLimits limits) {
    return MakeKeyIn(*store_, name, scopes, limits);
  }
  std::shared_ptr<Exchange> Request(const std::string& key, const std::string& path = "/v1/transcribe") {
    HttpRequest request{http::verb::post, path, 11};
    request.set(http::field::authorization, "Bearer " + key);
    return std::make_shared<Exchange>(std::move(request), "127.0.0.1:1", [this](const Exchange& e, HttpResponse r) {
      gate_->Finished(e, r.result_int());
      answers_.push_back(std::move(r));
    });
  }
  test::TempDir dir_;
  std::unique_ptr<Store> store_ = Store::Open(dir_.File("store"));
  MetricRegistry registry_;
  std::shared_ptr<ManualAuthClock> clock_ = std::make_shared<ManualAuthClock>(1796644800);  // 2026-12-07T12:00:00Z
  std::unique_ptr<AuthGate> gate_ = std::make_unique<AuthGate>(store_->keys(), registry_, AuthGateConfig{}, clock_);
  std::vector<HttpResponse> answers_;
};

TEST_F(AuthGateInProcessTest, ConcurrencySlotIsHeldUntilTheAnswer) {
  const std::string key = MakeKey("one-at-a-time", "transcribe", {0, 60, 1, 0});
  const auto first = Request(key);
  ASSERT_TRUE(gate_->Admit(first));
  EXPECT_EQ(first->caller().key_name, "one-at-a-time");
  EXPECT_EQ(first->caller().key_id, store_->keys().Get("one-at-a-time").id);
  const auto second = Request(key);
  EXPECT_FALSE(gate_->Admit(second));
  ASSERT_EQ(answers_.size(), 1u);
  EXPECT_EQ(answers_[0].result_int(), 429u);
  EXPECT_EQ(nlohmann::json::parse(answers_[0].body())["error"]["limit"], "concurrency");
  EXPECT_EQ(answers_[0]["X-RateLimit-Limit"], "1");
  first->Answer(TextResponse(200, "done", "text/plain"));
  EXPECT_TRUE(gate_->Admit(Request(key)));
}

TEST_F(AuthGateInProcessTest, DailyAudioBudgetRefusesUntilUtcMidnight) {
  const std::string key = MakeKey("ten-minutes-a-day", "transcribe,jobs", {0, 60, 0, 600});
  const int64_t id = store_->keys().Get("ten-minutes-a-day").id;
  gate_->ChargeAudio(id, 599);  // a finished job (the jobs code's contract)
  const auto e = Request(key);
  ASSERT_TRUE(gate_->Admit(e));
  e->set_recognition();
  e->set_audio_seconds(30);
  e->Answer(TextResponse(200, "ok", "text/plain"));
  EXPECT_FALSE(gate_->Admit(Request(key)));
  const HttpResponse& r = answers_.back();
  EXPECT_EQ(r.result_int(), 429u);
  EXPECT_EQ(nlohmann::json::parse(r.body())["error"]["limit"], "daily_audio");
  EXPECT_EQ(r[http::field::retry_after], "43200");
  EXPECT_EQ(r["X-RateLimit-Limit"], "600");
  EXPECT_EQ(r["X-RateLimit-Reset"], "43200");
  clock_->Advance(43200);
  EXPECT_TRUE(gate_->Admit(Request(key, "/v1/jobs")));
  gate_->FlushUsage();
  EXPECT_NEAR(store_->keys().UsageOn(id, "2026-12-07").audio_seconds, 629, 1e-9);
  EXPECT_EQ(store_->keys().UsageOn(id, "2026-12-07").requests, 2);  // the admitted one and the refused one
  gate_->ChargeAudio(0, 100);  // no key: nothing
}

}  // namespace
}  // namespace sori
