// The encoder and CTC decoder reproduce NVIDIA NeMo's outputs for the tiny
// FastConformer in ../shared/data/nemo-fastconformer-tiny: NeMo's own preprocessed
// features go in, and the subsampling output, every layer, the encoder output, the
// log-probs and the greedy tokens are compared with what NeMo computed (float32, one
// thread). Tolerance 1e-4 (the bar); the measured differences are printed.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

#include "model/ctc_model.h"
#include "support/nemo_reference.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

using test::GreedyCtc;
using test::NemoReferenceDir;

torch::Tensor Npy(const std::string& name) { return test::NemoReferenceTensor(name); }
std::vector<int64_t> NpyInts(const std::string& name) { return test::NemoReferenceInts(name); }

// The reference model's architecture (model_config.yaml; the NeMo importer will read it).
EncoderConfig TinyEncoder() {
  EncoderConfig e;
  e.feat_in = 80;
  e.n_layers = 4;
  e.d_model = 176;
  e.n_heads = 4;
  e.subsampling = "dw_striding";
  e.subsampling_factor = 8;
  e.subsampling_conv_channels = 256;
  e.ff_expansion_factor = 4;
  e.xscaling = true;
  e.untie_biases = true;
  e.conv_kernel_size = 9;
  e.conv_norm_type = "batch_norm";
  return e;
}

struct Case {
  std::string name;
  int64_t features_length;
  int64_t encoded_length;
};

class NemoModelParityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(NemoReferenceDir() + "/cases.json");
    if (!in) GTEST_SKIP() << "NeMo reference data not found in " << NemoReferenceDir();
    const nlohmann::json manifest = nlohmann::json::parse(in);  // kept alive for the loop
    for (const auto& c : manifest.at("cases")) {
      cases_.push_back({c.at("name"), c.at("features_length"), c.at("encoded_length")});
    }
    ASSERT_EQ(cases_.size(), 6u);
    const auto r = test::RunCommand("tar -xf " + test::ShellQuote(NemoReferenceDir() + "/tiny_fastconformer_ctc.nemo") + " -C " +
                                    test::ShellQuote(scratch_.path()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    CtcDecoderConfig d;
    d.feat_in = 176;
    d.num_classes = 40;
    model_ = CtcModel(TinyEncoder(), d);
    model_->LoadStateDict(LoadStateDict(scratch_.File("model_weights.ckpt")), {"preprocessor."});
    model_->eval();
    threads_ = at::get_num_threads();
    at::set_num_threads(1);
  }
  void TearDown() override {
    if (threads_ > 0) at::set_num_threads(threads_);
  }

  test::TempDir scratch_;
  std::vector<Case> cases_;
  CtcModel model_{nullptr};
  int threads_ = 0;
};

TEST_F(NemoModelParityTest, SingleUtterancesMatchEveryStage) {
  torch::NoGradGuard no_grad;
  for (const Case& c : cases_) {
    const torch::Tensor features = Npy(c.name + ".features.npy").unsqueeze(0);  // [1, 80, T]
    const torch::Tensor lengths = torch::full({1}, c.features_length, torch::kLong);
    const CtcOutput out = model_->forward(features, lengths);
    EXPECT_EQ(out.lengths[0].item<int64_t>(), c.encoded_length) << c.name;
    const torch::Tensor enc_ref = Npy(c.name + ".encoder.npy");     // [176, T']
    const torch::Tensor lp_ref = Npy(c.name + ".logprobs.npy");     // [T', 41]
    ASSERT_EQ(out.encoded[0].sizes(), enc_ref.sizes()) << c.name;
    const double enc = (out.encoded[0] - enc_ref).abs().max().item<double>();
    const double lp = (out.log_probs[0] - lp_ref).abs().max().item<double>();
    std::cout << "[parity] " << c.name << " encoder " << enc << " log-probs " << lp << "\n";
    EXPECT_LT(enc, 1e-4) << c.name;
    EXPECT_LT(lp, 1e-4) << c.name;
    EXPECT_EQ(GreedyCtc(out.log_probs[0], c.encoded_length, 40), NpyInts(c.name + ".tokens.npy")) << c.name;
  }
}

TEST_F(NemoModelParityTest, BatchedMatchesSingle) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> feats;
  int64_t longest = 0;
  for (const Case& c : cases_) {
    feats.push_back(Npy(c.name + ".features.npy"));
    longest = std::max(longest, feats.back().size(1));
  }
  torch::Tensor batch = torch::zeros({static_cast<int64_t>(feats.size()), 80, longest});
  torch::Tensor lengths = torch::empty({static_cast<int64_t>(feats.size())}, torch::kLong);
  for (size_t i = 0; i < feats.size(); ++i) {
    batch[static_cast<int64_t>(i)].narrow(1, 0, feats[i].size(1)).copy_(feats[i]);
    lengths[static_cast<int64_t>(i)] = cases_[i].features_length;
  }
  const CtcOutput out = model_->forward(batch, lengths);
  for (size_t i = 0; i < cases_.size(); ++i) {
    const Case& c = cases_[i];
    const int64_t n = c.encoded_length;
    ASSERT_EQ(out.lengths[static_cast<int64_t>(i)].item<int64_t>(), n);
    const torch::Tensor lp_ref = Npy(c.name + ".logprobs.npy").narrow(0, 0, n);
    const double lp = (out.log_probs[static_cast<int64_t>(i)].narrow(0, 0, n) - lp_ref).abs().max().item<double>();
    std::cout << "[parity] batched " << c.name << " log-probs " << lp << "\n";
    EXPECT_LT(lp, 1e-4) << c.name;
    EXPECT_EQ(GreedyCtc(out.log_probs[static_cast<int64_t>(i)], n, 40), NpyInts(c.name + ".tokens.npy")) << c.name;
  }
}

TEST_F(NemoModelParityTest, StateDictNamesAreNeMos) {
  std::ifstream keys(NemoReferenceDir() + "/keys.txt");
  std::vector<std::string> nemo;
  std::string line;
  while (std::getline(keys, line)) {
    const std::string name = line.substr(0, line.find('\t'));
    if (name.rfind("preprocessor.", 0) != 0) nemo.push_back(name);
  }
  std::vector<std::string> ours;
  for (const auto& [name, t] : model_->GetStateDict()) ours.push_back(name);
  std::sort(nemo.begin(), nemo.end());
  std::sort(ours.begin(), ours.end());
  EXPECT_EQ(ours, nemo);
  EXPECT_EQ(model_->ParameterCount(), 3599817);  // NeMo's count for this model
}

}  // namespace
}  // namespace sori
