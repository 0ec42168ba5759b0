// Validation during training and what its result decides: which checkpoints stay in the
// top k, and when early stopping ends the run.
#pragma once

#include <string>
#include <vector>

#include "data/loader.h"
#include "model/ctc_model.h"
#include "text/tokenizer.h"
#include "train/checkpoint.h"
#include "train/train_config.h"

namespace sori {

struct ValidationResult {
  double loss = 0.0;  // per target token, over the utterances CTC can align
  double cer = 0.0;
  double wer = 0.0;
};

// One pass over `loader` in eval mode; the model is back in train mode afterwards.
ValidationResult Validate(CtcModel& model, DataLoader& loader, const Tokenizer& tokenizer, const torch::Device& device);

// The value of `key` (val/loss, val/cer or val/wer) in `v`.
double MonitoredValue(const ValidationResult& v, const std::string& key);

// True if `a` is better than `b` in `mode` (min or max).
bool IsBetter(double a, double b, const std::string& mode);

// Saves the model as <run_dir>/checkpoints/best-<step> if `value` enters the top
// spec.save_top_k. Folders that drop out go to `pruned`, to be deleted only after
// checkpoints/last stops listing them, so that a kill in between never leaves a listed
// folder missing.
void KeepIfTopK(double value, const CheckpointSpec& spec, const std::string& run_dir, CtcModel& model,
                TrainerState* state, std::vector<std::string>* pruned);

// Counts validations without improvement; returns a reason to stop when early stopping
// is enabled and its patience is used up, or "" to go on.
std::string UpdateEarlyStopping(double value, const EarlyStoppingSpec& spec, TrainerState* state);

}  // namespace sori
