// Canary rollouts and drift baselines in the store: starting (and every refusal, naming
// its reason), the guarded end, promotion through the registry's gate, per-server stats,
// and a store from before canaries (schema 5) brought forward.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/migrations.h"
#include "store/registry_fixture.h"
#include "store/sqlite_database.h"
#include "store/store.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

using test::ExpectError;
using test::Input;
using test::MakePackage;

// ko-tiny with versions 1 (Production, test CER 3%), 2 (3%, passes the 5% gate) and 3
// (12%, refused by the gate).
class CanaryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::Open(dir_.File("home"));
    bool created = false;
    registry().Register(Input(MakePackage(dir_, "p1", "one"), 0.03), &created);
    registry().Register(Input(MakePackage(dir_, "p2", "two"), 0.03), &created);
    registry().Register(Input(MakePackage(dir_, "p3", "three"), 0.12), &created);
    registry().TransitionStage("ko-tiny", 1, "production", false);
  }
  ModelRegistry& registry() { return store_->registry(); }
  CanaryStore& canaries() { return store_->canaries(); }

  test::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(CanaryStoreTest, StartsOneAtATime) {
  const Canary c = canaries().Start("ko-tiny", 2, 10, "canary", R"({"min_requests": 50})");
  EXPECT_EQ(c.name, "ko-tiny");
  EXPECT_EQ(c.candidate, 2);
  EXPECT_EQ(c.production, 1);
  EXPECT_EQ(c.percent, 10);
  EXPECT_EQ(c.mode, "canary");
  EXPECT_EQ(c.policy_json, R"({"min_requests": 50})");
  EXPECT_EQ(c.state, "running");
  EXPECT_EQ(c.reason, "");
  EXPECT_EQ(c.ended_at, "");
  EXPECT_FALSE(c.started_at.empty());
  ASSERT_TRUE(canaries().Running("ko-tiny"));
  EXPECT_EQ(canaries().Running("ko-tiny")->id, c.id);
  EXPECT_FALSE(canaries().Running("other"));

  ExpectError(ErrorCode::kConflict, "canary " + std::to_string(c.id) + " of 'ko-tiny' (candidate version 2) is already running",
              [&] { canaries().Start("ko-tiny", 3, 5, "shadow", "{}"); });
  // Once it has ended another may start; no policy is stored as "{}".
  canaries().End(c.id, "stopped", "", "cli");
  const Canary shadow = canaries().Start("ko-tiny", 3, 100, "shadow", "");
  EXPECT_EQ(shadow.policy_json, "{}");
  EXPECT_EQ(shadow.mode, "shadow");
  const auto listed = canaries().List("ko-tiny");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, shadow.id);  // newest first
  EXPECT_EQ(canaries().List("", 1).size(), 1u);
  EXPECT_TRUE(canaries().List("other").empty());
}

TEST_F(CanaryStoreTest, RefusesBadStartsNamingTheProblem) {
  ExpectError(ErrorCode::kNotFound, "no registered model 'nope'", [&] { canaries().Start("nope", 2, 10, "canary", "{}"); });
  ExpectError(ErrorCode::kNotFound, "has no version 9", [&] { canaries().Start("ko-tiny", 9, 10, "canary", "{}"); });
  ExpectError(ErrorCode::kInvalidInput, "between 0 and 100", [&] { canaries().Start("ko-tiny", 2, 150, "canary", "{}"); });
  ExpectError(ErrorCode::kInvalidInput, "between 0 and 100", [&] { canaries().Start("ko-tiny", 2, -1, "canary", "{}"); });
  ExpectError(ErrorCode::kInvalidInput, "shadow percent must be above 0",
              [&] { canaries().Start("ko-tiny", 2, 0, "shadow", "{}"); });
  ExpectError(ErrorCode::kInvalidInput, "unknown canary mode 'blue-green'",
              [&] { canaries().Start("ko-tiny", 2, 10, "blue-green", "{}"); });
  ExpectError(ErrorCode::kInvalidInput, "canary policy", [&] { canaries().Start("ko-tiny", 2, 10, "canary", "[1]"); });
  ExpectError(ErrorCode::kInvalidInput, "version 1 of 'ko-tiny' is the one in Production",
              [&] { canaries().Start("ko-tiny", 1, 10, "canary", "{}"); });
  bool created = false;
  registry().Register(Input(MakePackage(dir_, "q1", "other one"), 0.01, "other"), &created);
  ExpectError(ErrorCode::kInvalidInput, "model 'other' has no version in Production",
              [&] { canaries().Start("other", 1, 10, "canary", "{}"); });
  EXPECT_TRUE(canaries().List("").empty());
  // 0% is a canary started dark: allowed.
  EXPECT_EQ(canaries().Start("ko-tiny", 2, 0, "canary", "{}").percent, 0);
}

TEST_F(CanaryStoreTest, EndIsGuardedTheFirstDecisionWins) {
  const Canary c = canaries().Start("ko-tiny", 2, 10, "canary", "{}");
  const Canary ended = canaries().End(c.id, "rolled_back", "candidate error rate 4.00% vs 0.50%", "host-a:17");
  EXPECT_EQ(ended.state, "rolled_back");
  EXPECT_EQ(ended.reason, "candidate error rate 4.00% vs 0.50%");
  EXPECT_EQ(ended.ended_by, "host-a:17");
  EXPECT_FALSE(ended.ended_at.empty());
  // A rollback changes no stage: Production never left.
  EXPECT_EQ(registry().GetModel("ko-tiny").production, 1);
  EXPECT_EQ(registry().GetVersion("ko-tiny", 2).stage, "None");

  // The second server to decide is told who decided first, and nothing changes.
  ExpectError(ErrorCode::kConflict, "has already ended: rolled_back by host-a:17",
              [&] { canaries().End(c.id, "promoted", "", "host-b:9"); });
  EXPECT_EQ(canaries().Get(c.id).state, "rolled_back");
  EXPECT_EQ(registry().GetModel("ko-tiny").production, 1);

  ExpectError(ErrorCode::kNotFound, "no canary 999", [&] { canaries().End(999, "stopped", "", "cli"); });
  const Canary d = canaries().Start("ko-tiny", 2, 10, "canary", "{}");
  ExpectError(ErrorCode::kInvalidInput, "not 'done'", [&] { canaries().End(d.id, "done", "", "cli"); });
  EXPECT_EQ(canaries().Get(d.id).state, "running");
}

TEST_F(CanaryStoreTest, PromotedMovesTheCandidateToProductionInTheSameStep) {
  const Canary c = canaries().Start("ko-tiny", 2, 25, "canary", "{}");
  const Canary ended = canaries().End(c.id, "promoted", "passed after 500 requests", "host-a:17");
  EXPECT_EQ(ended.state, "promoted");
  EXPECT_EQ(registry().GetModel("ko-tiny").production, 2);
  EXPECT_EQ(registry().GetVersion("ko-tiny", 1).stage, "Archived");
  const std::string why = "canary " + std::to_string(c.id) + " promoted";
  const auto history = registry().StageHistory("ko-tiny");
  ASSERT_GE(history.size(), 2u);
  const StageChange& archived = history[history.size() - 2];
  const StageChange& promoted = history.back();
  EXPECT_EQ(archived.version, 1);
  EXPECT_EQ(archived.to_stage, "Archived");
  EXPECT_EQ(archived.reason, "replaced by version 2: " + why);
  EXPECT_EQ(promoted.version, 2);
  EXPECT_EQ(promoted.to_stage, "Production");
  EXPECT_EQ(promoted.reason, why);
  EXPECT_FALSE(promoted.forced);
  EXPECT_FALSE(canaries().Running("ko-tiny"));
}

TEST_F(CanaryStoreTest, PromotionRefusedByTheGateLeavesTheCanaryRunning) {
  const Canary c = canaries().Start("ko-tiny", 3, 10, "canary", "{}");
  ExpectError(ErrorCode::kInvalidInput, "above the promotion gate of 5.00%",
              [&] { canaries().End(c.id, "promoted", "", "host-a:17"); });
  EXPECT_EQ(canaries().Get(c.id).state, "running");
  EXPECT_EQ(registry().GetModel("ko-tiny").production, 1);
  EXPECT_EQ(registry().GetVersion("ko-tiny", 3).stage, "None");
  // What a server does next: stop it, quoting the gate.
  EXPECT_EQ(canaries().End(c.id, "stopped", "gate refused promotion", "host-a:17").state, "stopped");
}

TEST_F(CanaryStoreTest, StatsAreOneRowPerInstanceReplacedOnEachWrite) {
  const Canary c = canaries().Start("ko-tiny", 2, 10, "canary", "{}");
  canaries().RecordStats(c.id, "host-b:2", R"({"candidate": {"requests": 1}})");
  canaries().RecordStats(c.id, "host-a:1", R"({"candidate": {"requests": 5}})");
  canaries().RecordStats(c.id, "host-b:2", R"({"candidate": {"requests": 9}})");
  const auto stats = canaries().Stats(c.id);
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].instance, "host-a:1");
  EXPECT_EQ(stats[1].instance, "host-b:2");
  EXPECT_EQ(stats[1].stats_json, R"({"candidate": {"requests": 9}})");
  EXPECT_FALSE(stats[1].updated_at.empty());
  ExpectError(ErrorCode::kNotFound, "no canary 999", [&] { canaries().RecordStats(999, "h:1", "{}"); });
  ExpectError(ErrorCode::kInvalidInput, "stats from h:1", [&] { canaries().RecordStats(c.id, "h:1", "not json"); });
  ExpectError(ErrorCode::kInvalidInput, "instance", [&] { canaries().RecordStats(c.id, "", "{}"); });
  // A server's last write may cross the decision; it is kept.
  canaries().End(c.id, "stopped", "", "cli");
  canaries().RecordStats(c.id, "host-a:1", "{}");
  EXPECT_EQ(canaries().Stats(c.id).size(), 2u);
}

TEST_F(CanaryStoreTest, DriftBaselinesAreOnePerVersionAndReplaced) {
  DriftBaselineStore& baselines = store_->baselines();
  EXPECT_FALSE(baselines.DriftBaseline("ko-tiny", 1));
  baselines.SetDriftBaseline("ko-tiny", 1, R"({"empty_rate": 0.01})");
  baselines.SetDriftBaseline("ko-tiny", 2, R"({"empty_rate": 0.02})");
  EXPECT_EQ(baselines.DriftBaseline("ko-tiny", 1), R"({"empty_rate": 0.01})");
  baselines.SetDriftBaseline("ko-tiny", 1, R"({"empty_rate": 0.03})");
  EXPECT_EQ(baselines.DriftBaseline("ko-tiny", 1), R"({"empty_rate": 0.03})");
  EXPECT_EQ(baselines.DriftBaseline("ko-tiny", 2), R"({"empty_rate": 0.02})");
  ExpectError(ErrorCode::kNotFound, "has no version 9", [&] { baselines.SetDriftBaseline("ko-tiny", 9, "{}"); });
  ExpectError(ErrorCode::kNotFound, "no registered model 'nope'", [&] { baselines.SetDriftBaseline("nope", 1, "{}"); });
  ExpectError(ErrorCode::kInvalidInput, "drift baseline", [&] { baselines.SetDriftBaseline("ko-tiny", 1, "[]"); });
  EXPECT_FALSE(baselines.DriftBaseline("ko-tiny", 9));
}

// A store written before canaries existed (schema 5, with a model in Production) gets
// the new tables and can run a canary of its old versions.
TEST(CanaryMigrationTest, Schema5StoreIsUpgraded) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.File("home"));
  {
    SqliteDatabase db(dir.File("home/store.db"));
    for (const Migration& m : StoreMigrations()) {
      if (m.version <= 5) db.Exec(m.sql);
    }
    db.SetSchemaVersion(5);
    db.Exec("INSERT INTO registered_models (name, created_at) VALUES ('old', '2026-01-01T00:00:00Z');"
            "INSERT INTO model_versions (name, version, stage, source, package_sha256, config_yaml, metrics_json, "
            "lineage_json, created_at, stage_changed_at) VALUES "
            "('old', 1, 'Production', 's', 'x', '', '{}', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), "
            "('old', 2, 'None', 's', 'y', '', '{}', '{}', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z');");
  }
  auto store = Store::Open(dir.File("home"));
  EXPECT_EQ(store->schema_version(), 6);
  const Canary c = store->canaries().Start("old", 2, 5, "canary", "{}");
  EXPECT_EQ(c.production, 1);
  store->baselines().SetDriftBaseline("old", 1, "{}");
  EXPECT_TRUE(store->baselines().DriftBaseline("old", 1));
}

}  // namespace
}  // namespace sori
