// The model registry: versions, stages, the promotion gate, rollback, and the package
// copies it keeps.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/registry_fixture.h"
#include "store/store.h"
#include "support/temp_dir.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace {

namespace fs = std::filesystem;

using test::ExpectError;
using test::Input;
using test::MakePackage;

TEST(RegistryTest, RegisterPromoteGateForceAndRollBack) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home"));
  bool created = false;
  const ModelVersion v1 = store->registry().Register(Input(MakePackage(dir, "p1", "weights one"), 0.03), &created);
  EXPECT_TRUE(created);
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v1.stage, "None");
  const ModelVersion v2 = store->registry().Register(Input(MakePackage(dir, "p2", "weights two"), 0.12), &created);
  EXPECT_EQ(v2.version, 2);
  EXPECT_NE(v1.package_sha256, v2.package_sha256);

  // v1 passes the default 5% gate.
  EXPECT_TRUE(store->registry().TransitionStage("ko-tiny", 1, "production", false).empty());
  EXPECT_EQ(store->registry().GetModel("ko-tiny").production, 1);
  EXPECT_EQ(store->registry().Resolve("models:/ko-tiny/production").version, 1);

  // v2's 12% is refused, saying why, and nothing changes.
  ExpectError(ErrorCode::kInvalidInput, "test/cer 12.00%, above the promotion gate of 5.00%",
              [&] { store->registry().TransitionStage("ko-tiny", 2, "Production", false); });
  EXPECT_EQ(store->registry().GetModel("ko-tiny").production, 1);
  EXPECT_EQ(store->registry().GetVersion("ko-tiny", 2).stage, "None");

  // --force promotes it and archives v1.
  EXPECT_EQ(store->registry().TransitionStage("ko-tiny", 2, "PRODUCTION", true), std::vector<int64_t>{1});
  EXPECT_EQ(store->registry().GetVersion("ko-tiny", 1).stage, "Archived");
  EXPECT_EQ(store->registry().Resolve("models:/ko-tiny/production").version, 2);

  // Rollback restores v1 and archives v2.
  EXPECT_EQ(store->registry().RollbackProduction("ko-tiny"), 1);
  EXPECT_EQ(store->registry().GetVersion("ko-tiny", 1).stage, "Production");
  EXPECT_EQ(store->registry().GetVersion("ko-tiny", 2).stage, "Archived");
  // Rolling back again goes back to v2 (the one before the current one).
  EXPECT_EQ(store->registry().RollbackProduction("ko-tiny"), 2);

  const auto history = store->registry().StageHistory("ko-tiny");
  ASSERT_GE(history.size(), 8u);
  bool saw_forced = false;
  for (const auto& c : history) saw_forced |= c.forced && c.version == 2 && c.to_stage == "Production";
  EXPECT_TRUE(saw_forced);
  EXPECT_EQ(history.back().reason.rfind("rollback", 0), 0u);
  EXPECT_FALSE(history.back().forced);  // a rollback skips the gate; nobody forced it
}

TEST(RegistryTest, GateCanBeChangedAndMissingMetricsAreRefused) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home"));
  bool created = false;
  store->registry().Register(Input(MakePackage(dir, "p1", "one"), 0.12), &created);
  store->registry().Register(Input(MakePackage(dir, "p2", "two"), -1), &created);
  store->registry().SetGate("ko-tiny", "cer", 0.15);
  store->registry().TransitionStage("ko-tiny", 1, "production", false);
  ExpectError(ErrorCode::kInvalidInput, "has no recorded test/cer", [&] { store->registry().TransitionStage("ko-tiny", 2, "production", false); });
  ExpectError(ErrorCode::kInvalidInput, "gate metric must be cer or wer", [&] { store->registry().SetGate("ko-tiny", "bleu", 0.1); });
  ExpectError(ErrorCode::kInvalidInput, "between 0 and 1", [&] { store->registry().SetGate("ko-tiny", "wer", 5); });
  store->registry().SetGate("ko-tiny", "wer", 0.5);
  ExpectError(ErrorCode::kInvalidInput, "has no recorded test/wer", [&] { store->registry().TransitionStage("ko-tiny", 1, "archived", false);
                                                                          store->registry().TransitionStage("ko-tiny", 1, "production", false); });
  // Metrics recorded after registration (sori eval --record-test) are what the gate reads.
  store->registry().UpdateMetrics("ko-tiny", 2, ParseMetricMap(R"({"test/wer": 0.3})", "model version metrics"));
  store->registry().TransitionStage("ko-tiny", 2, "production", false);
  EXPECT_EQ(store->registry().GetModel("ko-tiny").production, 2);
  ExpectError(ErrorCode::kInvalidInput, "must be a JSON object", [&] { store->registry().UpdateMetrics("ko-tiny", 2, ParseMetricMap("0.3", "model version metrics")); });
  // Staging needs no gate, and holds more than one version.
  store->registry().TransitionStage("ko-tiny", 1, "staging", false);
  store->registry().TransitionStage("ko-tiny", 2, "staging", false);
  EXPECT_EQ(store->registry().VersionInStage("ko-tiny", "staging")->version, 2);
}

TEST(RegistryTest, SamePackageIsNotANewVersionAndCopiesSurviveTheSource) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home"));
  const std::string package = MakePackage(dir, "p1", "weights");
  bool created = false;
  const ModelVersion v1 = store->registry().Register(Input(package, 0.01), &created);
  const ModelVersion again = store->registry().Register(Input(package, 0.01), &created);
  EXPECT_FALSE(created);
  EXPECT_EQ(again.version, 1);

  // The registered copy does not depend on the source folder, and is re-linked if removed.
  fs::remove_all(package);
  EXPECT_EQ(ReadFileToString(v1.package_dir + "/weights.ckpt", 1 << 20), "weights");
  EXPECT_EQ(ReadFileToString(v1.package_dir + "/tokenizer/vocab.txt", 1 << 20), "a\nb\n");
  fs::remove_all(v1.package_dir);
  const ModelVersion resolved = store->registry().Resolve("models:/ko-tiny/1");
  EXPECT_EQ(ReadFileToString(resolved.package_dir + "/weights.ckpt", 1 << 20), "weights");
  // A half-deleted copy (model.json gone) is rebuilt too.
  fs::remove(v1.package_dir + "/model.json");
  store->registry().Resolve("models:/ko-tiny/1");
  EXPECT_TRUE(fs::exists(v1.package_dir + "/model.json"));
}

TEST(RegistryTest, BadInputIsRefusedByName) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home"));
  bool created = false;
  const std::string package = MakePackage(dir, "p1", "w");
  for (const std::string& bad : std::vector<std::string>{"", "-x", "a/b", "a b", std::string(65, 'a'), "../up"}) {
    ModelVersionInput in = Input(package, 0.01);
    in.name = bad;
    ExpectError(ErrorCode::kInvalidInput, "is not valid", [&] { store->registry().Register(in, &created); });
  }
  ModelVersionInput no_model = Input(dir.File("nowhere"), 0.01);
  ExpectError(ErrorCode::kNotFound, "not a model package", [&] { store->registry().Register(no_model, &created); });
  ModelVersionInput bad_metrics = Input(package, 0.01);
  ExpectError(ErrorCode::kInvalidInput, "must be a JSON object", [&] {
    bad_metrics.metrics = ParseMetricMap("[1]", "model version metrics");
    store->registry().Register(bad_metrics, &created);
  });
  ModelVersionInput bad_run = Input(package, 0.01);
  bad_run.run_id = "deadbeef";
  EXPECT_THROW(store->registry().Register(bad_run, &created), Error);
  EXPECT_TRUE(store->registry().ListModels().empty() || store->registry().ListModels()[0].versions == 0);

  store->registry().Register(Input(package, 0.01), &created);
  ExpectError(ErrorCode::kNotFound, "no registered model 'nope'", [&] { store->registry().Resolve("models:/nope/production"); });
  ExpectError(ErrorCode::kNotFound, "has no version 7", [&] { store->registry().Resolve("models:/ko-tiny/7"); });
  ExpectError(ErrorCode::kNotFound, "no version in stage Production", [&] { store->registry().Resolve("models:/ko-tiny/production"); });
  ExpectError(ErrorCode::kInvalidInput, "'prod' is not a stage (none, staging, production, archived), a version number or latest",
              [&] { store->registry().Resolve("models:/ko-tiny/prod"); });
  ExpectError(ErrorCode::kInvalidInput, "must look like", [&] { store->registry().Resolve("models:/ko-tiny"); });
  ExpectError(ErrorCode::kInvalidInput, "must look like", [&] { store->registry().Resolve("models://production"); });
  ExpectError(ErrorCode::kInvalidInput, "unknown stage", [&] { store->registry().TransitionStage("ko-tiny", 1, "live", false); });
  ExpectError(ErrorCode::kNotFound, "no earlier Production version", [&] { store->registry().RollbackProduction("ko-tiny"); });
}

TEST(RegistryTest, SurvivesReopenAndSeesOtherProcessesPromotions) {
  test::TempDir dir;
  bool created = false;
  {
    auto writer = Store::Open(dir.File("home"));
    writer->registry().Register(Input(MakePackage(dir, "p1", "one"), 0.01), &created);
    writer->registry().Register(Input(MakePackage(dir, "p2", "two"), 0.02), &created);
  }
  auto reader = Store::Open(dir.File("home"));
  auto writer = Store::Open(dir.File("home"));
  writer->registry().TransitionStage("ko-tiny", 1, "production", false);
  EXPECT_EQ(reader->registry().Resolve("models:/ko-tiny/production").version, 1);
  writer->registry().TransitionStage("ko-tiny", 2, "production", false);
  EXPECT_EQ(reader->registry().Resolve("models:/ko-tiny/production").version, 2);
  EXPECT_EQ(reader->registry().Resolve("models:/ko-tiny/latest").version, 2);
  EXPECT_EQ(reader->registry().ListModels().at(0).versions, 2);
}

}  // namespace
}  // namespace sori
