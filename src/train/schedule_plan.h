// The length of the learning-rate schedule, and the run's clock against its time budget.
//
// The schedule spans max_steps, or the optimizer steps of max_epochs. With a time budget
// (and no max_steps) it spans the budget instead: the number of steps that fit is
// estimated from this session's pace after 20 steps and again at every epoch end (the
// pace then includes validation), and kept in the checkpoint (TrainerState's
// planned_steps) so that a resumed run follows the same schedule.
#pragma once

#include <chrono>
#include <cstdint>

#include "train/checkpoint.h"
#include "train/train_config.h"

namespace sori {

class SchedulePlan {
 public:
  // Starts this session's clock; `state` is where the run starts (resumed or fresh).
  SchedulePlan(const TrainingSpec& spec, int64_t batches_per_epoch, const TrainerState& state);

  int64_t planned_steps() const { return planned_steps_; }
  // Seconds of training over all sessions of the run.
  double Elapsed() const;
  bool OverTimeBudget() const;
  // After an optimizer step: the first estimate, once 20 steps show the pace.
  void AfterStep(TrainerState* state);
  // At an epoch end: a new estimate, the pace now including validation.
  void AtEpochEnd(TrainerState* state);

 private:
  void Replan(TrainerState* state);

  TrainingSpec spec_;
  int64_t planned_steps_ = 0;
  int64_t epoch_planned_steps_ = 0;  // what max_epochs allows; a budget never plans more
  bool budgeted_ = false;
  int64_t steps_before_ = 0;         // optimizer steps done before this session
  double elapsed_before_ = 0.0;
  std::chrono::steady_clock::time_point session_start_;
};

}  // namespace sori
