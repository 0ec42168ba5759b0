// Parity with NVIDIA NeMo's preprocessor on the six reference inputs in
// ../shared/data/nemo-fastconformer-tiny (NeMo 2.6, PyTorch 1.13, float32, one thread).
// The un-normalized log-mel is compared tightly (1e-5). The normalized features divide
// by each channel's std, which for band-limited audio amplifies rounding ~50x (see that
// folder's README), so they are checked against 1e-5 times the case's amplification.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

#include <ATen/Parallel.h>

#include "audio/features.h"
#include "support/npy.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

const std::string& NemoDir() {
  static const std::string dir = test::SharedDataDir() + "/nemo-fastconformer-tiny";
  return dir;
}

struct Case {
  std::string name;
  double amplification;
};

std::vector<Case> LoadCases() {
  std::ifstream in(NemoDir() + "/cases.json");
  if (!in) return {};
  const auto j = nlohmann::json::parse(in);
  std::vector<Case> cases;
  for (const auto& c : j.at("cases")) {
    cases.push_back({c.at("name").get<std::string>(),
                     c.at("stats").at("per_feature_amplification_max").get<double>()});
  }
  return cases;
}

at::Tensor ToTensor(const test::NpyArray& a) {
  std::vector<float> f(a.values.begin(), a.values.end());
  return at::from_blob(f.data(), {static_cast<int64_t>(f.size())}, at::kFloat).clone().view(a.shape);
}

at::Tensor LoadInput(const std::string& name) {
  return ToTensor(test::LoadNpy(NemoDir() + "/cases/" + name + ".input.npy"));
}

class NemoParityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cases_ = LoadCases();
    if (cases_.empty()) GTEST_SKIP() << "NeMo reference data not found in " << NemoDir();
    // The reference ran PyTorch single-threaded; so do we, for the tightest match.
    threads_ = at::get_num_threads();
    at::set_num_threads(1);
  }
  void TearDown() override {
    if (threads_ > 0) at::set_num_threads(threads_);
  }
  std::vector<Case> cases_;
  int threads_ = 0;
};

TEST_F(NemoParityTest, UnnormalizedLogMelWithin1e5) {
  FeatureConfig cfg;
  cfg.normalize = "none";
  FeatureExtractor fx{cfg};
  for (const Case& c : cases_) {
    const at::Tensor x = LoadInput(c.name);
    const at::Tensor expected = ToTensor(test::LoadNpy(NemoDir() + "/cases/" + c.name + ".debug_logmel_unnormalized.npy"));
    const Features f = fx.Compute(x.unsqueeze(0), at::full({1}, x.size(0), at::kLong));
    ASSERT_EQ(f.values[0].sizes(), expected.sizes()) << c.name;
    EXPECT_EQ(f.lengths[0].item<int64_t>(), expected.size(1) - 1) << c.name;
    const double diff = (f.values[0] - expected).abs().max().item<double>();
    std::cout << "[parity] " << c.name << " log-mel max |diff| = " << diff << "\n";
    EXPECT_LT(diff, 1e-5) << c.name;
  }
}

TEST_F(NemoParityTest, NormalizedFeaturesWithinAmplifiedTolerance) {
  FeatureExtractor fx{FeatureConfig{}};
  for (const Case& c : cases_) {
    const at::Tensor x = LoadInput(c.name);
    const at::Tensor expected = ToTensor(test::LoadNpy(NemoDir() + "/cases/" + c.name + ".features.npy"));
    const Features f = fx.Compute(x.unsqueeze(0), at::full({1}, x.size(0), at::kLong));
    ASSERT_EQ(f.values[0].sizes(), expected.sizes()) << c.name;
    const double diff = (f.values[0] - expected).abs().max().item<double>();
    std::cout << "[parity] " << c.name << " normalized max |diff| = " << diff
              << " (amplification " << c.amplification << ")\n";
    EXPECT_LT(diff, 1e-5 * std::max(1.0, c.amplification)) << c.name;
  }
}

TEST_F(NemoParityTest, BatchedRunMatchesReference) {
  FeatureConfig cfg;
  cfg.normalize = "none";
  FeatureExtractor fx{cfg};
  std::vector<at::Tensor> inputs;
  int64_t longest = 0;
  for (const Case& c : cases_) {
    inputs.push_back(LoadInput(c.name));
    longest = std::max(longest, inputs.back().size(0));
  }
  at::Tensor batch = at::zeros({static_cast<int64_t>(inputs.size()), longest});
  at::Tensor lengths = at::empty({static_cast<int64_t>(inputs.size())}, at::kLong);
  for (size_t i = 0; i < inputs.size(); ++i) {
    batch[static_cast<int64_t>(i)].narrow(0, 0, inputs[i].size(0)).copy_(inputs[i]);
    lengths[static_cast<int64_t>(i)] = inputs[i].size(0);
  }
  const Features f = fx.Compute(batch, lengths);
  for (size_t i = 0; i < cases_.size(); ++i) {
    const at::Tensor expected = ToTensor(test::LoadNpy(NemoDir() + "/cases/" + cases_[i].name + ".debug_logmel_unnormalized.npy"));
    const int64_t n = expected.size(1) - 1;
    ASSERT_EQ(f.lengths[static_cast<int64_t>(i)].item<int64_t>(), n);
    const double diff = (f.values[static_cast<int64_t>(i)].narrow(1, 0, n) - expected.narrow(1, 0, n)).abs().max().item<double>();
    std::cout << "[parity] batched " << cases_[i].name << " log-mel max |diff| = " << diff << "\n";
    EXPECT_LT(diff, 1e-5) << cases_[i].name;
  }
}

}  // namespace
}  // namespace sori
