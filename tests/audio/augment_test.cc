#include "audio/augment.h"

#include "audio/features.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>

#include "support/audio_fixtures.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

std::vector<float> Sine(double freq, size_t n) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * freq * double(i) / 16000));
  return v;
}

int ZeroCrossings(const std::vector<float>& v) {
  int n = 0;
  for (size_t i = 1; i < v.size(); ++i) n += (v[i - 1] < 0) != (v[i] < 0);
  return n;
}

double PowerOf(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += double(x) * x;
  return s / static_cast<double>(v.size());
}

TEST(AugmentTest, SpeedPerturbationChangesLengthAndPitch) {
  const auto x = Sine(1000, 16000);
  const auto fast = ApplySpeed(x, 16000, 1.1);
  EXPECT_NEAR(double(fast.size()), 16000 / 1.1, 2);
  EXPECT_NEAR(ZeroCrossings(fast), 2 * 1100 * fast.size() / 16000.0, 4);
  const auto slow = ApplySpeed(x, 16000, 0.9);
  EXPECT_NEAR(double(slow.size()), 16000 / 0.9, 2);
  EXPECT_EQ(ApplySpeed(x, 16000, 1.0), x);
  SpeedPerturbConfig off;
  std::mt19937_64 rng(1);
  EXPECT_EQ(DrawSpeedFactor(off, rng), 1.0);
  SpeedPerturbConfig on{true, {0.9, 1.1}};
  for (int i = 0; i < 20; ++i) {
    const double f = DrawSpeedFactor(on, rng);
    EXPECT_TRUE(f == 0.9 || f == 1.1);
  }
}

TEST(AugmentTest, NoiseIsAddedAtTheRequestedSnr) {
  for (double snr : {0.0, 10.0, 25.0}) {
    auto x = Sine(440, 16000);
    const auto clean = x;
    std::mt19937_64 rng(3);
    NoiseAugConfig cfg;
    NoiseSource source(cfg, 16000);
    const auto noise = source.Segment(x.size(), rng);
    AddNoiseAtSnr(&x, noise, snr);
    std::vector<float> added(x.size());
    for (size_t i = 0; i < x.size(); ++i) added[i] = x[i] - clean[i];
    EXPECT_NEAR(10 * std::log10(PowerOf(clean) / PowerOf(added)), snr, 0.01);
  }
  std::vector<float> silence(100, 0.0f);
  AddNoiseAtSnr(&silence, std::vector<float>(100, 1.0f), 10);
  EXPECT_EQ(silence, std::vector<float>(100, 0.0f));
}

TEST(AugmentTest, MaybeAddNoiseHonoursProbability) {
  NoiseAugConfig cfg;
  cfg.enabled = true;
  cfg.prob = 0.5;
  NoiseSource source(cfg, 16000);
  std::mt19937_64 rng(9);
  int added = 0;
  for (int i = 0; i < 400; ++i) {
    auto x = Sine(300, 800);
    const double snr = MaybeAddNoise(&x, cfg, source, rng);
    if (!std::isnan(snr)) {
      ++added;
      EXPECT_GE(snr, cfg.min_snr_db);
      EXPECT_LE(snr, cfg.max_snr_db);
    }
  }
  EXPECT_NEAR(added, 200, 40);
}

TEST(AugmentTest, NoiseFromAFolderLoopsAndErrorsAreClear) {
  test::TempDir dir;
  test::SineSpec s;
  s.seconds = 0.1;
  ASSERT_TRUE(test::WriteSine(dir.File("noise/hum.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, s));
  NoiseAugConfig cfg;
  cfg.noise_dir = dir.File("noise");
  NoiseSource source(cfg, 16000);
  EXPECT_NEAR(source.loaded_seconds(), 0.1, 1e-3);
  std::mt19937_64 rng(1);
  EXPECT_EQ(source.Segment(16000, rng).size(), 16000u);  // longer than the clip: it loops
  cfg.noise_dir = dir.File("missing");
  EXPECT_THROW(NoiseSource(cfg, 16000), Error);
  dir.Write("empty/readme.txt", "no audio here");
  cfg.noise_dir = dir.File("empty");
  EXPECT_THROW(NoiseSource(cfg, 16000), Error);
}

TEST(AugmentTest, SpecAugmentMasksOnlyValidFramesAndIsSeeded) {
  SpecAugmentConfig cfg;
  cfg.enabled = true;
  cfg.freq_masks = 2;
  cfg.freq_width = 10;
  cfg.time_masks = 3;
  cfg.time_width = 0.1;
  cfg.mask_value = -7.0;
  at::Tensor a = at::ones({80, 200});
  at::Tensor b = at::ones({80, 200});
  std::mt19937_64 r1(5), r2(5);
  ApplySpecAugment(a, 150, cfg, r1);
  ApplySpecAugment(b, 150, cfg, r2);
  EXPECT_TRUE(at::equal(a, b));
  EXPECT_GT((a == -7.0).sum().item<int64_t>(), 0);
  EXPECT_EQ((a.narrow(1, 150, 50) == -7.0).sum().item<int64_t>(), 0);  // padding untouched
  // At most 3 masks of 15 frames: some frames of every channel survive.
  EXPECT_GT((a.narrow(1, 0, 150) == 1.0).sum().item<int64_t>(), 80 * 100);
  cfg.enabled = false;
  at::Tensor c = at::ones({80, 200});
  ApplySpecAugment(c, 150, cfg, r1);
  EXPECT_TRUE(at::equal(c, at::ones({80, 200})));
}

TEST(AugmentTest, VtlpWarpIsPiecewiseLinearAndKeepsNyquist) {
  for (double warp : {0.8, 0.9, 1.0, 1.1, 1.25}) {
    EXPECT_DOUBLE_EQ(VtlpWarpHz(0, warp, 4800, 8000), 0.0);
    EXPECT_NEAR(VtlpWarpHz(8000, warp, 4800, 8000), 8000.0, 1e-9);
    EXPECT_NEAR(VtlpWarpHz(1000, warp, 4800, 8000), 1000 * warp, 1e-9);  // formant region: scaled
    for (double hz : {0.0, 700.0, 4000.0, 5500.0, 7999.0}) {
      EXPECT_NEAR(VtlpUnwarpHz(VtlpWarpHz(hz, warp, 4800, 8000), warp, 4800, 8000), hz, 1e-6) << hz;
    }
    double previous = -1;
    for (double hz = 0; hz <= 8000; hz += 50) {
      const double w = VtlpWarpHz(hz, warp, 4800, 8000);
      EXPECT_GT(w, previous) << hz;
      previous = w;
    }
  }
  VtlpConfig off;
  std::mt19937_64 rng(3);
  EXPECT_EQ(DrawVtlpWarp(off, rng), 1.0);
  VtlpConfig on{true, 0.85, 1.15, 4800};
  for (int i = 0; i < 50; ++i) {
    const double w = DrawVtlpWarp(on, rng);
    EXPECT_GE(w, 0.85);
    EXPECT_LE(w, 1.15);
  }
}

// A 1 kHz tone through a filterbank warped by 1.25 peaks in the mel channel where a real
// 1.25 kHz tone does, as if a speaker with a shorter vocal tract had said it (0.875: 875 Hz;
// all on FFT bins, 31.25 Hz apart); warp 1 leaves the features alone.
TEST(AugmentTest, WarpedFilterbankMovesFormantsInTheFeatures) {
  FeatureConfig cfg;
  cfg.normalize = "none";
  cfg.dither = 0;
  const FeatureExtractor fx(cfg);
  const auto wave_of = [](double hz) {
    const auto tone = Sine(hz, 16000);
    return at::from_blob(const_cast<float*>(tone.data()), {1, 16000}, at::kFloat).clone();
  };
  const at::Tensor wave = wave_of(1000);
  const at::Tensor len = at::full({1}, 16000, at::kLong);
  const auto peak_channel = [&](const at::Tensor& w, double warp) {
    const at::Tensor fb = WarpFilterbank(fx.filterbank(), 16000, warp, 4800).unsqueeze(0);
    return fx.Compute(w, len, false, fb).values[0].mean(1).argmax().item<int64_t>();
  };
  EXPECT_EQ(peak_channel(wave, 1.25), peak_channel(wave_of(1250), 1.0));
  EXPECT_EQ(peak_channel(wave, 0.875), peak_channel(wave_of(875), 1.0));
  EXPECT_LT(peak_channel(wave, 0.875), peak_channel(wave, 1.0));
  EXPECT_GT(peak_channel(wave, 1.25), peak_channel(wave, 1.0));
  EXPECT_TRUE(at::equal(WarpFilterbank(fx.filterbank(), 16000, 1.0, 4800), fx.filterbank()));
  EXPECT_TRUE(at::allclose(fx.Compute(wave, len, false, fx.filterbank().unsqueeze(0)).values,
                           fx.Compute(wave, len).values));
  // A filterbank per utterance, of the wrong shape, is refused.
  EXPECT_THROW(fx.Compute(wave, len, false, fx.filterbank()), Error);
  EXPECT_THROW(fx.Compute(wave, len, false, at::zeros({2, 80, 257})), Error);
  EXPECT_THROW(WarpFilterbank(fx.filterbank(), 16000, 1.1, 8000), Error);
}

TEST(AugmentTest, ValidateNamesTheKey) {
  AugmentConfig cfg;
  cfg.noise_aug.prob = 2;
  try {
    cfg.Validate();
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("augmentation.noise_aug.prob"), std::string::npos);
  }
  cfg = AugmentConfig{};
  cfg.speed_perturb.factors = {3.0};
  EXPECT_THROW(cfg.Validate(), Error);
  cfg = AugmentConfig{};
  cfg.noise_aug.min_snr_db = 40;
  EXPECT_THROW(cfg.Validate(), Error);
  cfg = AugmentConfig{};
  cfg.vtlp.max_warp = 3.0;
  EXPECT_THROW(cfg.Validate(), Error);
  cfg = AugmentConfig{};
  cfg.vtlp.boundary_hz = -1;
  EXPECT_THROW(cfg.Validate(), Error);
}

}  // namespace
}  // namespace sori
