// The end of a finished run: the best checkpoint becomes the run's model package
// (<run>/model), a language model tuned on the validation set joins it (lm.order > 0),
// the package's files are stored as the run's artifacts, and the test set, when the
// config names one, is evaluated with the package as `sori eval` would.
#pragma once

#include "train/checkpoint.h"
#include "train/run_record.h"
#include "train/train_options.h"
#include "train/train_setup.h"

namespace sori {

// `state.top_k` must not be empty. Loads the best weights into s.model (left on the
// CPU). Fills result's package_dir and metrics (the monitored value, lm/*, test/*).
void FinalizeRun(TrainingSetup& s, const TrainerState& state, RunRecord& record, const TrainOptions& options,
                 TrainResult* result);

}  // namespace sori
