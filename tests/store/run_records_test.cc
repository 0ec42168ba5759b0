// What runs record: params, metrics (order, keys, last/best, NaN, re-logged steps) and
// the datasets they used.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "store/store.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "store/snapshot_fixture.h"
#include "util/error.h"

namespace sori {
namespace {

using test::Snap;

TEST(RunRecordsTest, ParamsAreSetAndOverwritten) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("r", "", "").id;
  store->runs().LogParams(id, {{"lr", "0.001"}, {"batch", "32"}});
  store->runs().LogParams(id, {{"lr", "0.002"}});
  EXPECT_EQ(store->runs().GetParams(id), (std::map<std::string, std::string>{{"batch", "32"}, {"lr", "0.002"}}));
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().LogParams(id, {{"", "x"}}); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().LogParams("00000000", {{"a", "b"}}); }), ErrorCode::kNotFound);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().GetParams("00000000"); }), ErrorCode::kNotFound);
}

TEST(RunRecordsTest, MetricsKeysOrderLastAndBest) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("r", "", "").id;
  store->runs().LogMetrics(id, 0, 0, {{"train/loss", 2.0}, {"val/cer", 0.5}});
  store->runs().LogMetrics(id, 100, 1, {{"train/loss", 1.0}, {"val/cer", 0.3}});
  store->runs().LogMetrics(id, 200, 2, {{"train/loss", 1.5}, {"val/cer", 0.3}, {"val/acc", 0.9}});
  store->runs().LogMetrics(id, 50, 0, {{"train/loss", 3.0}});  // logged late: still sorted by step

  EXPECT_EQ(store->runs().MetricKeys(id), (std::vector<std::string>{"train/loss", "val/acc", "val/cer"}));
  const auto loss = store->runs().GetMetric(id, "train/loss");
  ASSERT_EQ(loss.size(), 4u);
  EXPECT_EQ(loss[0].step, 0);
  EXPECT_EQ(loss[1].step, 50);
  EXPECT_EQ(loss[2].step, 100);
  EXPECT_EQ(loss[3].step, 200);
  EXPECT_EQ(loss[1].value, 3.0);
  EXPECT_EQ(loss[2].epoch, 1);
  EXPECT_TRUE(ParseUtcIso8601(loss[0].time).has_value());
  EXPECT_TRUE(store->runs().GetMetric(id, "nope").empty());
  EXPECT_EQ(store->runs().LastStep(id), std::optional<int64_t>(200));

  // val/cer: 0.5, 0.3, 0.3 -> last 0.3 at step 200; best 0.3, first reached at step 100.
  const auto cer = store->runs().SummarizeMetric(id, "val/cer");
  ASSERT_TRUE(cer.has_value());
  EXPECT_EQ(cer->points, 3);
  EXPECT_FALSE(cer->higher_is_better);
  EXPECT_EQ(cer->last.step, 200);
  EXPECT_EQ(cer->last.value, 0.3);
  ASSERT_TRUE(cer->best.has_value());
  EXPECT_EQ(cer->best->step, 100);
  EXPECT_EQ(cer->best->epoch, 1);
  EXPECT_EQ(cer->best->value, 0.3);

  // train/loss: 2, 3, 1, 1.5 by step -> last 1.5, best 1 at step 100.
  const auto summaries = store->runs().SummarizeMetrics(id);
  ASSERT_EQ(summaries.size(), 3u);
  EXPECT_EQ(summaries[0].key, "train/loss");
  EXPECT_EQ(summaries[0].last.value, 1.5);
  EXPECT_EQ(summaries[0].best->value, 1.0);
  EXPECT_EQ(summaries[0].best->step, 100);
  // val/acc is better higher.
  EXPECT_EQ(summaries[1].key, "val/acc");
  EXPECT_TRUE(summaries[1].higher_is_better);
  EXPECT_FALSE(store->runs().SummarizeMetric(id, "nope").has_value());

  // A resumed run logging step 200 again replaces that point.
  store->runs().LogMetrics(id, 200, 2, {{"train/loss", 0.75}});
  EXPECT_EQ(store->runs().GetMetric(id, "train/loss").size(), 4u);
  EXPECT_EQ(store->runs().SummarizeMetric(id, "train/loss")->last.value, 0.75);
  EXPECT_EQ(store->runs().SummarizeMetric(id, "train/loss")->best->value, 0.75);
}

TEST(RunRecordsTest, NaNIsKeptButNeverBest) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("r", "", "").id;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  store->runs().LogMetrics(id, 1, 0, {{"loss", 4.0}, {"grad_norm", nan}});
  store->runs().LogMetrics(id, 2, 0, {{"loss", nan}, {"lr", std::numeric_limits<double>::infinity()}});
  const auto loss = store->runs().GetMetric(id, "loss");
  ASSERT_EQ(loss.size(), 2u);
  EXPECT_TRUE(std::isnan(loss[1].value));
  const auto s = store->runs().SummarizeMetric(id, "loss");
  EXPECT_TRUE(std::isnan(s->last.value));
  EXPECT_EQ(s->best->value, 4.0);
  EXPECT_FALSE(store->runs().SummarizeMetric(id, "grad_norm")->best.has_value());
  EXPECT_TRUE(std::isinf(store->runs().GetMetric(id, "lr").at(0).value));
}

TEST(RunRecordsTest, MetricErrors) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("r", "", "").id;
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().LogMetrics(id, -1, 0, {{"a", 1}}); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().LogMetrics(id, 0, 0, {{"", 1}}); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().LogMetrics("00000000", 0, 0, {{"a", 1}}); }), ErrorCode::kNotFound);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().GetMetric("00000000", "a"); }), ErrorCode::kNotFound);
  EXPECT_FALSE(store->runs().LastStep(id).has_value());
  store->runs().LogMetrics(id, 0, 0, {});  // nothing to log is fine
  EXPECT_TRUE(store->runs().MetricKeys(id).empty());
}

TEST(RunRecordsTest, HigherIsBetterRule) {
  EXPECT_TRUE(MetricHigherIsBetter("val/acc"));
  EXPECT_TRUE(MetricHigherIsBetter("val/Accuracy"));
  EXPECT_TRUE(MetricHigherIsBetter("f1"));
  EXPECT_TRUE(MetricHigherIsBetter("test/bleu"));
  EXPECT_FALSE(MetricHigherIsBetter("val/cer"));
  EXPECT_FALSE(MetricHigherIsBetter("train/loss"));
  EXPECT_FALSE(MetricHigherIsBetter("accuracy/loss"));  // only the last part counts
}

TEST(RunRecordsTest, DatasetsPerRunInRoleOrder) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  bool created;
  const auto train = store->datasets().Record(Snap("ko-train", 'a'), &created);
  const auto val = store->datasets().Record(Snap("ko-val", 'b'), &created);
  const auto test_set = store->datasets().Record(Snap("ko-test", 'c'), &created);
  const std::string id = store->runs().Create("r", "", "").id;
  const std::string other = store->runs().Create("other", "", "").id;
  store->runs().LinkDataset(id, test_set.id, "test");
  store->runs().LinkDataset(id, val.id, "val");
  store->runs().LinkDataset(id, train.id, "train");
  store->runs().LinkDataset(id, train.id, "train");  // again: no-op
  store->runs().LinkDataset(other, train.id, "train");

  const auto linked = store->runs().RunDatasets(id);
  ASSERT_EQ(linked.size(), 3u);
  EXPECT_EQ(linked[0].first.name, "ko-train");
  EXPECT_EQ(linked[0].second, "train");
  EXPECT_EQ(linked[0].first.hash, std::string(64, 'a'));
  EXPECT_EQ(linked[0].first.utterances, 10);
  EXPECT_EQ(linked[1].second, "val");
  EXPECT_EQ(linked[2].first.name, "ko-test");
  EXPECT_EQ(store->runs().RunDatasets(other).size(), 1u);

  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().LinkDataset(id, train.id, "training"); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().LinkDataset(id, 999, "train"); }), ErrorCode::kNotFound);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().LinkDataset("00000000", train.id, "train"); }), ErrorCode::kNotFound);
  EXPECT_EQ(store->datasets().Get(val.id).name, "ko-val");
  EXPECT_EQ(test::ErrorCodeOf([&] { store->datasets().Get(999); }), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace sori
