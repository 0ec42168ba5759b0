// The `sori` binary end to end: register and promote through the CLI, `sori serve
// --model models:/tiny/production` follows a promotion, reloads on SIGHUP, and on SIGTERM
// finishes the request in flight and exits 0.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <thread>

#include "audio/writer.h"
#include "http_client.h"
#include "sori_process.h"
#include "support/audio_fixtures.h"
#include "support/temp_dir.h"
#include "util/fs.h"
#include "../infer/tiny_package.h"

namespace sori {
namespace {

using namespace std::chrono_literals;
using test::HttpCall;
using test::RunSori;
using test::ShellQuote;

using test::ReadLog;
using test::WaitFor;

class ServeBinaryTest : public ::testing::Test {
 protected:
  std::string Sori(const std::string& args) {
    const auto r = RunSori("--store " + ShellQuote(dir_.File("store")) + " " + args);
    return std::to_string(r.exit_code) + "\n" + r.out + r.err;
  }
  // Starts `sori --threads 1 ARGS` with its output in `log` and waits for its port.
  void Launch(const std::string& log, const std::vector<std::string>& args) {
    ASSERT_TRUE(server_.Launch(log, args)) << ReadLog(log);
    port_ = server_.port();
  }
  std::string Version() {
    const auto h = HttpCall(port_, "GET", "/health");
    const auto j = nlohmann::json::parse(h.body, nullptr, false);
    return h.status == 200 && j.is_object() ? j.value("model_version", "") : "";
  }

  test::TempDir dir_;
  test::SoriProcess server_;  // killed with SIGKILL if a test leaves it running
  int port_ = 0;
};

TEST_F(ServeBinaryTest, FollowsPromotionsReloadsOnSighupStopsOnSigterm) {
  test::WriteTinyPackage(dir_.File("pkg1"));
  test::WriteTinyPackage(dir_.File("pkg2"));
  std::ofstream(dir_.File("pkg2/README"), std::ios::app) << "second version\n";  // another package hash

  EXPECT_EQ(Sori("models register " + ShellQuote(dir_.File("pkg1")) + " --name tiny").substr(0, 2), "0\n");
  const std::string refused = Sori("models promote tiny 1 --stage production");
  EXPECT_NE(refused.substr(0, 2), "0\n") << refused;
  EXPECT_NE(refused.find("has no recorded test/cer"), std::string::npos) << refused;
  // Evaluating the version records its test CER; the random-weight model is far above the gate.
  WriteWav(dir_.File("one.wav"), Audio{test::TestSignal(2.0, 2), 16000});
  std::ofstream(dir_.File("test.jsonl")) << R"({"audio_filepath": "one.wav", "duration": 2.0, "text": "abc de"})" << "\n";
  const std::string eval = Sori("eval --model models:/tiny/1 --manifest " + ShellQuote(dir_.File("test.jsonl")) + " --record-test");
  EXPECT_EQ(eval.substr(0, 2), "0\n") << eval;
  const std::string gated = Sori("models promote tiny 1 --stage production");
  EXPECT_NE(gated.find("above the promotion gate of 5.00%"), std::string::npos) << gated;
  EXPECT_EQ(Sori("models promote tiny 1 --stage production --force").substr(0, 2), "0\n");
  const std::string shown = Sori("models show tiny");
  EXPECT_NE(shown.find("gate overridden with --force"), std::string::npos) << shown;

  // A long queue delay keeps the last request waiting in the queue when SIGTERM arrives.
  const std::string log = dir_.File("serve.log");
  Launch(log, {"--store", dir_.File("store"), "serve", "--model", "models:/tiny/production", "--port", "0", "--poll-seconds", "0.2",
               "--max-batch-size", "4", "--max-queue-delay-ms", "3000"});
  ASSERT_TRUE(WaitFor([&] { return Version() == "tiny/1"; })) << ReadLog(log);
  EXPECT_NE(Sori("serve --model models:/tiny/production --poll-seconds 0.001").find("at least 0.05"), std::string::npos);

  // A promotion is picked up by polling.
  EXPECT_EQ(Sori("models register " + ShellQuote(dir_.File("pkg2")) + " --name tiny").substr(0, 2), "0\n");
  EXPECT_EQ(Sori("models promote tiny 2 --stage production --force").substr(0, 2), "0\n");
  EXPECT_TRUE(WaitFor([&] { return Version() == "tiny/2"; })) << ReadLog(log);

  // SIGHUP reloads.
  server_.Kill(SIGHUP, false);
  EXPECT_TRUE(WaitFor([&] {  // loaded and swapped in
    const std::string text = ReadLog(log);
    const size_t hup = text.find("SIGHUP: loading tiny (version tiny/2)");
    return hup != std::string::npos && text.find("serving tiny (version tiny/2)", hup) != std::string::npos;
  })) << ReadLog(log);

  // SIGTERM while a request waits in the queue: it is answered, then the process exits 0.
  const std::string wav = dir_.File("clip.wav");
  WriteWav(wav, Audio{test::TestSignal(3.0, 5), 16000});
  const std::string body = test::ReadBytes(wav);
  test::HttpResult answer;
  std::thread client([&] { answer = HttpCall(port_, "POST", "/v1/transcribe", body, "audio/wav"); });
  const bool queued = WaitFor([&] { return HttpCall(port_, "GET", "/metrics").body.find("\nstt_queue_depth 1\n") != std::string::npos; });
  const pid_t waited = server_.pid();
  const int status = server_.Kill(SIGTERM);
  client.join();
  EXPECT_TRUE(queued) << ReadLog(log);
  EXPECT_TRUE(waited > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << ReadLog(log);
  EXPECT_EQ(answer.status, 200) << answer.body << answer.error;
  // The queued request is in flight; so may be the /metrics scrape that saw it, if its
  // connection has not finished closing when the signal lands.
  const std::string text = ReadLog(log);
  const size_t at = text.find("SIGTERM: finishing ");
  ASSERT_NE(at, std::string::npos) << text;
  EXPECT_GE(std::atoi(text.c_str() + at + std::string("SIGTERM: finishing ").size()), 1) << text;
  EXPECT_NE(ReadLog(log).find("stopped"), std::string::npos) << ReadLog(log);
}

}  // namespace
}  // namespace sori

namespace sori {
namespace {

// When --drain-seconds runs out, queued requests are answered 503 (not cut) and the exit
// status says that some were.
TEST_F(ServeBinaryTest, DrainDeadlineAnswers503AndExitsOne) {
  test::WriteTinyPackage(dir_.File("pkg"));
  const std::string log = dir_.File("serve.log");
  Launch(log, {"serve", "--model", dir_.File("pkg"), "--port", "0", "--drain-seconds", "0", "--max-batch-size", "4",
               "--max-queue-delay-ms", "5000"});
  ASSERT_TRUE(WaitFor([&] { return HttpCall(port_, "GET", "/health").status == 200; })) << ReadLog(log);
  WriteWav(dir_.File("clip.wav"), Audio{test::TestSignal(1.0, 3), 16000});
  const std::string wav = ReadFileToString(dir_.File("clip.wav"), 1 << 20);
  std::vector<test::HttpResult> answers(2);
  std::vector<std::thread> clients;
  for (auto& a : answers) clients.emplace_back([&] { a = HttpCall(port_, "POST", "/v1/transcribe", wav, "audio/wav"); });
  EXPECT_TRUE(WaitFor([&] { return HttpCall(port_, "GET", "/metrics").body.find("stt_queue_depth 2") != std::string::npos; }));
  const pid_t waited = server_.pid();
  const int status = server_.Kill(SIGTERM);
  for (auto& c : clients) c.join();
  for (const auto& a : answers) {
    EXPECT_EQ(a.status, 503) << a.body << a.error;
    EXPECT_NE(a.body.find("drain time"), std::string::npos) << a.body;
  }
  EXPECT_TRUE(waited > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 1) << status << "\n" << ReadLog(log);
  EXPECT_NE(ReadLog(log).find("2 requests were answered 503"), std::string::npos) << ReadLog(log);
}

}  // namespace
}  // namespace sori
