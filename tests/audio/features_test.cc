#include "audio/features.h"

#include <gtest/gtest.h>

#include <cmath>

#include "util/error.h"

namespace sori {
namespace {

std::vector<float> Chirp(size_t n, uint32_t seed = 1) {
  std::vector<float> v(n);
  uint32_t state = seed;
  for (size_t i = 0; i < n; ++i) {
    state = state * 1664525u + 1013904223u;
    const double noise = (static_cast<double>(state >> 8) / (1 << 24) - 0.5) * 0.01;
    const double t = double(i) / 16000.0;
    v[i] = static_cast<float>(0.3 * std::sin(2 * M_PI * (200 + 1500 * t) * t) + noise);
  }
  return v;
}

FeatureConfig Unnormalized() {
  FeatureConfig c;
  c.normalize = "none";
  return c;
}

TEST(FeaturesTest, ShapesAndLengthsFollowNeMo) {
  FeatureExtractor fx{FeatureConfig{}};
  const Features f = fx.Compute(Chirp(16000));
  ASSERT_EQ(f.values.dim(), 3);
  EXPECT_EQ(f.values.size(0), 1);
  EXPECT_EQ(f.values.size(1), 80);
  EXPECT_EQ(f.values.size(2), 101);  // 16000 / 160 + 1 (centred STFT)
  EXPECT_EQ(f.lengths[0].item<int64_t>(), 100);
  EXPECT_EQ(fx.NumFrames(16000), 100);
  EXPECT_EQ(fx.NumFrames(159), 0);
  // The frame past the valid length is the pad value.
  EXPECT_EQ(f.values[0].select(1, 100).abs().max().item<float>(), 0.0f);
  EXPECT_FALSE(f.values.isnan().any().item<bool>());
}

TEST(FeaturesTest, PerFeatureNormalizationGivesZeroMeanUnitStd) {
  FeatureExtractor fx{FeatureConfig{}};
  const Features f = fx.Compute(Chirp(24000));
  const int64_t n = f.lengths[0].item<int64_t>();
  const at::Tensor valid = f.values[0].narrow(1, 0, n);
  EXPECT_LT(valid.mean(1).abs().max().item<float>(), 1e-4);
  EXPECT_LT((valid.std(1) - 1).abs().max().item<float>(), 1e-3);
}

TEST(FeaturesTest, SilenceIsTheLogGuard) {
  FeatureExtractor raw{Unnormalized()};
  const Features f = raw.Compute(std::vector<float>(3200, 0.0f));
  const int64_t n = f.lengths[0].item<int64_t>();
  const float expected = std::log(5.9604644775390625e-08f);
  EXPECT_NEAR(f.values[0].narrow(1, 0, n).min().item<float>(), expected, 1e-5);
  EXPECT_NEAR(f.values[0].narrow(1, 0, n).max().item<float>(), expected, 1e-5);
  // Normalized silence stays finite: std ~0 is guarded by +1e-5, as in NeMo, so only
  // float rounding of the mean (~1e-6) survives, scaled by 1 / (std + 1e-5).
  FeatureExtractor norm{FeatureConfig{}};
  const Features g = norm.Compute(std::vector<float>(3200, 0.0f));
  EXPECT_FALSE(g.values.isnan().any().item<bool>());
  EXPECT_LT(g.values.abs().max().item<float>(), 1.0f);
}

TEST(FeaturesTest, BatchMatchesSingleUtterances) {
  FeatureExtractor fx{Unnormalized()};
  const std::vector<std::vector<float>> utts = {Chirp(16000, 1), Chirp(9000, 2), Chirp(23456, 3)};
  const Features batch = fx.Compute(utts);
  for (size_t i = 0; i < utts.size(); ++i) {
    const Features one = fx.Compute(utts[i]);
    const int64_t n = one.lengths[0].item<int64_t>();
    ASSERT_EQ(batch.lengths[static_cast<int64_t>(i)].item<int64_t>(), n);
    const at::Tensor a = batch.values[static_cast<int64_t>(i)].narrow(1, 0, n);
    const at::Tensor b = one.values[0].narrow(1, 0, n);
    EXPECT_LT((a - b).abs().max().item<float>(), 1e-4) << "utterance " << i;
    // Padding never leaks: frames past the length are exactly the pad value.
    const int64_t total = batch.values.size(2);
    if (n < total) {
      EXPECT_EQ(batch.values[static_cast<int64_t>(i)].narrow(1, n, total - n).abs().max().item<float>(), 0.0f);
    }
  }
}

TEST(FeaturesTest, ZeroAndTinyUtterancesInABatchStayFinite) {
  FeatureExtractor fx{FeatureConfig{}};
  const Features f = fx.Compute(std::vector<std::vector<float>>{{}, std::vector<float>(200, 0.1f), Chirp(4000)});
  EXPECT_EQ(f.lengths[0].item<int64_t>(), 0);
  EXPECT_EQ(f.lengths[1].item<int64_t>(), 1);
  EXPECT_FALSE(f.values.isnan().any().item<bool>());
  EXPECT_FALSE(f.values.isinf().any().item<bool>());
  EXPECT_EQ(f.values[0].abs().max().item<float>(), 0.0f);
}

TEST(FeaturesTest, PadToRoundsTheTimeAxisUp) {
  FeatureConfig c;
  c.pad_to = 16;
  FeatureExtractor fx{c};
  const Features f = fx.Compute(Chirp(16000));
  EXPECT_EQ(f.values.size(2), 112);
  EXPECT_EQ(f.lengths[0].item<int64_t>(), 100);
}

TEST(FeaturesTest, DitherOnlyInTraining) {
  FeatureExtractor fx{FeatureConfig{}};
  const auto x = Chirp(8000);
  at::Tensor wave = at::from_blob(const_cast<float*>(x.data()), {1, 8000}, at::kFloat).clone();
  at::Tensor len = at::full({1}, 8000, at::kLong);
  const at::Tensor a = fx.Compute(wave, len, false).values;
  const at::Tensor b = fx.Compute(wave, len, false).values;
  EXPECT_TRUE(at::equal(a, b));
  const at::Tensor c = fx.Compute(wave, len, true).values;
  EXPECT_FALSE(at::equal(a, c));
  EXPECT_LT((a - c).abs().max().item<float>(), 0.5);
}

TEST(FeaturesTest, AllFeaturesNormalization) {
  FeatureConfig c;
  c.normalize = "all_features";
  FeatureExtractor fx{c};
  const Features f = fx.Compute(Chirp(16000));
  const at::Tensor valid = f.values[0].narrow(1, 0, f.lengths[0].item<int64_t>());
  EXPECT_NEAR(valid.mean().item<float>(), 0.0, 1e-4);
  EXPECT_NEAR(valid.std().item<float>(), 1.0, 1e-3);
}

TEST(FeaturesTest, ConfigErrorsNameTheField) {
  const auto expect_error = [](FeatureConfig c, const std::string& field) {
    try {
      c.Validate();
      ADD_FAILURE() << "expected an error about " << field;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  FeatureConfig c;
  c.n_fft = 256;  // shorter than the 400-sample window
  expect_error(c, "n_fft");
  c = FeatureConfig{};
  c.n_mels = 0;
  expect_error(c, "n_mels");
  c = FeatureConfig{};
  c.window = "kaiser";
  expect_error(c, "kaiser");
  c = FeatureConfig{};
  c.normalize = "batch";
  expect_error(c, "normalize");
  c = FeatureConfig{};
  c.highfreq = 9000;
  expect_error(c, "highfreq");
  c = FeatureConfig{};
  c.preemph = 1.5;
  expect_error(c, "preemph");
}

TEST(FeaturesTest, ExternalBuffersAreCheckedAndUsed) {
  FeatureConfig c = Unnormalized();
  FeatureExtractor reference{c};
  FeatureExtractor same{c, reference.filterbank().unsqueeze(0), reference.window()};
  const auto x = Chirp(8000);
  EXPECT_TRUE(at::equal(reference.Compute(x).values, same.Compute(x).values));
  EXPECT_THROW((FeatureExtractor{c, at::zeros({64, 257}), reference.window()}), Error);
  EXPECT_THROW((FeatureExtractor{c, reference.filterbank(), at::ones({512})}), Error);
}

TEST(FeaturesTest, RejectsMalformedBatches) {
  FeatureExtractor fx{FeatureConfig{}};
  EXPECT_THROW(fx.Compute(at::zeros({2, 100}), at::full({3}, 100, at::kLong)), Error);
  EXPECT_THROW(fx.Compute(at::zeros({1, 100}), at::full({1}, 101, at::kLong)), Error);
  EXPECT_THROW(fx.Compute(at::zeros({1, 0}), at::zeros({1}, at::kLong)), Error);
}

TEST(FeaturesTest, CudaMatchesCpu) {
  if (!at::hasCUDA()) GTEST_SKIP() << "no CUDA device in this build/machine";
  FeatureExtractor cpu{FeatureConfig{}};
  FeatureExtractor gpu{FeatureConfig{}, at::Device(at::kCUDA)};
  const auto x = Chirp(32000);
  const at::Tensor a = cpu.Compute(x).values;
  const at::Tensor b = gpu.Compute(x).values.cpu();
  EXPECT_LT((a - b).abs().max().item<float>(), 1e-3);
}

}  // namespace
}  // namespace sori
