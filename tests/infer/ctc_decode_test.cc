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

// Classes 0 'a', 1 'b', 2 'c', 3 blank: a clear 'a', then 'b' slightly ahead of 'c'.
at::Tensor AThenBOrC() { return LogProbs({{.9f, .03f, .03f, .04f}, {.02f, .45f, .4f, .13f}, {.02f, .02f, .02f, .94f}}); }

TEST(CtcDecodeTest, LanguageModelDecidesWhatTheAcousticsLeaveOpen) {
  const at::Tensor lp = AThenBOrC();
  EXPECT_EQ(PrefixBeamSearchCtc(lp, 3, 3, 8).tokens, (std::vector<int>{0, 1}));
  const NgramLm lm = NgramLm::Build({{0, 2}, {0, 2}, {0, 2}, {1}}, 3, 2);  // "a" is followed by "c"
  const CtcHypothesis fused = PrefixBeamSearchCtc(lp, 3, 3, 8, {&lm, 1.0f, 0.0f});
  EXPECT_EQ(fused.tokens, (std::vector<int>{0, 2}));
  // Frames and token probabilities stay the acoustic model's.
  EXPECT_EQ(fused.frames, (std::vector<int>{0, 1}));
  ASSERT_EQ(fused.probs.size(), 2u);
  EXPECT_NEAR(fused.probs[1], 0.4, 1e-6);
  // Weight 0 is no LM at all.
  const CtcHypothesis off = PrefixBeamSearchCtc(lp, 3, 3, 8, {&lm, 0.0f, 5.0f});
  EXPECT_EQ(off.tokens, (std::vector<int>{0, 1}));
  // The batch form passes the LM on.
  const auto batch = PrefixBeamSearchCtcBatch(at::stack({lp, lp}), at::tensor({3, 3}, at::kLong), 3, 8, {&lm, 1.0f, 0.0f});
  EXPECT_EQ(batch[1].tokens, (std::vector<int>{0, 2}));
}

TEST(CtcDecodeTest, LanguageModelBonusTradesAgainstLength) {
  // One frame, 'a' .6 vs blank .4: a large negative bonus makes the empty transcript win,
  // a positive one keeps 'a' even when the LM finds it unlikely.
  const at::Tensor lp = LogProbs({{.6f, .4f}});
  const NgramLm lm = NgramLm::Build({{}, {}, {0}}, 1, 2);
  EXPECT_EQ(PrefixBeamSearchCtc(lp, 1, 1, 4, {&lm, 0.1f, 0.0f}).tokens, (std::vector<int>{0}));
  EXPECT_TRUE(PrefixBeamSearchCtc(lp, 1, 1, 4, {&lm, 0.1f, -2.0f}).tokens.empty());
  EXPECT_TRUE(PrefixBeamSearchCtc(lp, 1, 1, 4, {&lm, 3.0f, 0.0f}).tokens.empty());
  EXPECT_EQ(PrefixBeamSearchCtc(lp, 1, 1, 4, {&lm, 3.0f, 4.0f}).tokens, (std::vector<int>{0}));
}

TEST(CtcDecodeTest, LanguageModelOfAnotherVocabularyIsRefused) {
  const NgramLm lm = NgramLm::Build({{0, 1}}, 5, 2);
  std::string message;
  try {
    PrefixBeamSearchCtc(AThenBOrC(), 3, 3, 8, {&lm, 0.5f, 0.0f});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("vocabulary has 5 tokens, the model's 3"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sori
