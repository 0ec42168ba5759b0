// Jobs survive a kill -9: 100 jobs (mixed lengths, a few corrupt files) are queued on
// `sori serve`, the server is killed with SIGKILL while it works through them and started
// again. Every job must reach a final state (the corrupt ones `failed` with a message),
// none may complete twice, every webhook must arrive at least once, and every delivery
// must verify with the Standard Webhooks reference library (webhook_receiver.mjs).
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "audio/writer.h"
#include "http_client.h"
#include "sori_process.h"
#include "store/store.h"
#include "support/temp_dir.h"
#include "util/fs.h"
#include "webhook_receiver.h"
#include "../infer/tiny_package.h"

namespace sori {
namespace {

using test::HttpCall;

constexpr int kJobs = 100;
constexpr int kCorrupt = 5;

// Job i's audio: lengths from half a second to a minute, four of ten minutes (so that
// jobs are still running when the server is killed); every 20th is corrupt.
std::string JobAudio(const test::TempDir& dir, int i) {
  if (i % (kJobs / kCorrupt) == 7) {
    using namespace std::string_literals;  // the kinds hold NUL bytes
    const std::string kinds[] = {"not audio at all"s, "RIFF\x24\x00\x00\x00WAVEfmt "s, "ID3\x03\x00garbage"s,
                                 "OggS\x00\x02junk"s, "fLaC\x00\x00\x00\x22"s};
    return kinds[(i / (kJobs / kCorrupt)) % 5];
  }
  const double seconds[] = {0.5, 1, 2, 3, 5, 8, 12, 20, 30, 60};
  const std::string path = dir.File("clip" + std::to_string(i) + ".wav");
  WriteWav(path, Audio{test::TestSignal(i % 25 == 3 ? 600 : seconds[i % 10], static_cast<unsigned>(i)), 16000});
  return ReadFileToString(path, 1 << 30);
}

std::map<std::string, std::string> Statuses(int port) {
  std::map<std::string, std::string> out;
  const auto r = HttpCall(port, "GET", "/v1/jobs?limit=100");
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || !j.is_object()) return out;
  for (const auto& job : j["data"]) {
    const bool webhook_done = job.contains("webhook") && job["webhook"]["state"] != "pending" && job["webhook"]["state"] != "waiting";
    out[job["id"]] = job["status"].get<std::string>() + (webhook_done ? "+" : "");
  }
  return out;
}

int Count(const std::map<std::string, std::string>& statuses, const std::function<bool(const std::string&)>& f) {
  int n = 0;
  for (const auto& [id, s] : statuses) n += f(s) ? 1 : 0;
  return n;
}

TEST(JobsCrashTest, KilledMidRunEveryJobFinishesOnceAndEveryWebhookVerifies) {
  std::string why;
  if (!test::WebhookReceiver::Available(&why)) GTEST_SKIP() << why;
  test::TempDir dir;
  test::WriteTinyPackage(dir.File("pkg"));
  const std::string home = dir.File("store");
  const std::string secret = Store::Open(home)->keys().WebhookSecret(0);  // the server's own (no API keys)
  test::WebhookReceiver receiver(dir.path(), secret);
  const std::vector<std::string> args{"--store", home, "serve", "--model", dir.File("pkg"), "--port", "0",
                                      "--webhook-allow", "127.0.0.1", "--webhook-retry", "0.3s,0.5s,1s,2s,4s",
                                      "--job-workers", "2"};
  const std::string log = dir.File("serve.log");
  test::SoriProcess server;
  ASSERT_TRUE(server.Launch(log, args)) << test::ReadLog(log);

  std::vector<std::string> ids;
  for (int i = 0; i < kJobs; ++i) {
    const auto [body, type] = test::EncodeMultipart(
        {{"file", JobAudio(dir, i), "clip" + std::to_string(i) + ".wav"}, {"callback_url", receiver.Url("/hook"), ""},
         {"metadata", "{\"i\": " + std::to_string(i) + "}", ""}});
    const auto r = HttpCall(server.port(), "POST", "/v1/jobs", body, type);
    ASSERT_EQ(r.status, 202) << r.body;
    ids.push_back(nlohmann::json::parse(r.body)["id"]);
  }
  // Kill it once some jobs are done and others are under way.
  std::map<std::string, std::string> at_kill;
  ASSERT_TRUE(test::WaitFor([&] {
    at_kill = Statuses(server.port());
    return Count(at_kill, [](const std::string& v) { return v.rfind("succeeded", 0) == 0; }) >= 10 &&
           Count(at_kill, [](const std::string& v) { return v == "running"; }) >= 1;
  }, 120)) << test::ReadLog(log);
  server.Kill(SIGKILL);
  std::printf("killed with %d jobs running and %d queued\n", Count(at_kill, [](const std::string& v) { return v == "running"; }),
              Count(at_kill, [](const std::string& v) { return v == "queued"; }));

  test::SoriProcess again;
  ASSERT_TRUE(again.Launch(log, args)) << test::ReadLog(log);
  std::map<std::string, std::string> statuses;
  ASSERT_TRUE(test::WaitFor([&] {
    statuses = Statuses(again.port());
    return statuses.size() == kJobs && Count(statuses, [](const std::string& v) { return v.back() == '+'; }) == kJobs;
  }, 240)) << test::ReadLog(log);
  EXPECT_EQ(Count(statuses, [](const std::string& v) { return v == "succeeded+"; }), kJobs - kCorrupt);
  EXPECT_EQ(Count(statuses, [](const std::string& v) { return v == "failed+"; }), kCorrupt);
  for (const auto& [id, s] : statuses) {
    if (s != "failed+") continue;
    const auto job = nlohmann::json::parse(HttpCall(again.port(), "GET", "/v1/jobs/" + id).body);
    EXPECT_NE(job["error"]["message"].get<std::string>().find("clip"), std::string::npos) << job.dump();
  }

  // No job completed twice: at most one "succeeded" or "failed" line per job across both
  // runs (a kill right after a completion may leave it without its line).
  const std::string text = test::ReadLog(log);
  std::map<std::string, int> completions;
  const std::regex done("jobs: (job_[0-9a-f]{20}) (succeeded|failed)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), done); it != std::sregex_iterator(); ++it) {
    ++completions[(*it)[1]];
  }
  EXPECT_GE(completions.size(), static_cast<size_t>(kJobs - 2));
  for (const auto& [id, n] : completions) EXPECT_EQ(n, 1) << id;

  // Every webhook arrived (at least once) and verified with the reference library.
  std::map<std::string, int> delivered;
  for (const auto& d : receiver.Log()) {
    EXPECT_TRUE(d["verified"]) << d.dump();
    ++delivered[d["body"]["data"]["id"].get<std::string>()];
  }
  for (const std::string& id : ids) EXPECT_GE(delivered[id], 1) << id;
  again.Kill(SIGTERM);

  // The CLI reads the same store: list, show, retry, cancel, and their refusals.
  const auto sori = [&](const std::string& command) {
    return test::RunSori("--store " + test::ShellQuote(home) + " jobs " + command);
  };
  const auto failed = nlohmann::json::parse(sori("list --status failed --json").out);
  ASSERT_EQ(failed.size(), static_cast<size_t>(kCorrupt));
  const std::string id = failed[0]["id"];
  EXPECT_NE(sori("show " + id).out.find("webhook"), std::string::npos);
  EXPECT_EQ(sori("retry " + id).out, id + ": failed -> queued\n");
  EXPECT_EQ(sori("cancel " + id).out, id + ": queued -> canceled\n");
  const auto again_cancel = sori("cancel " + id);
  EXPECT_EQ(again_cancel.exit_code, 13) << again_cancel.err;  // conflict
  EXPECT_NE(again_cancel.err.find("canceled"), std::string::npos) << again_cancel.err;
  EXPECT_EQ(sori("show job_XYZ").exit_code, 3);
  EXPECT_EQ(sori("show job_00000000000000000000").exit_code, 4);
}

}  // namespace
}  // namespace sori
