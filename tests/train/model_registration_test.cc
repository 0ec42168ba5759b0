// Registering a package (train/model_registration.h): its model.json's metrics and
// lineage, updated from the run the store has.
#include "train/model_registration.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace sori {
namespace {

std::string FakePackage(const test::TempDir& dir, const std::string& run_id) {
  dir.Write("pkg/model.json", R"({"format": "sori-model", "architecture": "fastconformer-ctc", "parameters": 99,
    "metrics": {"val/cer": 0.2, "step": 40},
    "lineage": {"run_id": ")" + run_id + R"(", "train_manifest": "/d/train.jsonl"}})");
  dir.Write("pkg/config.yaml", "model: {}\n");
  dir.Write("pkg/weights.ckpt", "w");
  return dir.File("pkg");
}

TEST(ModelRegistrationTest, DescribesAPackageWithItsRun) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home"));
  const RunInfo run = store->runs().Create("ko-tiny", "", "rev1");
  store->runs().LogMetrics(run.id, 40, 1, {{"test/cer", 0.03}});
  DatasetSnapshot snap;
  snap.name = "ko-train";
  snap.hash = std::string(64, 'a');
  snap.hours = 1.5;
  bool created = false;
  store->runs().LinkDataset(run.id, store->datasets().Record(snap, &created).id, "train");

  const ModelVersionInput in = DescribePackage(*store, FakePackage(dir, run.id), run.id);
  EXPECT_EQ(in.metrics, (MetricMap{{"val/cer", 0.2}, {"step", 40}, {"test/cer", 0.03}}));
  EXPECT_EQ(in.lineage.run_id, run.id);
  EXPECT_EQ(in.lineage.run_name, "ko-tiny");
  EXPECT_EQ(in.lineage.source_revision, "rev1");
  EXPECT_EQ(in.lineage.architecture, "fastconformer-ctc");
  EXPECT_EQ(in.lineage.parameters, 99);
  ASSERT_EQ(in.lineage.datasets.size(), 1u);
  EXPECT_EQ(in.lineage.datasets[0].name, "ko-train");
  EXPECT_EQ(in.lineage.datasets[0].hours, 1.5);
  EXPECT_EQ(in.lineage.other["train_manifest"], "/d/train.jsonl");
  EXPECT_EQ(in.config_yaml, "model: {}\n");
}

TEST(ModelRegistrationTest, AFolderIsLinkedToTheRunItsLineageNames) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home"));
  const RunInfo run = store->runs().Create("ko-tiny", "", "");
  bool created = false;
  const ModelVersion v = RegisterPackage(*store, {"ko-tiny", "pkg", FakePackage(dir, run.id), "", ""}, &created);
  EXPECT_TRUE(created);
  EXPECT_EQ(v.run_id, run.id);

  // A run this store does not have: registered without one.
  test::TempDir other;
  const ModelVersion w = RegisterPackage(*store, {"other", "pkg", FakePackage(other, "0badc0de"), "", ""}, &created);
  EXPECT_TRUE(w.run_id.empty());
}

}  // namespace
}  // namespace sori
