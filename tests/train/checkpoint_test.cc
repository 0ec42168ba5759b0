// Checkpoints: a save -> load round trip restores weights, AdamW state and the trainer's
// position; a kill between SaveCheckpoint's two renames loses nothing; damage is an error.
#include "train/checkpoint.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

namespace fs = std::filesystem;

CtcModel Tiny() {
  EncoderConfig e;
  e.n_layers = 1;
  e.d_model = 32;
  e.n_heads = 2;
  e.subsampling_conv_channels = 8;
  e.conv_kernel_size = 3;
  CtcDecoderConfig d;
  d.feat_in = e.d_model;
  d.num_classes = 5;
  return CtcModel(e, d);
}

// One AdamW step so the optimizer has moments to save.
void Step(CtcModel& model, torch::optim::AdamW& opt) {
  const CtcOutput out = model->forward(torch::randn({2, 80, 64}), torch::tensor({64, 40}, torch::kLong));
  out.log_probs.sum().backward();
  opt.step();
  opt.zero_grad();
}

TrainerState SomeState(const std::string& dir) {
  TrainerState s;
  s.epoch = 3;
  s.batch_index = 7;
  s.global_step = 41;
  s.micro_step = 82;
  s.best_value = 0.25;
  s.has_best = true;
  s.bad_validations = 2;
  s.elapsed_seconds = 12.5;
  s.top_k = {{0.25, 40, dir + "/best-40"}, {0.3, 20, dir + "/best-20"}};
  return s;
}

TEST(CheckpointTest, RoundTripRestoresWeightsOptimizerAndPosition) {
  test::TempDir dir;
  torch::manual_seed(1);
  CtcModel a = Tiny();
  torch::optim::AdamW opt_a(a->parameters(), torch::optim::AdamWOptions(1e-3));
  Step(a, opt_a);
  SaveCheckpoint(dir.File("last"), a, opt_a, SomeState(dir.path()), CaptureRng());
  ASSERT_TRUE(CheckpointExists(dir.File("last")));

  torch::manual_seed(2);
  CtcModel b = Tiny();
  torch::optim::AdamW opt_b(b->parameters(), torch::optim::AdamWOptions(1e-3));
  const TrainerState s = LoadCheckpoint(dir.File("last"), b, opt_b);
  EXPECT_EQ(s.epoch, 3);
  EXPECT_EQ(s.batch_index, 7);
  EXPECT_EQ(s.global_step, 41);
  EXPECT_EQ(s.micro_step, 82);
  EXPECT_TRUE(s.has_best);
  EXPECT_DOUBLE_EQ(s.best_value, 0.25);
  EXPECT_EQ(s.bad_validations, 2);
  ASSERT_EQ(s.top_k.size(), 2u);
  EXPECT_EQ(s.top_k[1].step, 20);
  const auto sa = a->GetStateDict();
  const auto sb = b->GetStateDict();
  for (size_t i = 0; i < sa.size(); ++i) EXPECT_TRUE(torch::equal(sa[i].second, sb[i].second)) << sa[i].first;
  // The same next step from the same state gives the same weights: the AdamW moments
  // came back too. The RNG state is restored by LoadCheckpoint, so draw inputs after it.
  torch::manual_seed(5);
  Step(a, opt_a);
  torch::manual_seed(5);
  Step(b, opt_b);
  const auto ta = a->GetStateDict();
  const auto tb = b->GetStateDict();
  for (size_t i = 0; i < ta.size(); ++i) EXPECT_TRUE(torch::allclose(ta[i].second, tb[i].second)) << ta[i].first;
}

TEST(CheckpointTest, KillBetweenTheRenamesKeepsThePreviousCheckpoint) {
  test::TempDir dir;
  CtcModel m = Tiny();
  torch::optim::AdamW opt(m->parameters(), torch::optim::AdamWOptions(1e-3));
  SaveCheckpoint(dir.File("last"), m, opt, SomeState(dir.path()), CaptureRng());
  // What a kill right after `rename(last, .last.old.PID)` leaves behind.
  fs::rename(dir.File("last"), dir.File(".last.old.4242"));
  fs::create_directories(dir.File(".last.tmp.4242.1"));  // the unfinished new one
  ASSERT_TRUE(CheckpointExists(dir.File("last")));
  EXPECT_TRUE(fs::exists(dir.File("last/trainer.json")));
  EXPECT_FALSE(fs::exists(dir.File(".last.old.4242")));
  EXPECT_EQ(LoadCheckpoint(dir.File("last"), m, opt).global_step, 41);
}

TEST(CheckpointTest, ResumeRemovesWhatAKillLeftBehind) {
  test::TempDir dir;
  for (const char* d : {"best-20", "best-40", "best-60", ".last.tmp.99.1", ".last.old.99", "last"}) {
    std::filesystem::create_directories(dir.File(d));
  }
  TrainerState s = SomeState(dir.path());  // lists best-40 and best-20
  RemoveStaleCheckpoints(dir.path(), s);
  EXPECT_TRUE(fs::exists(dir.File("best-20")));
  EXPECT_TRUE(fs::exists(dir.File("best-40")));
  EXPECT_TRUE(fs::exists(dir.File("last")));
  EXPECT_FALSE(fs::exists(dir.File("best-60")));  // saved, then killed before last listed it
  EXPECT_FALSE(fs::exists(dir.File(".last.tmp.99.1")));
  EXPECT_FALSE(fs::exists(dir.File(".last.old.99")));
}

TEST(CheckpointTest, MissingOrDamagedCheckpointsAreErrors) {
  test::TempDir dir;
  CtcModel m = Tiny();
  torch::optim::AdamW opt(m->parameters(), torch::optim::AdamWOptions(1e-3));
  EXPECT_FALSE(CheckpointExists(dir.File("none")));
  try {
    LoadCheckpoint(dir.File("none"), m, opt);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
  SaveCheckpoint(dir.File("last"), m, opt, SomeState(dir.path()), CaptureRng());
  dir.Write("last/trainer.json", "{\"epoch\": 1");
  try {
    LoadCheckpoint(dir.File("last"), m, opt);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("trainer.json"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sori
