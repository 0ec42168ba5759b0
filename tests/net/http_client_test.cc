// HttpPost against a local server: answers as they come, no redirects followed, bounded
// time, the connection pinned to the vetted address, headers that cannot split.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "net/http_client.h"
#include "support/error_code.h"
#include "test_http_server.h"

namespace sori {
namespace {

using test::ErrorCodeOf;

class HttpPostTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new test::TestHttpServer(); }
  static void TearDownTestSuite() { delete server_; }

  static VettedUrl Target(const std::string& path) {
    return VetUrl("http://127.0.0.1:" + std::to_string(server_->port()) + path, UrlPolicy{{"127.0.0.1"}});
  }
  static HttpPostResult Post(const std::string& path, double timeout = 5) {
    return HttpPost(Target(path), {"content-type: application/json"}, R"({"ok":true})", timeout);
  }

  static test::TestHttpServer* server_;
};
test::TestHttpServer* HttpPostTest::server_ = nullptr;

TEST_F(HttpPostTest, ReturnsTheStatusAndBodyAndSendsHeadersAndBody) {
  const HttpPostResult r = HttpPost(Target("/status/204"), {"webhook-id: msg_1", "content-type: application/json"},
                                    R"({"id":"job_1"})", 5);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.error, "");
  EXPECT_GT(r.seconds, 0);
  const auto requests = server_->requests();
  ASSERT_FALSE(requests.empty());
  const auto& last = requests.back();
  EXPECT_EQ(last.head.rfind("POST /status/204 HTTP/1.1\r\n", 0), 0u) << last.head;
  EXPECT_NE(last.head.find("\r\nwebhook-id: msg_1"), std::string::npos) << last.head;
  EXPECT_EQ(last.head.find("Expect:"), std::string::npos) << "no 100-continue wait";
  EXPECT_EQ(last.body, R"({"id":"job_1"})");

  const HttpPostResult gone = Post("/status/410");
  EXPECT_EQ(gone.status, 410);
  EXPECT_EQ(gone.body, "status 410");
  EXPECT_EQ(Post("/status/503").status, 503);
}

TEST_F(HttpPostTest, DoesNotFollowRedirects) {
  const size_t before = server_->CountFor("/status/204");
  const HttpPostResult r = Post("/redirect");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(server_->CountFor("/status/204"), before);
}

TEST_F(HttpPostTest, CapsTheResponseBody) {
  const HttpPostResult r = Post("/big");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 4096u);
  EXPECT_EQ(r.error, "");
}

TEST_F(HttpPostTest, TimeoutIsBoundedAndReportedAsNoAnswer) {
  const HttpPostResult r = Post("/silent", 0.3);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error, "");
  EXPECT_GE(r.seconds, 0.25);
  EXPECT_LT(r.seconds, 2.0);
}

TEST_F(HttpPostTest, ConnectionRefusedIsNoAnswerNotAnException) {
  test::TestHttpServer* closed = new test::TestHttpServer();
  const int port = closed->port();
  delete closed;  // nothing listens on that port now
  const VettedUrl target = VetUrl("http://127.0.0.1:" + std::to_string(port) + "/", UrlPolicy{{"127.0.0.1"}});
  const HttpPostResult r = HttpPost(target, {}, "{}", 2);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error, "");
}

TEST_F(HttpPostTest, ConnectsToThePinnedAddressWithoutResolvingTheName) {
  // "hooks.invalid" cannot resolve; the vetted address is where the connection goes.
  VettedUrl target = Target("/status/200");
  target.host = "hooks.invalid";
  target.url = "http://hooks.invalid:" + std::to_string(server_->port()) + "/status/200";
  const HttpPostResult r = HttpPost(target, {}, "{}", 5);
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_NE(server_->requests().back().head.find("\r\nHost: hooks.invalid:"), std::string::npos);
}

TEST_F(HttpPostTest, ReachesIpv6LiteralsAndNamesPinnedToIpv6) {
  std::unique_ptr<test::TestHttpServer> v6;
  try {
    v6 = std::make_unique<test::TestHttpServer>(/*ipv6=*/true);
  } catch (const std::runtime_error& e) {
    GTEST_SKIP() << e.what() << " (no IPv6 loopback here)";
  }
  const std::string port = std::to_string(v6->port());
  const VettedUrl literal = VetUrl("http://[::1]:" + port + "/status/201", UrlPolicy{{"::1"}});
  EXPECT_EQ(HttpPost(literal, {}, "{}", 5).status, 201);
  VettedUrl named = literal;
  named.host = "hooks.invalid";
  named.url = "http://hooks.invalid:" + port + "/status/202";
  const HttpPostResult r = HttpPost(named, {}, "{}", 5);
  EXPECT_EQ(r.status, 202) << r.error;
}

TEST_F(HttpPostTest, ConnectsToThePinnedAddressEvenForALiteralHost) {
  const std::string port = std::to_string(server_->port());
  const VettedUrl target{"http://93.184.216.34:" + port + "/status/206", "http", "93.184.216.34",
                         server_->port(), "127.0.0.1"};
  const HttpPostResult r = HttpPost(target, {}, "{}", 5);
  EXPECT_EQ(r.status, 206) << r.error;
}

TEST_F(HttpPostTest, IgnoresProxiesFromTheEnvironment) {
  setenv("http_proxy", "http://127.0.0.1:1", 1);
  setenv("HTTP_PROXY", "http://127.0.0.1:1", 1);
  const HttpPostResult r = Post("/status/204");
  unsetenv("http_proxy");
  unsetenv("HTTP_PROXY");
  EXPECT_EQ(r.status, 204) << r.error;
}

TEST_F(HttpPostTest, RefusesHeadersThatCouldSplitTheRequest) {
  const size_t before = server_->requests().size();
  const std::vector<std::string> bad_headers = {"webhook-id: a\r\nX-Injected: 1", "webhook-id: a\nb",
                                                "webhook-id: a\rb", std::string("x: a\0b", 6), "no colon",
                                                ": no name"};
  for (const std::string& bad : bad_headers) {
    std::string message;
    EXPECT_EQ(ErrorCodeOf([&] { HttpPost(Target("/status/204"), {bad}, "{}", 5); }, &message),
              ErrorCode::kInvalidInput)
        << bad;
    EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << message;
  }
  EXPECT_EQ(server_->requests().size(), before) << "nothing was sent";
}

TEST_F(HttpPostTest, RefusesTargetsVetUrlCouldNotHaveMade) {
  VettedUrl forged = Target("/status/204");
  forged.url = "file:///etc/passwd";
  EXPECT_EQ(ErrorCodeOf([&] { HttpPost(forged, {}, "{}", 5); }), ErrorCode::kInvalidInput);
  forged = Target("/status/204");
  forged.address = "";
  EXPECT_EQ(ErrorCodeOf([&] { HttpPost(forged, {}, "{}", 5); }), ErrorCode::kInvalidInput);
  forged = Target("/status/204");
  forged.port = 1;
  EXPECT_EQ(ErrorCodeOf([&] { HttpPost(forged, {}, "{}", 5); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(ErrorCodeOf([&] { HttpPost(Target("/status/204"), {}, "{}", 0); }), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace sori
