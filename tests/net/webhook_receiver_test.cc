// Signed deliveries from HttpPost + WebhookHeaders, checked by the Standard Webhooks
// reference library (npm `standardwebhooks`) in tests/serve/openai-client/webhook_receiver.mjs:
// Sori's signatures must verify with the implementation the users' receivers run.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "net/http_client.h"
#include "net/webhook_signature.h"
#include "support/temp_dir.h"

extern char** environ;

namespace sori {
namespace {

const std::string kClientDir = std::string(SORI_SOURCE_DIR) + "/tests/serve/openai-client";

bool ReceiverCanRun() {
  return std::system("command -v node > /dev/null 2>&1") == 0 &&
         std::filesystem::exists(kClientDir + "/node_modules/standardwebhooks");
}

// webhook_receiver.mjs as a child process, stopped with SIGTERM when the object goes away.
class Receiver {
 public:
  Receiver(const test::TempDir& dir, const std::string& name, std::vector<std::string> flags)
      : port_file_(dir.File(name + ".port")), log_(dir.File(name + ".jsonl")) {
    std::vector<std::string> args = {"node", kClientDir + "/webhook_receiver.mjs", "--port-file", port_file_,
                                     "--log", log_};
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawnp(&pid_, "node", nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
    port_ = WaitForPort();
  }
  ~Receiver() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 250 && waitpid(pid_, nullptr, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);  // no-op once it has exited and been reaped
    waitpid(pid_, nullptr, WNOHANG);
  }

  int port() const { return port_; }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  std::vector<nlohmann::json> Log() const {
    std::vector<nlohmann::json> lines;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }

 private:
  // The port, once the receiver listens (bounded: 15 s); 0 if it never did.
  int WaitForPort() const {
    for (int i = 0; i < 750 && pid_ > 0; ++i) {
      std::ifstream in(port_file_);
      int port = 0;
      if (in >> port && port > 0) return port;
      if (waitpid(pid_, nullptr, WNOHANG) != 0) return 0;  // it exited: bad flags or no module
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return 0;
  }

  std::string port_file_, log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

class WebhookReceiverTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!ReceiverCanRun()) return;
    dir_ = new test::TempDir();
    secret_ = NewWebhookSecret();
    rotated_ = NewWebhookSecret();
    receiver_ = new Receiver(*dir_, "shared", {"--secret", secret_, "--secret", rotated_});
  }
  static void TearDownTestSuite() {
    delete receiver_;
    delete dir_;
    receiver_ = nullptr;
  }
  void SetUp() override {
    if (!receiver_) {
      GTEST_SKIP() << "node or the standardwebhooks npm package is missing in " << kClientDir
                   << " (scripts/install-deps.sh installs them)";
    }
    ASSERT_GT(receiver_->port(), 0) << "webhook_receiver.mjs did not start";
  }

  // POSTs `body` to the shared receiver, signed (with `signed_body`) under `secret`.
  static HttpPostResult Deliver(const std::string& id, const std::string& body, const std::string& secret,
                                const std::string& signed_body) {
    const VettedUrl target = VetUrl(receiver_->Url("/hooks/sori"), UrlPolicy{{"127.0.0.1"}});
    return HttpPost(target, WebhookHeaders(secret, id, std::time(nullptr), signed_body), body, 10);
  }
  static nlohmann::json LogLineFor(const std::string& id) {
    for (const nlohmann::json& line : receiver_->Log()) {
      if (line["id"] == id) return line;
    }
    return nullptr;
  }

  static test::TempDir* dir_;
  static Receiver* receiver_;
  static std::string secret_, rotated_;
};
test::TempDir* WebhookReceiverTest::dir_ = nullptr;
Receiver* WebhookReceiverTest::receiver_ = nullptr;
std::string WebhookReceiverTest::secret_, WebhookReceiverTest::rotated_;

TEST_F(WebhookReceiverTest, SignedDeliveriesVerifyWithTheReferenceLibrary) {
  const std::vector<nlohmann::json> bodies = {
      {{"type", "job.succeeded"}, {"data", {{"id", "job_1"}, {"text", "오늘 낮 최고 기온은"}}}},
      {{"type", "job.failed"}, {"data", {{"id", "job_2"}, {"error", "audio: \"bad\"\nfile"}}}},
      {{"type", "job.succeeded"}, {"data", {{"id", "job_3"}, {"metadata", std::string(100000, 'm')}}}},
  };
  for (size_t i = 0; i < bodies.size(); ++i) {
    const std::string id = "msg_ok_" + std::to_string(i);
    const std::string body = bodies[i].dump();
    const HttpPostResult r = Deliver(id, body, i == 1 ? rotated_ : secret_, body);
    ASSERT_EQ(r.status, 204) << r.error;
    const nlohmann::json line = LogLineFor(id);
    ASSERT_FALSE(line.is_null()) << "no log line for " << id;
    EXPECT_TRUE(line["verified"].get<bool>()) << line.dump().substr(0, 300);
    EXPECT_EQ(line["body"], bodies[i]);
    EXPECT_EQ(line["path"], "/hooks/sori");
    EXPECT_EQ(line["status"], 204);
  }
}

TEST_F(WebhookReceiverTest, TamperedOrForeignDeliveriesAreRefused) {
  const std::string body = R"({"type":"job.succeeded","data":{"id":"job_9","text":"hello"}})";
  const std::string tampered = R"({"type":"job.succeeded","data":{"id":"job_9","text":"hellO"}})";
  ASSERT_EQ(Deliver("msg_tampered", tampered, secret_, body).status, 204);
  ASSERT_EQ(Deliver("msg_foreign", body, NewWebhookSecret(), body).status, 204);
  for (const char* id : {"msg_tampered", "msg_foreign"}) {
    const nlohmann::json line = LogLineFor(id);
    ASSERT_FALSE(line.is_null()) << id;
    EXPECT_FALSE(line["verified"].get<bool>()) << id;
    EXPECT_NE(line["error"].get<std::string>().find("signature"), std::string::npos) << line.dump();
  }
}

TEST(WebhookReceiverOptionsTest, AnswersFixedStatusesAndIsDownUntilATime) {
  if (!ReceiverCanRun()) GTEST_SKIP() << "node or the standardwebhooks npm package is missing in " << kClientDir;
  test::TempDir dir;
  const std::string secret = NewWebhookSecret();
  const auto up_at = std::time(nullptr) + 1;
  Receiver receiver(dir, "flaky", {"--secret", secret, "--status-for", "/gone=410", "--down-until",
                                   std::to_string(up_at)});
  ASSERT_GT(receiver.port(), 0);
  const UrlPolicy loopback{{"127.0.0.1"}};
  auto post = [&](const std::string& path) {
    return HttpPost(VetUrl(receiver.Url(path), loopback), WebhookHeaders(secret, "m", std::time(nullptr), "{}"),
                    "{}", 5).status;
  };
  if (std::time(nullptr) < up_at) {
    EXPECT_EQ(post("/gone"), 503);
  }
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((status = post("/hook")) == 503 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 204);
  EXPECT_GE(std::time(nullptr), up_at);
  EXPECT_EQ(post("/gone"), 410);
  EXPECT_TRUE(receiver.Log().back()["verified"].get<bool>());
}

}  // namespace
}  // namespace sori
