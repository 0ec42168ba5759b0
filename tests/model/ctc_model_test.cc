#include "model/ctc_model.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

EncoderConfig Small() {
  EncoderConfig e;
  e.n_layers = 2;
  e.d_model = 64;
  e.n_heads = 4;
  e.subsampling_conv_channels = 32;
  e.conv_kernel_size = 5;
  return e;
}

CtcModel Make(const EncoderConfig& e = Small(), int vocab = 10) {
  CtcDecoderConfig d;
  d.feat_in = e.d_model;
  d.num_classes = vocab;
  return CtcModel(e, d);
}

TEST(CtcModelTest, ShapesAndLengths) {
  torch::manual_seed(1);
  CtcModel m = Make();
  m->eval();
  torch::NoGradGuard g;
  const CtcOutput out = m->forward(torch::randn({2, 80, 101}), torch::tensor({101, 64}, torch::kLong));
  EXPECT_EQ(out.log_probs.sizes(), torch::IntArrayRef({2, 13, 11}));
  EXPECT_EQ(out.lengths[0].item<int64_t>(), 13);
  EXPECT_EQ(out.lengths[1].item<int64_t>(), 8);
  EXPECT_EQ(out.encoded.sizes(), torch::IntArrayRef({2, 64, 13}));
  // Rows are log-probabilities.
  EXPECT_LT((out.log_probs.exp().sum(-1) - 1).abs().max().item<float>(), 1e-4);
  EXPECT_EQ(SubsampledLength(101, 8), 13);
  EXPECT_EQ(SubsampledLength(64, 4), 16);
}

TEST(CtcModelTest, PaddingDoesNotChangeValidOutputs) {
  torch::manual_seed(2);
  for (const std::string norm : {"batch_norm", "layer_norm"}) {
    EncoderConfig e = Small();
    e.conv_norm_type = norm;
    CtcModel m = Make(e);
    m->eval();
    torch::NoGradGuard g;
    const torch::Tensor x = torch::randn({1, 80, 70});
    const CtcOutput alone = m->forward(x, torch::tensor({70}, torch::kLong));
    torch::Tensor padded = torch::randn({2, 80, 150}) * 5;  // garbage padding
    padded[0].narrow(1, 0, 70).copy_(x[0]);
    const CtcOutput batch = m->forward(padded, torch::tensor({70, 150}, torch::kLong));
    const int64_t n = alone.lengths[0].item<int64_t>();
    ASSERT_EQ(batch.lengths[0].item<int64_t>(), n);
    EXPECT_LT((batch.log_probs[0].narrow(0, 0, n) - alone.log_probs[0]).abs().max().item<float>(), 1e-4) << norm;
  }
}

TEST(CtcModelTest, SharedPositionBiasesWhenUntied) {
  EncoderConfig e = Small();
  e.untie_biases = false;
  CtcModel m = Make(e);
  int shared = 0, per_layer = 0;
  for (const auto& [name, t] : m->GetStateDict()) {
    if (name == "encoder.pos_bias_u" || name == "encoder.pos_bias_v") ++shared;
    if (name.find("self_attn.pos_bias") != std::string::npos) ++per_layer;
  }
  EXPECT_EQ(shared, 2);
  EXPECT_EQ(per_layer, 0);
}

TEST(CtcModelTest, StateDictRoundTripGivesIdenticalOutputs) {
  torch::manual_seed(3);
  test::TempDir dir;
  CtcModel a = Make();
  a->eval();
  SaveStateDict(dir.File("w.ckpt"), a->GetStateDict());
  torch::manual_seed(99);
  CtcModel b = Make();
  b->LoadStateDict(LoadStateDict(dir.File("w.ckpt")));
  b->eval();
  torch::NoGradGuard g;
  const torch::Tensor x = torch::randn({1, 80, 90});
  const auto len = torch::tensor({90}, torch::kLong);
  EXPECT_TRUE(torch::equal(a->forward(x, len).log_probs, b->forward(x, len).log_probs));
}

TEST(CtcModelTest, LoadStateDictNamesEveryProblem) {
  CtcModel m = Make();
  StateDict sd = m->GetStateDict();
  sd.erase(sd.begin());                                        // a missing key
  sd.emplace_back("encoder.extra.weight", torch::zeros({1}));  // an unexpected one
  sd.back().first = "encoder.extra.weight";
  for (auto& [name, t] : sd) {
    if (name == "decoder.decoder_layers.0.bias") t = torch::zeros({99});  // a shape mismatch
  }
  try {
    m->LoadStateDict(sd);
    FAIL();
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("unexpected keys (1): encoder.extra.weight"), std::string::npos) << msg;
    EXPECT_NE(msg.find("decoder.decoder_layers.0.bias (checkpoint [99], model [11])"), std::string::npos) << msg;
    EXPECT_NE(msg.find("missing keys (1)"), std::string::npos) << msg;
  }
}

TEST(CtcModelTest, TrainsOnOneUtterance) {
  torch::manual_seed(4);
  CtcModel m = Make();
  m->train();
  torch::optim::AdamW opt(m->parameters(), torch::optim::AdamWOptions(3e-3));
  const torch::Tensor x = torch::randn({1, 80, 200});
  const torch::Tensor len = torch::tensor({200}, torch::kLong);
  const torch::Tensor targets = torch::tensor({{1, 2, 3, 4, 2}}, torch::kLong);
  const torch::Tensor target_len = torch::tensor({5}, torch::kLong);
  float first = 0, last = 0;
  for (int step = 0; step < 60; ++step) {
    const CtcOutput out = m->forward(x, len);
    const torch::Tensor loss = torch::ctc_loss(out.log_probs.transpose(0, 1), targets, out.lengths, target_len,
                                               m->blank_id(), at::Reduction::Mean, true);
    opt.zero_grad();
    loss.backward();
    opt.step();
    if (step == 0) first = loss.item<float>();
    last = loss.item<float>();
  }
  EXPECT_LT(last, first * 0.2) << first << " -> " << last;
}

TEST(CtcModelTest, ConfigErrorsNameTheKey) {
  EncoderConfig e = Small();
  e.n_heads = 5;
  EXPECT_THROW(Make(e), Error);
  e = Small();
  e.subsampling = "vggnet";
  try {
    Make(e);
    FAIL();
  } catch (const Error& err) {
    EXPECT_NE(std::string(err.what()).find("encoder.subsampling"), std::string::npos);
  }
  e = Small();
  CtcDecoderConfig d;
  d.feat_in = 99;
  d.num_classes = 3;
  EXPECT_THROW(CtcModel(e, d), Error);
}

}  // namespace
}  // namespace sori
