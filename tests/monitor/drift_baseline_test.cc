#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "monitor/drift_baseline.h"
#include "support/error_code.h"

namespace sori {
namespace {

constexpr size_t kSnr = static_cast<size_t>(DriftFeature::kSnrDb);
constexpr size_t kEmpty = static_cast<size_t>(DriftFeature::kEmptyTranscript);

std::vector<double> Normal(size_t n, double mean, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> d(mean, 1.0);
  std::vector<double> v(n);
  for (double& x : v) x = d(rng);
  return v;
}

FeatureBaseline FeatureOf(const std::vector<double>& values, int bins = 10) {
  std::vector<DriftSample> samples(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    samples[i].fill(NAN);
    samples[i][kSnr] = values[i];
  }
  return BuildDriftBaseline(samples, bins).features[kSnr];
}

TEST(DriftBaseline, QuantileBins) {
  std::vector<double> values;
  for (int i = 1; i <= 100; ++i) values.push_back(i);
  const FeatureBaseline f = FeatureOf(values);
  EXPECT_EQ(f.edges, (std::vector<double>{10, 20, 30, 40, 50, 60, 70, 80, 90}));
  ASSERT_EQ(f.fractions.size(), 10u);
  for (double p : f.fractions) EXPECT_DOUBLE_EQ(p, 0.1);
  EXPECT_EQ(f.count, 100);
  EXPECT_DOUBLE_EQ(f.mean, 50.5);
}

TEST(DriftBaseline, NanSkippedAndEmptyFeatures) {
  std::vector<DriftSample> samples(4);
  for (auto& s : samples) s.fill(NAN);
  samples[0][kSnr] = 1;
  samples[1][kSnr] = 2;
  const DriftBaseline b = BuildDriftBaseline(samples, 10, "dev.jsonl");
  EXPECT_EQ(b.samples, 4);
  EXPECT_EQ(b.source, "dev.jsonl");
  EXPECT_EQ(b.features[kSnr].count, 2);
  EXPECT_EQ(b.features[kSnr].edges, std::vector<double>{1});
  EXPECT_EQ(b.features[kEmpty].count, 0);
  EXPECT_TRUE(b.features[kEmpty].edges.empty());
  EXPECT_TRUE(std::isnan(PopulationStabilityIndex(b.features[kEmpty], {1.0})));
  EXPECT_EQ(test::ErrorCodeOf([] { BuildDriftBaseline({}, 0); }), ErrorCode::kInvalidInput);
}

TEST(DriftBaseline, BinaryFeatureGetsTwoBins) {
  const FeatureBaseline f = FeatureOf({0, 0, 0, 1, 1, 0, 0, 0, 0, 1});
  EXPECT_EQ(f.edges, std::vector<double>{0});
  EXPECT_EQ(f.fractions, (std::vector<double>{0.7, 0.3}));
  // Same rate: no drift; every request empty: a large one.
  EXPECT_NEAR(PopulationStabilityIndex(f, {0, 0, 0, 0, 0, 0, 0, 1, 1, 1}), 0.0, 1e-12);
  EXPECT_GT(PopulationStabilityIndex(f, {1, 1, 1, 1}), 1.0);
  // A constant feature keeps an edge, so values above it show.
  const FeatureBaseline c = FeatureOf({0, 0, 0});
  EXPECT_EQ(c.fractions, (std::vector<double>{1.0, 0.0}));
  EXPECT_GT(PopulationStabilityIndex(c, {1, 1}), 1.0);
}

TEST(Psi, HandComputedTwoBins) {
  FeatureBaseline f;
  f.edges = {0.0};
  f.fractions = {0.5, 0.5};
  f.count = 10;
  // Window 80% / 20%: (0.8-0.5) ln(0.8/0.5) + (0.2-0.5) ln(0.2/0.5) = 0.3 ln 1.6 + 0.3 ln 2.5.
  const double expected = 0.3 * std::log(1.6) + 0.3 * std::log(2.5);  // 0.4158
  EXPECT_NEAR(PopulationStabilityIndex(f, {-1, -1, -1, -1, 0, 0, 0, 0, 1, 1}), expected, 1e-12);
  // An empty window bin is floored at 1e-4: (1-0.5) ln(1/0.5) + (1e-4-0.5) ln(1e-4/0.5).
  const double floored = 0.5 * std::log(2.0) + (1e-4 - 0.5) * std::log(1e-4 / 0.5);
  EXPECT_NEAR(PopulationStabilityIndex(f, {-3, -2}), floored, 1e-12);
  EXPECT_TRUE(std::isnan(PopulationStabilityIndex(f, {})));
  EXPECT_TRUE(std::isnan(PopulationStabilityIndex(f, {NAN, NAN})));
  f.fractions = {1.0};
  EXPECT_EQ(test::ErrorCodeOf([&] { PopulationStabilityIndex(f, {1.0}); }), ErrorCode::kInvalidInput);
}

TEST(Psi, SameDistributionIsNearZeroShiftedIsLarge) {
  const FeatureBaseline f = FeatureOf(Normal(5000, 0.0, 1));
  EXPECT_LT(PopulationStabilityIndex(f, Normal(5000, 0.0, 2)), 0.02);
  EXPECT_GT(PopulationStabilityIndex(f, Normal(5000, 1.0, 3)), 0.25);
}

TEST(Psi, DriftScoresPerFeature) {
  std::vector<DriftSample> base(200), window(200);
  for (size_t i = 0; i < base.size(); ++i) {
    base[i].fill(static_cast<double>(i % 20));
    window[i].fill(static_cast<double>(i % 20));
    window[i][kSnr] = 100.0 + static_cast<double>(i % 20);  // only snr moved
  }
  const auto scores = DriftScores(BuildDriftBaseline(base), window);
  for (size_t f = 0; f < kDriftFeatureCount; ++f) {
    if (f == kSnr) {
      EXPECT_GT(scores[f], 1.0);
    } else {
      EXPECT_NEAR(scores[f], 0.0, 1e-12) << DriftFeatureName(static_cast<DriftFeature>(f));
    }
  }
}

TEST(DriftBaselineJson, RoundTrip) {
  std::vector<DriftSample> samples(50);
  for (size_t i = 0; i < samples.size(); ++i) {
    for (size_t f = 0; f < kDriftFeatureCount; ++f) samples[i][f] = std::sin(static_cast<double>(i * (f + 1)));
    samples[i][kEmpty] = i % 5 == 0 ? 1 : 0;
  }
  samples[3][kSnr] = NAN;
  const DriftBaseline b = BuildDriftBaseline(samples, 10, "val.jsonl");
  const DriftBaseline back = DriftBaseline::FromJson(nlohmann::json::parse(b.ToJson().dump()));
  EXPECT_EQ(back.samples, 50);
  EXPECT_EQ(back.source, "val.jsonl");
  for (size_t f = 0; f < kDriftFeatureCount; ++f) {
    EXPECT_EQ(back.features[f].edges, b.features[f].edges);
    EXPECT_EQ(back.features[f].fractions, b.features[f].fractions);
    EXPECT_EQ(back.features[f].count, b.features[f].count);
    EXPECT_DOUBLE_EQ(back.features[f].mean, b.features[f].mean);
  }
  EXPECT_EQ(back.features[kSnr].count, 49);
}

TEST(DriftBaselineJson, BadFieldsAreNamed) {
  const nlohmann::json good = BuildDriftBaseline({DriftSample{}, DriftSample{}}).ToJson();
  struct Case {
    const char* pointer;
    nlohmann::json value;
    const char* named;
  };
  const Case cases[] = {
      {"/samples", -1, "'samples'"},
      {"/source", 3, "'source'"},
      {"/features", "x", "'features'"},
      {"/features/snr_db/fractions", {0.5, 0.2}, "'features.snr_db.fractions'"},
      {"/features/snr_db/edges", {2.0, 1.0}, "'features.snr_db.edges'"},
      {"/features/rms_dbfs/count", 1.5, "'features.rms_dbfs.count'"},
      {"/features/rms_dbfs/count", 3, "'features.rms_dbfs.count'"},  // more than samples
      {"/features/rms_dbfs/mean", "high", "'features.rms_dbfs.mean'"},
  };
  for (const Case& c : cases) {
    nlohmann::json j = good;
    j[nlohmann::json::json_pointer(c.pointer)] = c.value;
    std::string message;
    EXPECT_EQ(test::ErrorCodeOf([&] { DriftBaseline::FromJson(j); }, &message), ErrorCode::kInvalidInput) << c.pointer;
    EXPECT_NE(message.find(c.named), std::string::npos) << message;
  }
  nlohmann::json missing = good;
  missing["features"].erase("snr_db");
  missing["features"]["future_feature"] = 1;
  EXPECT_EQ(DriftBaseline::FromJson(missing).features[kSnr].count, 0);
}

}  // namespace
}  // namespace sori
