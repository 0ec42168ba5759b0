// The typed forms of the store's JSON columns (store/typed_json.h) and their round trip
// through the registry and the evaluations.
#include "store/typed_json.h"

#include <gtest/gtest.h>

#include "store/store.h"
#include "store/snapshot_fixture.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

TEST(TypedJsonTest, MetricMapKeepsNumbersAndWritesCountsAsIntegers) {
  const MetricMap m = ParseMetricMap(R"({"test/cer": 0.08, "step": 1200, "note": "text", "nested": {"a": 1}})", "m");
  EXPECT_EQ(m, (MetricMap{{"test/cer", 0.08}, {"step", 1200.0}}));
  const nlohmann::json j = MetricMapToJson(m);
  EXPECT_TRUE(j["step"].is_number_integer());
  EXPECT_EQ(j["step"].get<int64_t>(), 1200);
  EXPECT_DOUBLE_EQ(j["test/cer"].get<double>(), 0.08);
  EXPECT_EQ(ParseMetricMap(j.dump(), "m"), m);
}

TEST(TypedJsonTest, TextThatIsNotAnObjectIsInvalidInput) {
  std::string message;
  EXPECT_EQ(test::ErrorCodeOf([] { ParseMetricMap("[1]", "model version metrics"); }, &message),
            ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("model version metrics must be a JSON object"), std::string::npos) << message;
  EXPECT_EQ(test::ErrorCodeOf([] { ParseMetricMap("{cer: 0.1", "m"); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([] { ParseLineage("\"x\"", "lineage"); }), ErrorCode::kInvalidInput);
}

TEST(TypedJsonTest, LineageRoundTripKeepsKeysItDoesNotName) {
  const std::string text = R"({"run_id": "3fa9c1e2", "run_name": "ko-tiny", "source_revision": "abc123",
    "architecture": "fastconformer-ctc", "parameters": 1234567, "steps": 400,
    "datasets": [{"role": "train", "name": "ko-train", "hash": "aa", "hours": 1.5},
                 {"role": "val", "name": "ko-val", "hash": "bb"}],
    "base_package": {"path": "/m/base", "weights_sha256": "cc"}})";
  const ModelLineage l = ParseLineage(text, "lineage");
  EXPECT_EQ(l.run_id, "3fa9c1e2");
  EXPECT_EQ(l.run_name, "ko-tiny");
  EXPECT_EQ(l.source_revision, "abc123");
  EXPECT_EQ(l.architecture, "fastconformer-ctc");
  EXPECT_EQ(l.parameters, 1234567);
  ASSERT_EQ(l.datasets.size(), 2u);
  EXPECT_EQ(l.datasets[0].hours, 1.5);
  EXPECT_FALSE(l.datasets[1].hours.has_value());
  EXPECT_EQ(l.other["steps"], 400);
  EXPECT_EQ(l.other["base_package"]["path"], "/m/base");
  EXPECT_EQ(LineageToJson(l), nlohmann::json::parse(text));
  EXPECT_EQ(ParseLineage(LineageToJson(l).dump(), "lineage"), l);
}

TEST(TypedJsonTest, EmptyLineageIsAnEmptyObject) {
  EXPECT_EQ(LineageToJson(ModelLineage{}), nlohmann::json::object());
  EXPECT_EQ(ParseLineage("{}", "lineage"), ModelLineage{});
}

TEST(TypedJsonTest, RegistryAndEvaluationsReadBackWhatWasWritten) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home"));
  dir.Write("pkg/model.json", R"({"format": "sori-model"})");
  ModelVersionInput in;
  in.name = "ko-tiny";
  in.source = in.package_dir = dir.File("pkg");
  in.metrics = {{"test/cer", 0.04}, {"step", 300}};
  in.lineage.run_name = "ko-tiny";
  in.lineage.datasets.push_back({"train", "ko-train", std::string(64, 'a'), 2.0});
  in.lineage.other["imported_from"] = {{"file", "/x.nemo"}};
  bool created = false;
  const ModelVersion v = store->registry().Register(in, &created);
  EXPECT_EQ(store->registry().GetVersion("ko-tiny", v.version).metrics, in.metrics);
  EXPECT_EQ(store->registry().GetVersion("ko-tiny", v.version).lineage, in.lineage);
  store->registry().UpdateMetrics("ko-tiny", v.version, {{"test/wer", 0.2}});
  EXPECT_EQ(store->registry().GetVersion("ko-tiny", v.version).metrics,
            (MetricMap{{"test/cer", 0.04}, {"step", 300}, {"test/wer", 0.2}}));

  EvaluationRecord e;
  e.model = "m";
  e.dataset_id = store->datasets().Record(test::Snap("ko-test", 'c'), &created).id;
  e.metrics = {{"cer", 0.1}, {"utterances", 12}};
  store->evaluations().Record(e);
  EXPECT_EQ(store->evaluations().List("", 0).at(0).metrics, e.metrics);
}

}  // namespace
}  // namespace sori
