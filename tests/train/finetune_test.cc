// Fine-tuning an imported NeMo model: `sori models import-nemo` on the reference
// checkpoint, then `sori train --init-from PKG` (encoder frozen for the first steps) on a
// small FSDD manifest lowers the model's CTC loss on that manifest, and the run's package
// keeps the checkpoint's tokenizer and feature buffers.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <iostream>

#include "data/loader.h"
#include "data/manifest.h"
#include "model/package.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

using test::RunSori;
using test::ShellQuote;

// Mean CTC loss per target token of `package` over `manifest` (eval mode, no dither).
double ManifestLoss(const std::string& package, const std::string& manifest) {
  LoadedModel m = LoadModelPackage(package);
  LoaderConfig lc;
  lc.training = false;
  lc.shuffle = false;
  lc.workers = 1;
  lc.skip_infeasible_targets = false;
  lc.subsampling_factor = m.config.encoder.subsampling_factor;
  DataLoader loader(ReadManifest(manifest).entries, m.tokenizer, MakeFeatureExtractor(m.config, m.preprocessor), lc);
  loader.Start(0);
  torch::NoGradGuard no_grad;
  double loss = 0, tokens = 0;
  while (auto b = loader.Next()) {
    const CtcOutput out = m.model->forward(b->features, b->feature_lengths);
    loss += torch::ctc_loss(out.log_probs.transpose(0, 1), b->targets, out.lengths, b->target_lengths,
                            m.model->blank_id(), at::Reduction::Sum, true)
                .item<double>();
    tokens += static_cast<double>(b->target_lengths.sum().item<int64_t>());
  }
  return loss / tokens;
}

TEST(FineTuneTest, ImportedNemoModelFineTunesAndItsLossFalls) {
  const std::string ref = test::SharedDataDir() + "/nemo-fastconformer-tiny/tiny_fastconformer_ctc.nemo";
  const std::string fsdd = test::SharedDataDir() + "/fsdd";
  if (!std::filesystem::exists(ref) || !std::filesystem::exists(fsdd)) {
    GTEST_SKIP() << "needs ../shared/data (the NeMo reference checkpoint and FSDD)";
  }
  test::TempDir dir;
  auto r = RunSori("models import-nemo " + ShellQuote(ref) + " --out " + ShellQuote(dir.File("pkg")));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("char, 40 tokens"), std::string::npos) << r.out;

  r = RunSori("data import --format fsdd " + ShellQuote(fsdd) + " --out " + ShellQuote(dir.File("all.jsonl")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<ManifestEntry> some;
  for (const auto& e : ReadManifest(dir.File("all.jsonl")).entries) {
    if (e.speaker == "jackson" && some.size() < 24) some.push_back(e);  // lowercase digit words: in NeMo's labels
  }
  ASSERT_EQ(some.size(), 24u);
  WriteManifest(dir.File("small.jsonl"), some);

  dir.Write("ft.yaml",
            "name: finetune\n"
            "model: {tokenizer: {type: char}}\n"  // replaced by the package's (--init-from)
            "data: {train_manifest: small.jsonl, val_manifest: small.jsonl, max_duration: 5}\n"
            "training:\n"
            "  batch_duration: 12\n  max_steps: 30\n  learning_rate: 1.0e-3\n  warmup_steps: 5\n"
            "  scheduler: constant\n  workers: 1\n  freeze_encoder_steps: 10\n  val_every_n_steps: 0\n"
            "  early_stopping: {enabled: false}\n  checkpoint: {save_top_k: 1, every_n_steps: 10}\n"
            "augmentation: {spec_augment: {enabled: false}}\n");
  const double before = ManifestLoss(dir.File("pkg"), dir.File("small.jsonl"));
  r = RunSori("--threads 2 --store " + ShellQuote(dir.File("store")) + " train --config " + ShellQuote(dir.File("ft.yaml")) +
              " --init-from " + ShellQuote(dir.File("pkg")));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto store = Store::Open(dir.File("store"));
  const RunInfo run = store->runs().List().front();
  const std::string tuned = run.run_dir + "/model";
  const double after = ManifestLoss(tuned, dir.File("small.jsonl"));
  std::cout << "[finetune] CTC loss per token on the manifest: before " << before << ", after " << after << "\n";
  EXPECT_LT(after, 0.7 * before);

  LoadedModel m = LoadModelPackage(tuned);
  LoadedModel original = LoadModelPackage(dir.File("pkg"));
  EXPECT_EQ(m.metadata.at("tokenizer"), original.metadata.at("tokenizer"));
  ASSERT_TRUE(m.preprocessor.defined());
  EXPECT_TRUE(torch::equal(m.preprocessor.filterbank, original.preprocessor.filterbank));
}

}  // namespace
}  // namespace sori
