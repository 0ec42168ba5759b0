// The Trainer's steps in process, on a tiny corpus of tone sequences and a model small
// enough to train a few steps in well under a second: the same seed gives the same
// losses, `Train` gives the losses of the steps it is made of, and each step does its
// part (set-up, a training step, validation with checkpoints, the end of the run).
#include <gtest/gtest.h>
#include <sndfile.h>
#include <torch/torch.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <random>
#include <set>
#include <sstream>

#include "data/manifest.h"
#include "store/store.h"
#include "support/audio_fixtures.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "train/checkpoint.h"
#include "train/trainer.h"
#include "util/fs.h"

namespace sori {
namespace {

namespace fs = std::filesystem;

const char* const kWords[] = {"가나", "다라 마", "바사", "아자 차", "카타", "파하 가", "나다", "마바 사", "자차", "타파"};

// One tone per syllable (its pitch from the syllable's code point) over a little noise,
// so the transcripts are learnable, whatever the machine's espeak-ng.
std::vector<float> ToneSequence(const std::string& text, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.01f);
  std::vector<float> samples;
  const std::u32string syllables = [&] {
    std::u32string out;
    for (size_t i = 0; i < text.size();) {  // 3-byte Hangul or a 1-byte space
      const auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x80) {
        out += static_cast<char32_t>(c);
        ++i;
      } else {
        out += static_cast<char32_t>(((c & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F));
        i += 3;
      }
    }
    return out;
  }();
  for (const char32_t s : syllables) {
    const double hz = s == U' ' ? 0.0 : 200.0 + static_cast<double>((s - 0xAC00) % 997);
    for (int i = 0; i < 4000; ++i) {
      samples.push_back(static_cast<float>(0.3 * std::sin(2 * M_PI * hz * i / 16000.0)) + noise(rng));
    }
  }
  return samples;
}

class TrainerStepsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    std::vector<ManifestEntry> entries;
    for (size_t i = 0; i < std::size(kWords); ++i) {
      ManifestEntry e;
      e.audio_filepath = dir_->File("u" + std::to_string(i) + ".wav");
      e.text = kWords[i];
      const std::vector<float> samples = ToneSequence(e.text, static_cast<uint32_t>(i));
      test::WriteSamples(e.audio_filepath, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1, samples);
      e.duration = static_cast<double>(samples.size()) / 16000.0;
      entries.push_back(e);
    }
    WriteManifest(dir_->File("train.jsonl"), entries);
    WriteManifest(dir_->File("val.jsonl"), std::vector<ManifestEntry>(entries.begin(), entries.begin() + 4));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // Batches of ~3 s: 4 steps an epoch. Dropout is on, so equal losses need equal seeds.
  // `finalize_all`: with a language model and a test set, for the end of the run.
  static TrainConfig MicroConfig(const std::string& train = "train.jsonl", bool finalize_all = false) {
    const std::string yaml =
        "name: steps\n"
        "model:\n"
        "  tokenizer: {type: jamo}\n"
        "  encoder: {d_model: 48, n_layers: 1, n_heads: 4, subsampling_factor: 4, subsampling_conv_channels: 16,\n"
        "            conv_kernel_size: 9, dropout: 0.1, dropout_pre_encoder: 0.1, dropout_att: 0.1}\n"
        "data: {train_manifest: " + train + ", val_manifest: val.jsonl, max_duration: 3" +
        (finalize_all ? ", test_manifest: val.jsonl" : "") + "}\n"
        "training:\n"
        "  device: cpu\n"
        "  batch_duration: 3\n"
        "  learning_rate: 3.0e-3\n"
        "  warmup_steps: 2\n"
        "  scheduler: constant\n"
        "  workers: 1\n"
        "  max_epochs: 2\n"
        "  log_every_n_steps: 1\n"
        "  early_stopping: {enabled: false}\n"
        "  checkpoint: {save_top_k: 2, monitor: val/loss, every_n_steps: 0}\n"
        "augmentation: {spec_augment: {enabled: false}}\n"
        "lm: {order: " + std::string(finalize_all ? "2" : "0") +
        ", beam: 2, weights: [0.5], bonuses: [0.0]}\n";
    return TrainConfig::FromYamlString(yaml, "micro", dir_->path());
  }

  static TrainOptions Quiet() {
    TrainOptions o;
    o.show_progress = false;
    return o;
  }

  // A new run in `store`, trained with the steps Fit is made of (no signal, no budget, no
  // max_steps: every batch of every epoch). Returns each batch's loss.
  static std::vector<double> StepLosses(Store& store, const TrainConfig& config) {
    RunRecord record = RunRecord::Create(store, config.name, config.yaml, "test");
    Trainer trainer(config, LoadedModel{}, record, Quiet());
    std::vector<double> losses;
    for (int epoch = 0; epoch < config.training.max_epochs; ++epoch) {
      trainer.BeginEpoch();
      while (const auto step = trainer.TrainStep()) losses.push_back(step->loss);
      trainer.EndEpoch();
    }
    return losses;
  }

  static test::TempDir* dir_;
};
test::TempDir* TrainerStepsTest::dir_ = nullptr;

std::string Losses(const std::vector<double>& losses) {
  std::ostringstream out;
  out.precision(17);
  for (const double l : losses) out << l << " ";
  return out.str();
}

// A store of its own holding one run, and the Trainer of that run, set up.
struct MicroRun {
  MicroRun(const TrainConfig& config, const TrainOptions& options)
      : store(Store::Open(dir.File("store"))),
        record(RunRecord::Create(*store, config.name, config.yaml, "test")),
        trainer(config, LoadedModel{}, record, options) {}

  test::TempDir dir;
  std::unique_ptr<Store> store;
  RunRecord record;
  Trainer trainer;
};

TEST_F(TrainerStepsTest, TheSameSeedGivesTheSameLossesAndTrainGivesTheStepsLosses) {
  test::TempDir d;
  auto store = Store::Open(d.File("store"));
  const TrainConfig config = MicroConfig();
  const std::vector<double> first = StepLosses(*store, config);
  const std::vector<double> second = StepLosses(*store, config);
  std::cout << "steps, run 1: " << Losses(first) << "\nsteps, run 2: " << Losses(second) << "\n";
  ASSERT_GE(first.size(), 6u);
  EXPECT_EQ(first, second);  // bit for bit

  const TrainResult r = Train(config, *store, Quiet());
  EXPECT_EQ(r.status, "finished");
  EXPECT_EQ(r.steps, static_cast<int64_t>(first.size()));
  std::vector<double> logged;
  for (const auto& p : store->runs().GetMetric(r.run_id, "train/loss")) logged.push_back(p.value);
  std::cout << "Train():      " << Losses(logged) << "\n";
  EXPECT_EQ(logged, first);
  EXPECT_TRUE(fs::exists(r.package_dir + "/model.json"));

  TrainConfig other = MicroConfig();
  other.training.seed = 2;
  other.yaml = other.ToYaml();
  EXPECT_NE(StepLosses(*store, other).front(), first.front()) << "the seed reaches the model";
}

TEST_F(TrainerStepsTest, SetUpFailsNamingAMissingManifestAndTrainMarksTheRunFailed) {
  test::TempDir d;
  auto store = Store::Open(d.File("store"));
  const TrainConfig config = MicroConfig("absent.jsonl");
  RunRecord record = RunRecord::Create(*store, config.name, config.yaml, "test");
  std::string message;
  EXPECT_EQ(test::ErrorCodeOf([&] { Trainer trainer(config, LoadedModel{}, record, Quiet()); }, &message),
            ErrorCode::kNotFound);
  EXPECT_NE(message.find(dir_->File("absent.jsonl")), std::string::npos) << message;

  EXPECT_THROW(Train(config, *store, Quiet()), Error);
  int failed = 0;
  for (const RunInfo& run : store->runs().List()) {
    if (run.status != "failed") continue;
    ++failed;
    EXPECT_NE(run.error.find("absent.jsonl"), std::string::npos) << run.error;
  }
  EXPECT_EQ(failed, 1);
}

TEST_F(TrainerStepsTest, ATrainingStepChangesTheWeightsAndGivesAFiniteLoss) {
  MicroRun run(MicroConfig(), Quiet());
  Trainer& trainer = run.trainer;
  std::vector<torch::Tensor> before;
  for (const auto& p : trainer.model()->parameters()) before.push_back(p.detach().clone());

  trainer.BeginEpoch();
  const std::optional<StepResult> step = trainer.TrainStep();
  ASSERT_TRUE(step.has_value());
  EXPECT_TRUE(std::isfinite(step->loss));
  EXPECT_GT(step->loss, 0.0);
  EXPECT_TRUE(step->stepped);
  EXPECT_EQ(trainer.state().global_step, 1);
  EXPECT_EQ(trainer.state().micro_step, 1);
  size_t changed = 0;
  const auto after = trainer.model()->parameters();
  for (size_t i = 0; i < after.size(); ++i) changed += torch::equal(before[i], after[i]) ? 0 : 1;
  EXPECT_GT(changed, after.size() / 2) << changed << " of " << after.size() << " parameters changed";
  EXPECT_EQ(run.store->runs().GetMetric(run.record.id(), "train/loss").size(), 1u);
}

TEST_F(TrainerStepsTest, ValidateAndCheckpointWritesLastAndKeepsTheTopK) {
  MicroRun run(MicroConfig(), Quiet());
  Trainer& trainer = run.trainer;
  const std::string run_dir = run.record.dir();
  trainer.BeginEpoch();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(trainer.TrainStep().has_value());
    EXPECT_FALSE(trainer.ValidateAndCheckpoint());  // early stopping is off
  }
  EXPECT_TRUE(CheckpointExists(run_dir + "/checkpoints/last"));
  EXPECT_EQ(run.store->runs().GetMetric(run.record.id(), "val/loss").size(), 3u);
  const auto& top = trainer.state().top_k;
  ASSERT_EQ(top.size(), 2u);
  EXPECT_LE(top[0].value, top[1].value);
  std::set<std::string> kept, on_disk;
  for (const auto& c : top) kept.insert(fs::path(c.dir).filename().string());
  for (const auto& e : fs::directory_iterator(run_dir + "/checkpoints")) {
    if (e.path().filename().string().rfind("best-", 0) == 0) on_disk.insert(e.path().filename().string());
  }
  EXPECT_EQ(on_disk, kept);
  for (const auto& c : top) EXPECT_TRUE(fs::exists(c.dir + "/model.ckpt")) << c.dir;
}

TEST_F(TrainerStepsTest, FinishPackagesTheBestCheckpointWithItsLmAndEvaluatesTheTestSet) {
  MicroRun run(MicroConfig("train.jsonl", /*finalize_all=*/true), Quiet());
  Trainer& trainer = run.trainer;
  const RunRecord& record = run.record;
  Store* store = run.store.get();
  trainer.BeginEpoch();
  ASSERT_TRUE(trainer.TrainStep().has_value());
  trainer.ValidateAndCheckpoint();
  const TrainResult r = trainer.Finish();
  EXPECT_EQ(r.status, "finished");
  EXPECT_EQ(r.package_dir, record.dir() + "/model");
  const nlohmann::json meta = nlohmann::json::parse(ReadFileToString(r.package_dir + "/model.json", 1 << 20));
  EXPECT_EQ(meta["metrics"]["step"], 1);
  EXPECT_EQ(meta["lineage"]["run_id"], record.id());
  EXPECT_EQ(meta["lineage"]["datasets"].size(), 2u);  // train and val; the test set is linked after packaging
  ASSERT_TRUE(meta.contains("lm")) << meta.dump(2);
  EXPECT_EQ(meta["lm"]["order"], 2);
  EXPECT_TRUE(r.metrics.count("val/loss"));
  EXPECT_TRUE(r.metrics.count("lm/val_cer"));
  EXPECT_TRUE(r.metrics.count("test/cer"));
  EXPECT_TRUE(fs::exists(record.dir() + "/test-report.json"));
  EXPECT_EQ(store->evaluations().List(record.id(), 0).size(), 1u);
  EXPECT_EQ(store->runs().Get(record.id()).status, "finished");
  bool weights_stored = false;
  for (const auto& a : store->artifacts().OfRun(record.id())) weights_stored |= a.name == "model/weights.ckpt";
  EXPECT_TRUE(weights_stored);
}

TEST_F(TrainerStepsTest, ASignalEndsTheRunKilledWithACheckpointToResumeFrom) {
  std::atomic<bool> stop{true};
  TrainOptions options = Quiet();
  options.stop = &stop;
  MicroRun run(MicroConfig(), options);
  Trainer& trainer = run.trainer;
  trainer.Fit();
  EXPECT_TRUE(trainer.stopped());
  EXPECT_EQ(trainer.stop_reason(), "stopped by a signal");
  const TrainResult r = trainer.Finish();
  EXPECT_EQ(r.status, "killed");
  EXPECT_EQ(r.steps, 0);
  EXPECT_TRUE(CheckpointExists(run.record.dir() + "/checkpoints/last"));
  EXPECT_EQ(run.store->runs().Get(run.record.id()).status, "killed");
}

}  // namespace
}  // namespace sori
