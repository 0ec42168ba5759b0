#include "infer/segmenter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "util/error.h"

namespace sori {
namespace {

constexpr int kRate = 1000;  // a low rate keeps the arithmetic readable

std::vector<float> Tone(double seconds) {
  std::vector<float> x(static_cast<size_t>(seconds * kRate));
  for (size_t i = 0; i < x.size(); ++i) x[i] = 0.5f * static_cast<float>(std::sin(0.3 * static_cast<double>(i)));
  return x;
}

void Append(std::vector<float>* a, const std::vector<float>& b) { a->insert(a->end(), b.begin(), b.end()); }

TEST(SegmenterTest, ShortInputIsOneSegment) {
  const auto segs = SegmentAudio(Tone(3.0), kRate, {4.0, 2.0, 0.05});
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].start_sample, 0);
  EXPECT_EQ(segs[0].samples.size(), 3000u);
  EXPECT_TRUE(SegmentAudio({}, kRate).empty());
}

TEST(SegmenterTest, CutsInsideThePauseAndKeepsEverySample) {
  // 3 s tone, 0.5 s silence, 3 s tone, 0.5 s silence, 2 s tone; segments of at most 4 s.
  std::vector<float> x = Tone(3.0);
  Append(&x, std::vector<float>(500, 0.0f));
  Append(&x, Tone(3.0));
  Append(&x, std::vector<float>(500, 0.0f));
  Append(&x, Tone(2.0));
  const auto segs = SegmentAudio(x, kRate, {4.0, 2.0, 0.05});
  ASSERT_EQ(segs.size(), 3u);
  size_t total = 0;
  for (size_t i = 0; i < segs.size(); ++i) {
    EXPECT_LE(segs[i].samples.size(), 4000u);
    EXPECT_EQ(segs[i].start_sample, static_cast<int64_t>(total));
    for (size_t k = 0; k < segs[i].samples.size(); ++k) ASSERT_EQ(segs[i].samples[k], x[total + k]);
    total += segs[i].samples.size();
  }
  EXPECT_EQ(total, x.size());
  // The cuts fall in the silences [3.0, 3.5) and [6.5, 7.0) s.
  EXPECT_GE(segs[1].start_sample, 3000);
  EXPECT_LT(segs[1].start_sample, 3500);
  EXPECT_GE(segs[2].start_sample, 6500);
  EXPECT_LT(segs[2].start_sample, 7000);
}

TEST(SegmenterTest, PiecewisePushGivesTheSameSegmentsAsOnePush) {
  std::mt19937 rng(3);
  std::normal_distribution<float> n(0.0f, 1.0f);
  std::vector<float> x(23456);
  for (size_t i = 0; i < x.size(); ++i) x[i] = n(rng) * static_cast<float>(1.0 + std::sin(static_cast<double>(i) / 700.0));
  const SegmenterConfig c{5.0, 2.5, 0.02};
  const auto whole = SegmentAudio(x, kRate, c);
  Segmenter s(kRate, c);
  std::vector<AudioSegment> pieces;
  for (size_t pos = 0; pos < x.size(); pos += 777) {
    s.Push(x.data() + pos, std::min<size_t>(777, x.size() - pos));
    AudioSegment seg;
    while (s.Next(&seg)) pieces.push_back(std::move(seg));
  }
  s.Finish();
  AudioSegment seg;
  while (s.Next(&seg)) pieces.push_back(std::move(seg));
  ASSERT_EQ(pieces.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(pieces[i].start_sample, whole[i].start_sample);
    EXPECT_EQ(pieces[i].samples, whole[i].samples);
    EXPECT_GE(whole[i].samples.size(), i + 1 < whole.size() ? 2500u : 1u);
  }
}

TEST(SegmenterTest, InvalidSettingsAreRefusedNamingTheField) {
  for (const SegmenterConfig& c : {SegmenterConfig{0.5, 0.2, 0.05}, SegmenterConfig{10, 20, 0.05}, SegmenterConfig{10, 5, 0}}) {
    try {
      Segmenter s(16000, c);
      FAIL() << "accepted " << c.max_seconds << " " << c.min_seconds << " " << c.block_seconds;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("segmenter"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace sori
