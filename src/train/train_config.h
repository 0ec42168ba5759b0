// A training configuration, read from YAML in the shape NeMo users know:
//
//   name: tiny-ko
//   model: {...}                          # model/model_config.h
//   data:
//     train_manifest: corpus/ko/train.jsonl
//     val_manifest: corpus/ko/val.jsonl
//     test_manifest: corpus/ko/test.jsonl   # optional: evaluated after training
//     sample_rate: 16000
//     min_duration: 0.1                     # seconds; shorter utterances are skipped
//     max_duration: 20.0                    # seconds; longer ones too
//   training:
//     batch_duration: 120        # seconds of padded audio per batch (no fixed count)
//     max_batch_size: 64
//     accumulate_grad_batches: 1
//     max_epochs: 30
//     max_steps: -1              # optimizer steps; -1: no limit
//     max_minutes: 0             # wall-clock budget; 0: no limit
//     learning_rate: 2.0e-3      # peak
//     scheduler: cosine          # cosine | noam | constant (each after linear warmup)
//     warmup_steps: 500
//     min_lr: 1.0e-5             # cosine floor
//     weight_decay: 1.0e-3
//     betas: [0.9, 0.98]
//     max_grad_norm: 1.0         # 0: no clipping
//     precision: 32              # 32 | bf16 | 16 (mixed precision, CUDA only)
//     device: auto               # auto | cpu | cuda
//     seed: 1
//     workers: 2                 # data loader threads
//     val_every_n_steps: 0       # 0: validate once per epoch
//     log_every_n_steps: 10
//     freeze_encoder_steps: 0    # fine-tuning: train only the decoder at first
//     early_stopping: {enabled: true, monitor: val/cer, patience: 5, mode: min}
//     checkpoint: {save_top_k: 3, monitor: val/cer, mode: min, every_n_steps: 200}
//   augmentation:
//     speed_perturb: {enabled: false, factors: [0.9, 1.0, 1.1]}
//     noise_aug: {enabled: false, prob: 0.5, min_snr_db: 10, max_snr_db: 30, noise_dir: ""}
//     spec_augment: {enabled: true, freq_masks: 2, freq_width: 27, time_masks: 10, time_width: 0.05}
//   lm:                          # token n-gram LM from the training transcripts, in the package
//     order: 6                   # 0: none
//     beam: 8                    # the package's default beam width
//     weights: [0.5, 0.75, 1.0, 1.25, 1.5]   # grid tuned on the validation set (lowest CER)
//     bonuses: [0.0, 1.0, 2.0, 3.0]
//
// Unknown keys and invalid values are errors that name the key (`training.lerning_rate`).
// Relative manifest paths resolve against the YAML file's folder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audio/augment.h"
#include "model/model_config.h"

namespace sori {

struct DataSpec {
  std::string train_manifest;
  std::string val_manifest;
  std::string test_manifest;  // optional
  int sample_rate = 16000;
  double min_duration = 0.1;
  double max_duration = 20.0;
};

struct EarlyStoppingSpec {
  bool enabled = true;
  std::string monitor = "val/cer";
  int patience = 5;           // validations without improvement
  std::string mode = "min";   // min | max
};

struct CheckpointSpec {
  int save_top_k = 3;
  std::string monitor = "val/cer";
  std::string mode = "min";
  int every_n_steps = 200;    // resume points between validations; 0: only at validation
};

struct TrainingSpec {
  double batch_duration = 120.0;
  int max_batch_size = 64;
  int accumulate_grad_batches = 1;
  int max_epochs = 30;
  int64_t max_steps = -1;
  double max_minutes = 0.0;
  double learning_rate = 2e-3;
  std::string scheduler = "cosine";
  int warmup_steps = 500;
  double min_lr = 1e-5;
  double weight_decay = 1e-3;
  std::vector<double> betas = {0.9, 0.98};
  double max_grad_norm = 1.0;
  std::string precision = "32";
  std::string device = "auto";
  uint64_t seed = 1;
  int workers = 2;
  int val_every_n_steps = 0;
  int log_every_n_steps = 10;
  int freeze_encoder_steps = 0;
  EarlyStoppingSpec early_stopping;
  CheckpointSpec checkpoint;
};

struct LmSpec {
  int order = 6;
  int beam = 8;
  std::vector<double> weights = {0.5, 0.75, 1.0, 1.25, 1.5};
  std::vector<double> bonuses = {0.0, 1.0, 2.0, 3.0};
};

struct TrainConfig {
  std::string name = "run";
  ModelConfig model;
  DataSpec data;
  TrainingSpec training;
  AugmentConfig augmentation;
  LmSpec lm;
  std::string yaml;  // the resolved configuration (every default filled in)

  static TrainConfig FromYamlFile(const std::string& path);
  // The file with command-line overrides applied first, each "dotted.key=value" (value
  // in YAML: `training.learning_rate=1e-3`, `training.betas=[0.9,0.99]`). Keys are
  // checked like the file's. Relative paths given for data.*_manifest,
  // model.tokenizer.path and augmentation.noise_aug.noise_dir resolve against `cwd`
  // (where the user typed them), the file's own against its folder.
  static TrainConfig FromYamlFile(const std::string& path, const std::vector<std::string>& overrides,
                                  const std::string& cwd);
  // `base_dir` resolves relative manifest paths.
  static TrainConfig FromYamlString(const std::string& text, const std::string& name, const std::string& base_dir);
  void Validate() const;
  std::string ToYaml() const;
};

}  // namespace sori
