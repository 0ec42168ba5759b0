#include "audio/resampler.h"

#include <gtest/gtest.h>

#include <cmath>

#include "util/error.h"

namespace sori {
namespace {

std::vector<float> Sine(int rate, double freq, size_t n) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * freq * double(i) / rate));
  return v;
}

TEST(ResamplerTest, OutputLengthFollowsTheRatio) {
  EXPECT_EQ(Resample(std::vector<float>(8000, 0.f), 8000, 16000).size(), 16000u);
  EXPECT_EQ(Resample(std::vector<float>(48000, 0.f), 48000, 16000).size(), 16000u);
  EXPECT_NEAR(double(Resample(std::vector<float>(44100, 0.f), 44100, 16000).size()), 16000.0, 1.0);
}

TEST(ResamplerTest, SameRateIsIdentity) {
  const auto in = Sine(16000, 440, 1000);
  EXPECT_EQ(Resample(in, 16000, 16000), in);
}

TEST(ResamplerTest, ChunkedEqualsOneShot) {
  const auto in = Sine(44100, 1000, 44100);
  const auto whole = Resample(in, 44100, 16000);
  Resampler r(44100, 16000);
  std::vector<float> pieces;
  for (size_t pos = 0; pos < in.size(); pos += 777) {
    const size_t n = std::min<size_t>(777, in.size() - pos);
    r.Process(in.data() + pos, n, &pieces);
  }
  r.Flush(&pieces);
  ASSERT_EQ(pieces.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) ASSERT_NEAR(pieces[i], whole[i], 1e-6) << i;
}

TEST(ResamplerTest, RemovesContentAboveTheNewNyquist) {
  // 7 kHz survives 48k -> 16k (Nyquist 8 kHz); 12 kHz must be filtered out, not aliased
  // to 4 kHz.
  const auto pass = Resample(Sine(48000, 7000, 48000), 48000, 16000);
  const auto stop = Resample(Sine(48000, 12000, 48000), 48000, 16000);
  double pass_energy = 0, stop_energy = 0;
  for (size_t i = 1000; i < 15000; ++i) {
    pass_energy += double(pass[i]) * pass[i];
    stop_energy += double(stop[i]) * stop[i];
  }
  EXPECT_GT(pass_energy / 14000, 0.1);    // ~0.125 for amplitude 0.5
  EXPECT_LT(stop_energy / 14000, 1e-6);   // > 50 dB down
}

TEST(ResamplerTest, RejectsNonPositiveRates) {
  EXPECT_THROW(Resampler(0, 16000), Error);
  EXPECT_THROW(Resampler(16000, -1), Error);
}

}  // namespace
}  // namespace sori
