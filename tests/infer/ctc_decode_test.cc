#include "infer/ctc_decode.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "util/error.h"

namespace sori {
namespace {

// [T, C] log-probabilities from rows of probabilities.
at::Tensor LogProbs(const std::vector<std::vector<float>>& rows) {
  at::Tensor t = at::empty({static_cast<int64_t>(rows.size()), static_cast<int64_t>(rows[0].size())}, at::kFloat);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = 0; j < rows[i].size(); ++j) t[static_cast<int64_t>(i)][static_cast<int64_t>(j)] = std::log(rows[i][j]);
  }
  return t;
}

TEST(CtcDecodeTest, GreedyCollapsesRepeatsAndDropsBlanksWithFramesAndProbabilities) {
  // Classes: 0 'a', 1 'b', 2 blank. Frames: a a blank a b b
  const at::Tensor lp = LogProbs({{.9f, .05f, .05f}, {.8f, .1f, .1f}, {.1f, .1f, .8f}, {.7f, .2f, .1f}, {.1f, .6f, .3f}, {.2f, .5f, .3f}});
  const CtcHypothesis h = GreedyCtc(lp, 6, 2);
  EXPECT_EQ(h.tokens, (std::vector<int>{0, 0, 1}));
  EXPECT_EQ(h.frames, (std::vector<int>{0, 3, 4}));
  ASSERT_EQ(h.probs.size(), 3u);
  EXPECT_NEAR(h.probs[0], 0.9, 1e-6);
  EXPECT_NEAR(h.probs[1], 0.7, 1e-6);
  EXPECT_NEAR(h.probs[2], 0.6, 1e-6);
  EXPECT_NEAR(h.frame_confidence, (0.9 + 0.8 + 0.8 + 0.7 + 0.6 + 0.5) / 6, 1e-6);
  EXPECT_EQ(h.num_frames, 6);
  // Only the valid frames count.
  EXPECT_EQ(GreedyCtc(lp, 2, 2).tokens, (std::vector<int>{0}));
  EXPECT_TRUE(GreedyCtc(lp, 0, 2).tokens.empty());
}

TEST(CtcDecodeTest, BeamSumsAlignmentsWhereGreedyPicksTheBestPath) {
  // Hand-computed: classes 0 'a', 1 blank, two frames of {a: .4, blank: .6}.
  // Greedy: blank blank -> "" (path .36). P("") = .36 but P("a") = .4*.6 + .6*.4 + .4*.4 = .64.
  const at::Tensor lp = LogProbs({{.4f, .6f}, {.4f, .6f}});
  EXPECT_TRUE(GreedyCtc(lp, 2, 1).tokens.empty());
  const CtcHypothesis beam = PrefixBeamSearchCtc(lp, 2, 1, 4);
  EXPECT_EQ(beam.tokens, (std::vector<int>{0}));
  // Its best alignment is "a a" or "a blank" / "blank a" (.24 each): a tie, resolved to
  // the first path found, which emits at frame 0.
  ASSERT_EQ(beam.frames.size(), 1u);
  EXPECT_EQ(beam.frames[0], 0);
  EXPECT_NEAR(beam.probs[0], 0.4, 1e-6);
}

TEST(CtcDecodeTest, BeamKeepsRepeatedTokensSeparatedByBlank) {
  // a blank a -> "aa"; a a -> "a".
  const at::Tensor lp = LogProbs({{.98f, .01f, .01f}, {.01f, .01f, .98f}, {.98f, .01f, .01f}});
  EXPECT_EQ(PrefixBeamSearchCtc(lp, 3, 2, 8).tokens, (std::vector<int>{0, 0}));
  EXPECT_EQ(PrefixBeamSearchCtc(lp, 3, 2, 8).frames, (std::vector<int>{0, 2}));
  const at::Tensor merged = LogProbs({{.98f, .01f, .01f}, {.98f, .01f, .01f}, {.01f, .98f, .01f}});
  EXPECT_EQ(PrefixBeamSearchCtc(merged, 3, 2, 8).tokens, (std::vector<int>{0, 1}));
  EXPECT_EQ(PrefixBeamSearchCtc(merged, 3, 2, 8).frames, (std::vector<int>{0, 2}));
}

// Exact answer by enumerating every alignment: the labeling with the largest total
// probability.
std::vector<int> BruteForceBest(const at::Tensor& lp, int blank) {
  const int64_t T = lp.size(0), C = lp.size(1);
  std::map<std::vector<int>, double> total;
  std::vector<int> path(static_cast<size_t>(T), 0);
  while (true) {
    double p = 0;
    std::vector<int> label;
    int prev = -1;
    for (int64_t t = 0; t < T; ++t) {
      const int c = path[static_cast<size_t>(t)];
      p += lp[t][c].item<float>();
      if (c != blank && c != prev) label.push_back(c);
      prev = c;
    }
    total[label] += std::exp(p);
    int64_t i = 0;
    while (i < T && ++path[static_cast<size_t>(i)] == C) path[static_cast<size_t>(i++)] = 0;
    if (i == T) break;
  }
  return std::max_element(total.begin(), total.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
}

TEST(CtcDecodeTest, WideBeamFindsTheMostProbableLabelingExactly) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> u(0.05f, 1.0f);
  int differs_from_greedy = 0;
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<std::vector<float>> rows(6, std::vector<float>(3));
    for (auto& r : rows) {
      float s = 0;
      for (float& x : r) s += (x = u(rng));
      for (float& x : r) x /= s;
    }
    const at::Tensor lp = LogProbs(rows);
    const std::vector<int> exact = BruteForceBest(lp, 2);
    EXPECT_EQ(PrefixBeamSearchCtc(lp, 6, 2, 64).tokens, exact) << "trial " << trial;
    differs_from_greedy += GreedyCtc(lp, 6, 2).tokens != exact;
  }
  EXPECT_GT(differs_from_greedy, 0);  // the cases are not all easy ones
}

TEST(CtcDecodeTest, PeakyOutputsDecodeTheSameWithBeamAndGreedy) {
  std::mt19937 rng(9);
  std::uniform_int_distribution<int> cls(0, 4);
  at::Tensor lp = at::full({50, 5}, std::log(0.01f));
  for (int64_t t = 0; t < 50; ++t) lp[t][cls(rng)] = std::log(0.96f);
  const CtcHypothesis g = GreedyCtc(lp, 50, 4);
  const CtcHypothesis b = PrefixBeamSearchCtc(lp, 50, 4, 8);
  EXPECT_EQ(b.tokens, g.tokens);
  EXPECT_EQ(b.frames, g.frames);
  EXPECT_NEAR(b.frame_confidence, g.frame_confidence, 1e-6);
}

TEST(CtcDecodeTest, BatchUsesEachLengthAndRejectsBadBeam) {
  const at::Tensor one = LogProbs({{.9f, .1f}, {.1f, .9f}, {.9f, .1f}});
  const at::Tensor batch = at::stack({one, one});
  const at::Tensor lengths = at::tensor({3, 1}, at::kLong);
  const auto g = GreedyCtcBatch(batch, lengths, 1);
  const auto b = PrefixBeamSearchCtcBatch(batch, lengths, 1, 4);
  EXPECT_EQ(g[0].tokens, (std::vector<int>{0, 0}));
  EXPECT_EQ(g[1].tokens, (std::vector<int>{0}));
  EXPECT_EQ(b[0].tokens, g[0].tokens);
  EXPECT_EQ(b[1].tokens, g[1].tokens);
  EXPECT_THROW(PrefixBeamSearchCtc(one, 3, 1, 0), Error);
}

}  // namespace
}  // namespace sori
