// Learning rate per optimizer step: linear warmup from 0 to `learning_rate` over
// `warmup_steps`, then
//   cosine:   min_lr + (lr - min_lr) * (1 + cos(pi * progress)) / 2, progress from 0 at the
//             end of warmup to 1 at `total_steps` (NeMo's CosineAnnealing);
//   noam:     lr * sqrt(warmup_steps / step) (peak lr at the end of warmup; Vaswani et al.);
//   constant: lr.
#pragma once

#include <cstdint>

#include "train/train_config.h"

namespace sori {

// `step` counts from 0; `total_steps` is the planned number of optimizer steps.
double LearningRateAt(const TrainingSpec& spec, int64_t step, int64_t total_steps);

}  // namespace sori
