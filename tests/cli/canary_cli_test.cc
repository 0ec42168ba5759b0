// `sori models canary` through the binary: start (policy flags recorded), --status with
// the stats servers wrote, the line in `models show`, --stop, --history, and refusals
// that name the flag and exit with the status of their error.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store/registry_fixture.h"
#include "store/store.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

bool Contains(const std::string& h, const std::string& n) { return h.find(n) != std::string::npos; }

// The figures a server writes (serve's canary stats), as in the store's documentation.
constexpr char kServerStats[] = R"({
  "production": {"version": 1, "requests": 812, "errors": 0, "empty": 4, "p99_latency_seconds": 0.31, "mean_confidence": 0.91},
  "candidate":  {"version": 2, "requests": 95,  "errors": 0, "empty": 1, "p99_latency_seconds": 0.33, "mean_confidence": 0.90},
  "shadow": {"compared": 120, "mean_disagreement": 0.12, "p90_disagreement": 0.31, "failed": 0},
  "decision": "continue", "reason": ""})";

// ko-tiny versions 1 (Production) and 2.
class CanaryCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Open();
    bool created = false;
    store->registry().Register(test::Input(test::MakePackage(dir_, "p1", "one"), 0.03), &created);
    store->registry().Register(test::Input(test::MakePackage(dir_, "p2", "two"), 0.03), &created);
    store->registry().TransitionStage("ko-tiny", 1, "production", false);
  }
  std::unique_ptr<Store> Open() { return Store::Open(dir_.File("store")); }
  test::CommandResult Sori(const std::string& args) {
    return test::RunSori("--store " + test::ShellQuote(dir_.File("store")) + " " + args);
  }
  void ExpectRefused(const std::string& args, ErrorCode code, const std::string& message) {
    const auto r = Sori(args);
    EXPECT_EQ(r.exit_code, ExitStatusFor(code)) << args << "\n" << r.err;
    EXPECT_TRUE(Contains(r.err, message)) << args << "\n" << r.err;
  }
  test::TempDir dir_;
};

TEST_F(CanaryCliTest, StartStatusShowStopHistory) {
  const auto started = Sori("models canary ko-tiny 2 --percent 10 --min-requests 20");
  ASSERT_EQ(started.exit_code, 0) << started.err;
  EXPECT_TRUE(Contains(started.out, "started canary 1 of 'ko-tiny': version 2 takes 10.0%")) << started.out;
  EXPECT_TRUE(Contains(started.out, "models:/ko-tiny/production pick it up within their poll interval")) << started.out;
  const nlohmann::json policy = nlohmann::json::parse(Open()->canaries().Get(1).policy_json);
  EXPECT_EQ(policy, nlohmann::json::parse(R"({"min_requests": 20, "max_error_rate_increase": 0.02,
      "max_p99_latency_ratio": 1.5, "max_confidence_drop": 0.05, "max_empty_rate_increase": 0.05,
      "auto_promote_after": 0})"));

  Open()->canaries().RecordStats(1, "host-a:17", kServerStats);
  const auto status = Sori("models canary ko-tiny --status");
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "measured split: 95 of 907 requests to the candidate (10.5%; configured 10.0%)"))
      << status.out;
  for (const char* part : {"host-a:17", "812", "4 (0.49%)", "0.310", "0.900", "continue", "120", "min_requests"}) {
    EXPECT_TRUE(Contains(status.out, part)) << part << "\n" << status.out;
  }
  const auto as_json = nlohmann::json::parse(Sori("models canary ko-tiny --status --json").out);
  EXPECT_EQ(as_json["canary"]["state"], "running");
  EXPECT_EQ(as_json["stats"][0]["stats"]["candidate"]["requests"], 95);
  const auto show = Sori("models show ko-tiny");
  EXPECT_TRUE(Contains(show.out, "canary 1 running since")) << show.out;

  const auto stopped = Sori("models canary ko-tiny --stop --reason 'enough seen'");
  ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_TRUE(Contains(stopped.out, "Production stays version 1")) << stopped.out;
  ExpectRefused("models canary ko-tiny --stop", ErrorCode::kNotFound, "no canary of 'ko-tiny' is running");
  const auto history = Sori("models canary ko-tiny --history");
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_TRUE(Contains(history.out, "stopped")) << history.out;
  EXPECT_TRUE(Contains(history.out, "enough seen")) << history.out;
}

TEST_F(CanaryCliTest, RefusalsNameTheProblem) {
  ExpectRefused("models canary ko-tiny 2 --percent 150", ErrorCode::kInvalidInput, "between 0 and 100, got 150");
  ExpectRefused("models canary ko-tiny 2 --percent 10 --shadow --auto-promote-after 60", ErrorCode::kInvalidInput,
                "a shadow answers nothing to clients, so it decides nothing");
  ExpectRefused("models canary ko-tiny 2 --percent 10 --shadow --min-requests 5", ErrorCode::kInvalidInput,
                "--min-requests does not apply to --shadow");
  ExpectRefused("models canary ko-tiny 2 --percent 10 --max-p99-latency-ratio 0.5", ErrorCode::kInvalidInput,
                "--max-p99-latency-ratio must be at least 1");
  ExpectRefused("models canary ko-tiny 2", ErrorCode::kInvalidInput, "--percent is needed");
  EXPECT_TRUE(Open()->canaries().List("").empty());
}

}  // namespace
}  // namespace sori
