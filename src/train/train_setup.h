// Everything a run needs before its first batch, from its config: the run record (new,
// or reopened with its recorded config for --resume), the device, the manifests, the
// tokenizer, the model (fresh from the seed, or a fine-tuned package's weights), AdamW,
// the data loaders, and the trainer state (from checkpoints/last when resuming).
#pragma once

#include <torch/torch.h>

#include <memory>

#include "data/loader.h"
#include "data/manifest.h"
#include "model/ctc_model.h"
#include "model/package.h"
#include "text/tokenizer.h"
#include "train/checkpoint.h"
#include "train/run_record.h"
#include "train/train_config.h"
#include "train/train_options.h"

namespace sori {

// A run before set-up. For --resume, `config` is the run's recorded one; for
// --init-from, `init` holds the package and `config` takes its model sections.
struct RunStart {
  RunRecord record;
  TrainConfig config;
  LoadedModel init;
};

// Creates the run (or reopens options.resume_run). Throws before creating anything if
// the --init-from package cannot be loaded.
RunStart BeginRun(TrainConfig config, Store& store, const TrainOptions& options);

struct TrainingSetup {
  TrainConfig config;  // model.vocab_size filled in from the tokenizer
  torch::Device device{torch::kCPU};
  Manifest train_manifest;
  Manifest val_manifest;
  PreprocessorBuffers buffers;  // a NeMo import's filterbank and window; undefined otherwise
  std::shared_ptr<const Tokenizer> tokenizer;
  CtcModel model{nullptr};  // in train mode, on `device`
  std::unique_ptr<torch::optim::AdamW> optimizer;
  std::unique_ptr<DataLoader> train_loader;
  std::unique_ptr<DataLoader> val_loader;
  TrainerState state;  // resumed from checkpoints/last, or fresh
};

// Seeds torch, then builds everything in the order that makes the same seed give the
// same model. A new run records its parameters and datasets in `record`. Throws Error
// naming what is wrong (a missing manifest, a tokenizer that does not fit the config,
// an unavailable device).
TrainingSetup SetUpTraining(TrainConfig config, LoadedModel init, RunRecord& record, const TrainOptions& options);

}  // namespace sori
