// Training end to end through the sori binary: a micro model overfits 20 synthetic
// utterances; a run killed with SIGKILL resumes with the same loss trajectory; saved
// weights load in Python PyTorch.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "data/manifest.h"
#include "model/state_dict_io.h"
#include "store/store.h"
#include "support/temp_dir.h"
#include "util/fs.h"
#include "util/subprocess.h"

namespace sori {
namespace {

using test::RunSori;
using test::ShellQuote;

class TrainerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    // ~20 utterances of synthetic Korean speech.
    const auto r = RunSori("--threads 2 data synth --lang ko --hours 0.015 --seed 3 --out " + ShellQuote(dir_->File("ko")));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::vector<ManifestEntry> all;
    for (const char* split : {"train", "val", "test"}) {
      for (auto& e : ReadManifest(dir_->File(std::string("ko/") + split + ".jsonl")).entries) all.push_back(e);
    }
    all.resize(std::min<size_t>(all.size(), 20));
    WriteManifest(dir_->File("ko/twenty.jsonl"), all);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // A micro model that can memorize 20 utterances quickly.
  static std::string MicroConfig(const std::string& extra_training) {
    return "name: micro\n"
           "model:\n"
           "  tokenizer: {type: jamo}\n"
           "  encoder: {d_model: 96, n_layers: 2, n_heads: 4, subsampling_factor: 4, subsampling_conv_channels: 32, conv_kernel_size: 9,\n"
           "            dropout: 0.0, dropout_pre_encoder: 0.0, dropout_att: 0.0}\n"
           "data: {train_manifest: ko/twenty.jsonl, val_manifest: ko/twenty.jsonl, max_duration: 20}\n"
           "training:\n"
           "  batch_duration: 40\n"
           "  learning_rate: 3.0e-3\n"
           "  warmup_steps: 20\n"
           "  scheduler: constant\n"
           "  workers: 1\n"
           "  early_stopping: {enabled: false}\n"
           "  checkpoint: {save_top_k: 1, every_n_steps: 5}\n" +
           extra_training +
           "augmentation: {spec_augment: {enabled: false}}\n";
  }

  static test::TempDir* dir_;
};
test::TempDir* TrainerTest::dir_ = nullptr;

std::string StoreArg(const test::TempDir& d) { return ShellQuote(d.File("store")); }

TEST_F(TrainerTest, MicroModelOverfitsTwentyUtterances) {
  dir_->Write("micro.yaml", MicroConfig("  max_epochs: 150\n  val_every_n_steps: 0\n"));
  const auto start = std::chrono::steady_clock::now();
  const auto r = RunSori("--threads 2 --store " + StoreArg(*dir_) + " train --config " + ShellQuote(dir_->File("micro.yaml")));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::cout << r.out;
  EXPECT_LT(seconds, 120.0);
  auto store = Store::Open(dir_->File("store"));
  const RunInfo run = store->runs().List().front();
  EXPECT_EQ(run.status, "finished");
  const auto cer = store->runs().GetMetric(run.id, "val/cer");
  ASSERT_FALSE(cer.empty());
  double best = 1.0;
  for (const auto& p : cer) best = std::min(best, p.value);
  EXPECT_LT(best, 0.05) << "best val/cer " << best;

  // The run's model package evaluates the same way through `sori eval`.
  const auto ev = RunSori("--store " + StoreArg(*dir_) + " eval --json --model " + run.id + " --manifest " +
                          ShellQuote(dir_->File("ko/twenty.jsonl")));
  ASSERT_EQ(ev.exit_code, 0) << ev.err;
  const nlohmann::json report = nlohmann::json::parse(ev.out);
  EXPECT_LT(report.at("cer").get<double>(), 0.05);

  // The package carries a token 6-gram model of the training transcripts, tuned on val
  // (the no-LM beam search is the grid's first point), and decodes with it by default.
  const nlohmann::json meta = nlohmann::json::parse(ReadFileToString(run.run_dir + "/model/model.json", 1 << 20));
  ASSERT_TRUE(meta.contains("lm")) << meta.dump(2);
  EXPECT_EQ(meta["lm"]["order"], 6);
  EXPECT_EQ(meta["lm"]["beam"], 8);
  EXPECT_EQ(meta["lm"]["tuning"].size(), 1u + 5u * 4u);
  EXPECT_EQ(meta["lm"]["tuning"][0]["weight"], 0.0);
  EXPECT_LE(meta["lm"]["val_cer"].get<double>(), meta["lm"]["val_cer_without_lm"].get<double>());
  EXPECT_FALSE(store->runs().GetMetric(run.id, "lm/val_cer").empty());

  // `sori lm build` makes one from a manifest; `eval --lm` decodes with it; bad files and
  // conflicting flags are refused, naming the problem.
  const auto lm = RunSori("--store " + StoreArg(*dir_) + " lm build --model " + run.id + " --order 4 --manifest " +
                          ShellQuote(dir_->File("ko/twenty.jsonl")) + " --out " + ShellQuote(dir_->File("twenty.arpa")));
  ASSERT_EQ(lm.exit_code, 0) << lm.err;
  EXPECT_NE(lm.out.find("order           4"), std::string::npos) << lm.out;
  const auto with_lm = RunSori("--store " + StoreArg(*dir_) + " eval --json --beam 8 --lm-weight 0.5 --model " + run.id +
                               " --lm " + ShellQuote(dir_->File("twenty.arpa")) + " --manifest " +
                               ShellQuote(dir_->File("ko/twenty.jsonl")));
  ASSERT_EQ(with_lm.exit_code, 0) << with_lm.err;
  EXPECT_LT(nlohmann::json::parse(with_lm.out).at("cer").get<double>(), 0.05);
  dir_->Write("bad.arpa", "\\data\\\nngram 1=1\n\n\\1-grams:\n-1\tnot-a-jamo\n\n\\end\\\n");
  const auto bad = RunSori("--store " + StoreArg(*dir_) + " eval --model " + run.id + " --lm " +
                           ShellQuote(dir_->File("bad.arpa")) + " --manifest " + ShellQuote(dir_->File("ko/twenty.jsonl")));
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("bad.arpa:5: 'not-a-jamo' is not a piece"), std::string::npos) << bad.err;
  const auto conflict = RunSori("--store " + StoreArg(*dir_) + " eval --no-lm --lm-weight 1 --model " + run.id +
                                " --manifest " + ShellQuote(dir_->File("ko/twenty.jsonl")));
  EXPECT_NE(conflict.exit_code, 0);
  EXPECT_NE(conflict.err.find("--no-lm cannot be combined"), std::string::npos) << conflict.err;

  // `sori lm attach` writes a new package with that LM, tuned on a manifest: the other
  // files are copied byte for byte, it decodes with the LM by default, and it registers.
  const std::string source_pkg = run.run_dir + "/model";
  const std::string attached = dir_->File("with-lm");
  const auto att = RunSori("--store " + StoreArg(*dir_) + " lm attach --model " + run.id + " --lm " +
                           ShellQuote(dir_->File("twenty.arpa")) + " --tune " + ShellQuote(dir_->File("ko/twenty.jsonl")) +
                           " --weights 0.5,1 --bonuses 0,1 --beam 4 --out " + ShellQuote(attached));
  ASSERT_EQ(att.exit_code, 0) << att.err;
  EXPECT_NE(att.out.find("val CER"), std::string::npos) << att.out;
  EXPECT_NE(att.out.find("4 settings tried"), std::string::npos) << att.out;
  for (const char* f : {"weights.ckpt", "config.yaml", "tokenizer/tokenizer.json"}) {
    EXPECT_EQ(ReadFileToString(attached + "/" + f, 64 << 20), ReadFileToString(source_pkg + "/" + f, 64 << 20)) << f;
  }
  const nlohmann::json att_meta = nlohmann::json::parse(ReadFileToString(attached + "/model.json", 1 << 20));
  EXPECT_EQ(att_meta["lm"]["order"], 4);
  EXPECT_EQ(att_meta["lm"]["beam"], 4);
  EXPECT_EQ(att_meta["lm"]["tuning"].size(), 1u + 2u * 2u);
  EXPECT_EQ(att_meta["metrics"], meta["metrics"]);
  EXPECT_EQ(att_meta["lineage"]["base_package"]["path"], std::filesystem::absolute(source_pkg).lexically_normal().string());
  const auto att_eval = RunSori("--store " + StoreArg(*dir_) + " eval --json --model " + ShellQuote(attached) +
                                " --manifest " + ShellQuote(dir_->File("ko/twenty.jsonl")));
  ASSERT_EQ(att_eval.exit_code, 0) << att_eval.err;
  EXPECT_LT(nlohmann::json::parse(att_eval.out).at("cer").get<double>(), 0.05);
  const auto reg = RunSori("--store " + StoreArg(*dir_) + " models register " + ShellQuote(attached) + " --name micro-lm");
  ASSERT_EQ(reg.exit_code, 0) << reg.err;

  // Built from sentences with settings given; no tuning.
  const auto built = RunSori("--store " + StoreArg(*dir_) + " lm attach --model " + run.id + " --order 3 --manifest " +
                             ShellQuote(dir_->File("ko/twenty.jsonl")) + " --lm-weight 0.7 --lm-bonus 1.5 --out " +
                             ShellQuote(dir_->File("built-lm")));
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const nlohmann::json built_meta = nlohmann::json::parse(ReadFileToString(dir_->File("built-lm/model.json"), 1 << 20));
  EXPECT_EQ(built_meta["lm"]["order"], 3);
  EXPECT_FLOAT_EQ(built_meta["lm"]["weight"].get<float>(), 0.7f);
  EXPECT_FLOAT_EQ(built_meta["lm"]["bonus"].get<float>(), 1.5f);
  EXPECT_FALSE(built_meta["lm"].contains("tuning"));

  // Refused, naming the problem, and nothing written or overwritten: an existing --out,
  // both or neither LM source, no settings, settings with --tune, a bad ARPA file.
  const std::string attach = "--store " + StoreArg(*dir_) + " lm attach --model " + run.id + " ";
  const std::string twenty = ShellQuote(dir_->File("ko/twenty.jsonl"));
  const std::string arpa = ShellQuote(dir_->File("twenty.arpa"));
  const std::string fresh = ShellQuote(dir_->File("not-written"));
  const std::string before = ReadFileToString(attached + "/model.json", 1 << 20);
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"--lm " + arpa + " --lm-weight 1 --out " + ShellQuote(attached), "already exists"},
      {"--lm " + arpa + " --manifest " + twenty + " --lm-weight 1 --out " + fresh, "not both"},
      {"--lm-weight 1 --out " + fresh, "not both"},
      {"--lm " + arpa + " --out " + fresh, "give --tune"},
      {"--lm " + arpa + " --tune " + twenty + " --lm-weight 1 --out " + fresh, "do not also give"},
      {"--lm " + ShellQuote(dir_->File("bad.arpa")) + " --lm-weight 1 --out " + fresh, "is not a piece"},
      {"--lm " + arpa + " --tune " + ShellQuote(dir_->File("missing.jsonl")) + " --out " + fresh, "missing.jsonl"},
  };
  for (const auto& [args, message] : refused) {
    const auto refusal = RunSori(attach + args);
    EXPECT_NE(refusal.exit_code, 0) << args;
    EXPECT_NE(refusal.err.find(message), std::string::npos) << args << "\n" << refusal.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_->File("not-written")));
  EXPECT_EQ(ReadFileToString(attached + "/model.json", 1 << 20), before);
  for (const auto& entry : std::filesystem::directory_iterator(dir_->path())) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
  }
}

std::map<int64_t, double> LossByStep(Store& store, const std::string& run) {
  std::map<int64_t, double> out;
  for (const auto& p : store.runs().GetMetric(run, "train/loss")) out[p.step] = p.value;  // the last write wins
  return out;
}

TEST_F(TrainerTest, KillNineThenResumeContinuesTheSameLossTrajectory) {
  dir_->Write("resume.yaml", MicroConfig("  max_epochs: 100\n  max_steps: 40\n  log_every_n_steps: 1\n"));
  const std::string cmd = std::string(SORI_BINARY_PATH) + " --threads 1 --store " + dir_->File("store-resume") +
                          " train --config " + dir_->File("resume.yaml");
  // Reference: uninterrupted.
  ASSERT_EQ(test::RunCommand(cmd + " > /dev/null 2>&1").exit_code, 0);
  auto store = Store::Open(dir_->File("store-resume"));
  const std::string reference_id = store->runs().List().front().id;
  const auto reference = LossByStep(*store, reference_id);
  ASSERT_EQ(reference.size(), 40u);

  // The same run killed with SIGKILL once a checkpoint past step 10 exists.
  const auto bg = test::RunCommand(cmd + " > /dev/null 2>&1 & echo $!");
  const pid_t pid = static_cast<pid_t>(std::stol(bg.out));
  std::string killed_id;
  bool killed = false;
  for (int i = 0; i < 600 && !killed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (const auto& run : store->runs().List()) {
      if (run.id == reference_id) continue;
      killed_id = run.id;
      std::ifstream f(run.run_dir + "/checkpoints/last/trainer.json");
      const nlohmann::json state = nlohmann::json::parse(f, nullptr, /*allow_exceptions=*/false);
      if (state.is_object() && state.contains("global_step") && state.at("global_step").get<int64_t>() >= 10) {
        ::kill(pid, SIGKILL);
        killed = true;
      }
    }
  }
  ASSERT_TRUE(killed) << "the training process never wrote a checkpoint past step 10";
  while (::kill(pid, 0) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(store->runs().Get(killed_id).status, "killed");  // reaped: the process is gone

  const auto resumed = RunSori("--threads 1 --store " + ShellQuote(dir_->File("store-resume")) + " train --resume " + killed_id);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(store->runs().Get(killed_id).status, "finished");
  const auto after = LossByStep(*store, killed_id);
  ASSERT_EQ(after.size(), 40u);
  for (const auto& [step, loss] : reference) {
    EXPECT_NEAR(after.at(step), loss, 1e-5 * std::max(1.0, loss)) << "step " << step;
  }
}

TEST_F(TrainerTest, SavedWeightsLoadInPythonPyTorch) {
  if (RunProcess({"/usr/bin/python3", "-c", "import torch"}, 120).exit_code != 0) {
    GTEST_SKIP() << "Debian's python3-torch is not installed (scripts/install-deps.sh installs it)";
  }
  test::TempDir d;
  const StateDict sd = {{"encoder.w", torch::randn({3, 5})}, {"encoder.n", torch::tensor(4, torch::kLong)},
                        {"decoder.b", torch::arange(6).to(torch::kFloat)}};
  SaveStateDict(d.File("w.ckpt"), sd);
  const auto r = RunProcess({"/usr/bin/python3", "-c",
                             "import sys, torch\n"
                             "sd = torch.load(sys.argv[1])\n"
                             "for k, v in sd.items(): print(k, list(v.shape), str(v.dtype), '%.6f' % v.double().sum().item())\n",
                             d.File("w.ckpt")},
                            120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string expected;
  for (const auto& [k, v] : sd) {
    std::vector<std::string> dims;
    for (int64_t s : v.sizes()) dims.push_back(std::to_string(s));
    char sum[64];
    std::snprintf(sum, sizeof(sum), "%.6f", v.to(torch::kDouble).sum().item<double>());
    expected += k + " [" + [&] { std::string j; for (size_t i = 0; i < dims.size(); ++i) j += (i ? ", " : "") + dims[i]; return j; }() +
                "] " + (v.scalar_type() == torch::kLong ? "torch.int64" : "torch.float32") + " " + sum + "\n";
  }
  EXPECT_EQ(r.out, expected);
}

}  // namespace
}  // namespace sori
