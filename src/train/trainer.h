// `sori train`: trains a CTC model from a TrainConfig and records the run in the store.
//
// Every run gets an id and a folder (<store>/runs/<id>) holding its tokenizer,
// checkpoints (checkpoints/last for resuming, checkpoints/best-<step> for the top k by
// the monitored metric) and, at the end, the model package of the best checkpoint
// (model/). The store records the resolved config, the source revision, the dataset
// snapshots it trained and validated on, parameters, metrics per step, artifacts,
// and the final status (finished, failed, or killed).
//
// Resume (`--resume RUN`) reloads checkpoints/last: weights, AdamW state, torch's RNG,
// and the (epoch, batch) position; the loader regenerates the same batches from its
// seed, so the loss trajectory continues as if never interrupted. SIGINT/SIGTERM (via
// `stop`) end the run at the next batch boundary after writing a checkpoint.
//
// `Train` runs the whole thing. The `Trainer` class holds its steps, so that tests can
// drive a run in process: set-up (the constructor), TrainStep per batch,
// ValidateAndCheckpoint, the epoch boundaries, and Finish (package, LM, test set).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "train/schedule_plan.h"
#include "train/train_config.h"
#include "train/train_options.h"
#include "train/train_setup.h"

namespace sori {

class ProgressBar;
class Store;

TrainResult Train(TrainConfig config, Store& store, const TrainOptions& options);

struct StepResult {
  double loss = 0.0;     // the batch's CTC loss per target token
  bool stepped = false;  // the batch completed an accumulation group: the optimizer stepped
};

class Trainer {
 public:
  // Set-up (SetUpTraining); `record` must outlive the trainer.
  Trainer(TrainConfig config, LoadedModel init, RunRecord& record, const TrainOptions& options);
  ~Trainer();
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // Every epoch until max_epochs, max_steps, the time budget, early stopping or a signal
  // ends the run; validation and checkpoints as the config schedules them.
  void Fit();

  // The steps Fit is made of, in its order: BeginEpoch; while !ShouldStop, TrainStep and,
  // after an optimizer step, CheckpointIfDue; then EndEpoch.
  void BeginEpoch();
  // Sets stopped() and the reason when a signal, the time budget or max_steps says so.
  bool ShouldStop();
  // One batch: forward, CTC loss, backward, and the optimizer step when the accumulation
  // group is complete; logs train/* metrics. Nothing when the epoch has no more batches.
  std::optional<StepResult> TrainStep();
  // Validation or a resume point when the step count calls for one.
  void CheckpointIfDue();
  // Validation (val/* metrics, top-k, early stopping), then checkpoints/last. Returns
  // true, and sets stopped(), if early stopping ends the run.
  bool ValidateAndCheckpoint();
  // checkpoints/last, then the top-k folders it no longer lists.
  void SaveLast();
  // Closes the accumulation group, then (unless stopped) moves to the next epoch,
  // validating there when validation is per epoch, and saves checkpoints/last.
  void EndEpoch();

  // After Fit: the last checkpoint, then the run's final status. A signalled run ends
  // killed; otherwise the best checkpoint is packaged (FinalizeRun) and the run finished.
  TrainResult Finish();

  bool stopped() const { return stop_; }
  const std::string& stop_reason() const { return stop_reason_; }
  const TrainerState& state() const { return s_.state; }
  CtcModel& model() { return s_.model; }
  const TrainingSetup& setup() const { return s_; }

 private:
  void OptimizerStep();
  void LogStep(double loss, double audio_seconds, double seconds, bool stepped);
  // Validation, metrics, top-k and early stopping, without checkpoints/last.
  bool ValidateOnce();

  RunRecord& record_;
  TrainOptions options_;
  TrainingSetup s_;
  SchedulePlan plan_;
  RngState rng_at_group_start_;  // what checkpoints/last resumes with
  std::vector<std::string> pruned_;

  struct GroupStart {  // where a checkpoint taken mid-group rewinds to
    int64_t batch_index = 0;
    int64_t micro_step = 0;
  } group_start_;
  int pending_ = 0;  // batches whose gradients wait for the next optimizer step
  bool stop_ = false;
  std::string stop_reason_;

  std::unique_ptr<ProgressBar> bar_;
  std::chrono::steady_clock::time_point last_heartbeat_;
  double loss_window_ = 0.0;  // since the last train/loss point
  int loss_count_ = 0;
  double smoothed_loss_ = -1.0;
  double audio_trained_ = 0.0;
  double train_seconds_ = 0.0;
};

}  // namespace sori
