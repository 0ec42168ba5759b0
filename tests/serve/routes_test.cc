// The route table, the guard around every handler, and the one error vocabulary: unit
// tests on Exchanges, then a handler that throws inside the real server.
#include <gtest/gtest.h>

#include <new>
#include <stdexcept>

#include "serve/error_status.h"
#include "serve/responses.h"
#include "serve/route_guard.h"
#include "serve/route_table.h"
#include "server_fixture.h"
#include "support/error_code.h"

namespace sori {
namespace {

namespace http = boost::beast::http;

// An exchange whose answers are kept here instead of sent.
struct Recorded {
  std::vector<HttpResponse> answers;
  std::shared_ptr<Exchange> Make(http::verb method, const std::string& target) {
    HttpRequest request{method, target, 11};
    return std::make_shared<Exchange>(std::move(request), "127.0.0.1:1",
                                      [this](const Exchange&, HttpResponse r) { answers.push_back(std::move(r)); });
  }
  nlohmann::json Error(size_t i = 0) const { return nlohmann::json::parse(answers.at(i).body())["error"]; }
};

RouteHandler Answers(const std::string& text) {
  return [text](const std::shared_ptr<Exchange>& e) { e->Answer(TextResponse(200, text, "text/plain")); };
}

TEST(RouteTableTest, FindsByMethodAndPathGetAnswersHead) {
  RouteTable routes;
  routes.Add(http::verb::get, "/health", Answers("health"));
  routes.Add(http::verb::post, "/v1/transcribe", Answers("transcribe"));
  Recorded rec;
  for (const auto& [method, path] : {std::pair{http::verb::get, "/health"}, {http::verb::head, "/health"},
                                     {http::verb::post, "/v1/transcribe"}}) {
    const auto e = rec.Make(method, path);
    routes.Find(method, e->path())(e);
  }
  ASSERT_EQ(rec.answers.size(), 3u);
  EXPECT_EQ(rec.answers[0].body(), "health");
  EXPECT_EQ(rec.answers[1].body(), "health");
  EXPECT_EQ(rec.answers[2].body(), "transcribe");
  EXPECT_TRUE(routes.HasPath("/health"));
  EXPECT_FALSE(routes.HasPath("/health/"));
  EXPECT_EQ(test::ErrorCodeOf([&] { routes.Add(http::verb::get, "/health", Answers("again")); }), ErrorCode::kInternal);
}

TEST(RouteTableTest, WrongMethodIs405WithAllowUnknownPathIs404ListingRoutes) {
  RouteTable routes;
  routes.Add(http::verb::get, "/metrics", Answers("m"));
  routes.Add(http::verb::post, "/v1/transcribe", Answers("t"));
  Recorded rec;
  const auto wrong = rec.Make(http::verb::delete_, "/metrics?x=1");
  routes.Find(wrong->request().method(), wrong->path())(wrong);
  const auto unknown = rec.Make(http::verb::get, "/nope");
  routes.Find(unknown->request().method(), unknown->path())(unknown);
  ASSERT_EQ(rec.answers.size(), 2u);
  EXPECT_EQ(rec.answers[0].result_int(), 405u);
  EXPECT_EQ(rec.answers[0][http::field::allow], "GET, HEAD");
  EXPECT_EQ(rec.Error(0)["code"], "invalid_input");
  EXPECT_EQ(rec.Error(0)["message"], "/metrics accepts GET (and HEAD) only");
  EXPECT_EQ(rec.answers[1].result_int(), 404u);
  EXPECT_EQ(rec.Error(1)["code"], "not_found");
  EXPECT_EQ(rec.Error(1)["message"], "no route GET /nope (try GET /metrics, POST /v1/transcribe)");
}

TEST(RouteGuardTest, EveryExceptionBecomesAJsonAnswer) {
  struct Case {
    std::function<void()> raise;
    unsigned status;
    const char* code;
    const char* words;
  };
  const std::vector<Case> cases{
      {[] { throw std::bad_alloc(); }, 500, "internal", "out of memory"},
      {[] { throw std::runtime_error("disk on fire"); }, 500, "internal", "disk on fire"},
      {[] { throw 42; }, 500, "internal", "unknown type"},
      {[] { throw Error(ErrorCode::kNotFound, "no such model"); }, 404, "not_found", "no such model"},
      {[] { throw Error(ErrorCode::kTooLarge, "too long"); }, 413, "too_large", "too long"},
      {[] { throw Error(ErrorCode::kUnavailable, "shutting down"); }, 503, "unavailable", "shutting down"},
  };
  for (const Case& c : cases) {
    Recorded rec;
    RunGuarded([&](const std::shared_ptr<Exchange>&) { c.raise(); }, rec.Make(http::verb::post, "/x"));
    ASSERT_EQ(rec.answers.size(), 1u) << c.words;
    EXPECT_EQ(rec.answers[0].result_int(), c.status) << c.words;
    EXPECT_EQ(rec.answers[0][http::field::content_type], "application/json");
    EXPECT_EQ(rec.Error()["code"], c.code);
    EXPECT_NE(rec.Error()["message"].get<std::string>().find(c.words), std::string::npos) << rec.answers[0].body();
  }
}

TEST(RouteGuardTest, AHandlerThatAnsweredThenThrewIsNotAnsweredTwice) {
  Recorded rec;
  const auto e = rec.Make(http::verb::get, "/x");
  RunGuarded([](const std::shared_ptr<Exchange>& ex) {
    ex->Answer(TextResponse(200, "done", "text/plain"));
    throw std::runtime_error("late");
  }, e);
  e->Answer(TextResponse(200, "again", "text/plain"));
  ASSERT_EQ(rec.answers.size(), 1u);
  EXPECT_EQ(rec.answers[0].body(), "done");
  EXPECT_TRUE(e->answered());
}

TEST(ErrorVocabularyTest, TheJsonCodeIsTheErrorCodeNameForEveryCode) {
  for (const ErrorCode code : {ErrorCode::kInvalidInput, ErrorCode::kNotFound, ErrorCode::kTooLarge, ErrorCode::kUnsupported,
                               ErrorCode::kIo, ErrorCode::kOverloaded, ErrorCode::kUnavailable, ErrorCode::kUnauthenticated,
                               ErrorCode::kPermissionDenied, ErrorCode::kRateLimited, ErrorCode::kConflict,
                               ErrorCode::kInternal}) {
    const HttpResponse r = ErrorResponse(Error(code, "why"));
    EXPECT_EQ(r.result_int(), StatusFor(code));
    const auto j = nlohmann::json::parse(r.body())["error"];
    EXPECT_EQ(j["code"], ErrorCodeName(code));
    EXPECT_EQ(j["type"], OpenAiErrorType(StatusFor(code)));
  }
  EXPECT_EQ(StatusFor(ErrorCode::kUnavailable), 503u);
  EXPECT_EQ(StatusFor(ErrorCode::kOverloaded), 503u);
  EXPECT_EQ(StatusFor(ErrorCode::kUnauthenticated), 401u);
  EXPECT_EQ(StatusFor(ErrorCode::kPermissionDenied), 403u);
  EXPECT_EQ(StatusFor(ErrorCode::kConflict), 409u);
  EXPECT_EQ(StatusFor(ErrorCode::kRateLimited), 429u);
  EXPECT_STREQ(OpenAiErrorType(429), "rate_limit_error");
  EXPECT_STREQ(OpenAiErrorType(400), "invalid_request_error");
  EXPECT_STREQ(OpenAiErrorType(503), "overloaded_error");
  EXPECT_EQ(nlohmann::json::parse(ErrorResponse(ErrorCode::kTooLarge, "h", 431).body())["error"]["type"], "request_too_large");
}

class ServiceGuardTest : public test::ServerTest {};

// A handler inside the real server that throws something other than sori::Error: a
// JSON 500, an access-log line and the metric, and the server serves on.
TEST_F(ServiceGuardTest, AThrowingHandlerGets500JsonAccessLogAndMetric) {
  Start();
  int calls = 0;
  service_->SetReloadHandler([&calls](SttService::ReloadDone) {
    if (++calls == 1) throw std::bad_alloc();
    throw std::runtime_error("reloader exploded");
  }, "");
  testing::internal::CaptureStdout();
  const auto first = test::HttpCall(server_->port(), "POST", "/admin/reload");
  const auto second = test::HttpCall(server_->port(), "POST", "/admin/reload");
  const std::string access_log = testing::internal::GetCapturedStdout();
  ExpectError(first, 500, "out of memory");
  ExpectError(second, 500, "reloader exploded");
  EXPECT_EQ(Json(first)["error"]["code"], "internal");
  EXPECT_EQ(Json(first)["error"]["type"], "server_error");
  size_t lines = 0;
  for (size_t at = access_log.find("\"path\":\"/admin/reload\""); at != std::string::npos;
       at = access_log.find("\"path\":\"/admin/reload\"", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 2u) << access_log;
  EXPECT_NE(access_log.find("\"status\":500"), std::string::npos) << access_log;
  const auto metrics = test::HttpCall(server_->port(), "GET", "/metrics");
  EXPECT_NE(metrics.body.find("stt_http_requests_total{route=\"/admin/reload\",status=\"500\"} 2"), std::string::npos)
      << metrics.body;
  EXPECT_EQ(test::HttpCall(server_->port(), "GET", "/health").status, 200);
}

TEST_F(ServiceGuardTest, ShuttingDownIs503UnavailableWithRetryAfter) {
  Start();
  service_->Shutdown();
  const auto r = test::HttpCall(server_->port(), "POST", "/v1/transcribe", wav_, "audio/wav");
  ExpectError(r, 503, "shutting down");
  EXPECT_EQ(Json(r)["error"]["code"], "unavailable");
  EXPECT_EQ(r.headers.count("retry-after"), 1u) << r.body;
}

}  // namespace
}  // namespace sori
