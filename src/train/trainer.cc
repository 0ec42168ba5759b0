#include "train/trainer.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <filesystem>

#include "train/finalize.h"
#include "train/lr_schedule.h"
#include "train/validation.h"
#include "util/progress.h"
#include "util/strings.h"

namespace sori {
namespace {

using TrainerClock = std::chrono::steady_clock;

double StepSecondsSince(TrainerClock::time_point since) {
  return std::chrono::duration<double>(TrainerClock::now() - since).count();
}

// NeMo's "mean_volume": total loss over total target length.
torch::Tensor MeanVolumeCtcLoss(const CtcOutput& out, const Batch& b, int blank) {
  const torch::Tensor per_utt =
      torch::ctc_loss(out.log_probs.transpose(0, 1), b.targets.to(out.log_probs.device()), out.lengths,
                      b.target_lengths.to(out.log_probs.device()), blank, at::Reduction::None,
                      /*zero_infinity=*/true);
  const double volume = std::max<double>(1.0, static_cast<double>(b.target_lengths.sum().item<int64_t>()));
  return per_utt.sum() / volume;
}

void SetAdamWLearningRate(torch::optim::AdamW& opt, double lr) {
  for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

void SetEncoderTrainable(CtcModel& model, bool trainable) {
  for (auto& p : model->encoder()->parameters()) p.set_requires_grad(trainable);
}

}  // namespace

TrainResult Train(TrainConfig config, Store& store, const TrainOptions& options) {
  RunStart start = BeginRun(std::move(config), store, options);
  try {
    Trainer trainer(std::move(start.config), std::move(start.init), start.record, options);
    trainer.Fit();
    return trainer.Finish();
  } catch (const std::exception& e) {
    start.record.Finish("failed", e.what());
    throw;
  }
}

Trainer::Trainer(TrainConfig config, LoadedModel init, RunRecord& record, const TrainOptions& options)
    : record_(record),
      options_(options),
      s_(SetUpTraining(std::move(config), std::move(init), record, options)),
      plan_(s_.config.training, s_.train_loader->BatchesInEpoch(0), s_.state),
      rng_at_group_start_(CaptureRng()),
      last_heartbeat_(TrainerClock::now()) {
  SetEncoderTrainable(s_.model, s_.state.global_step >= s_.config.training.freeze_encoder_steps);
}

Trainer::~Trainer() = default;

void Trainer::Fit() {
  while (!stop_ && s_.state.epoch < s_.config.training.max_epochs) {
    BeginEpoch();
    while (!ShouldStop()) {
      const std::optional<StepResult> step = TrainStep();
      if (!step) break;
      if (step->stepped) CheckpointIfDue();
      if (stop_) break;
    }
    EndEpoch();
  }
}

void Trainer::BeginEpoch() {
  const TrainerState& state = s_.state;
  s_.train_loader->Start(state.epoch, state.batch_index);
  bar_ = std::make_unique<ProgressBar>(
      "epoch " + std::to_string(state.epoch + 1) + "/" + std::to_string(s_.config.training.max_epochs),
      static_cast<uint64_t>(s_.train_loader->BatchesInEpoch(state.epoch)), "batches");
  if (!options_.show_progress) bar_->set_mode(ProgressBar::Mode::kSilent);
  if (state.batch_index > 0) bar_->Add(static_cast<uint64_t>(state.batch_index));
}

bool Trainer::ShouldStop() {
  const TrainingSpec& t = s_.config.training;
  std::string reason;
  if (options_.stop && options_.stop->load()) {
    reason = "stopped by a signal";
  } else if (plan_.OverTimeBudget()) {
    reason = "time budget of " + FormatFixed(t.max_minutes, 1) + " minutes used";
  } else if (t.max_steps > 0 && s_.state.global_step >= t.max_steps) {
    reason = "max_steps reached";
  }
  if (reason.empty()) return false;
  stop_ = true;
  stop_reason_ = reason;
  return true;
}

std::optional<StepResult> Trainer::TrainStep() {
  const TrainingSpec& t = s_.config.training;
  TrainerState& state = s_.state;
  // The first batch of an accumulation group: where a checkpoint taken mid-group
  // rewinds to. rng_at_group_start_ already holds the generator state here: it is
  // captured at set-up and after every optimizer step, and nothing draws from it between.
  if (pending_ == 0) group_start_ = {state.batch_index, state.micro_step};
  const auto step_start = TrainerClock::now();
  std::optional<Batch> batch = s_.train_loader->Next();
  if (!batch) return std::nullopt;
  const CtcOutput out = s_.model->forward(batch->features.to(s_.device), batch->feature_lengths.to(s_.device));
  const torch::Tensor loss = MeanVolumeCtcLoss(out, *batch, s_.model->blank_id());
  (loss / static_cast<double>(t.accumulate_grad_batches)).backward();
  state.micro_step++;
  state.batch_index = batch->index + 1;
  pending_++;
  StepResult result;
  if (pending_ == t.accumulate_grad_batches) {
    OptimizerStep();
    result.stepped = true;
    if (state.global_step == t.freeze_encoder_steps) SetEncoderTrainable(s_.model, true);
  }
  result.loss = loss.item<double>();
  LogStep(result.loss, batch->audio_seconds, StepSecondsSince(step_start), result.stepped);
  if (result.stepped) {
    plan_.AfterStep(&state);
    rng_at_group_start_ = CaptureRng();  // a checkpoint here is at a group boundary
  }
  return result;
}

void Trainer::OptimizerStep() {
  const TrainingSpec& t = s_.config.training;
  if (t.max_grad_norm > 0) torch::nn::utils::clip_grad_norm_(s_.model->parameters(), t.max_grad_norm);
  SetAdamWLearningRate(*s_.optimizer, LearningRateAt(t, s_.state.global_step, plan_.planned_steps()));
  s_.optimizer->step();
  s_.optimizer->zero_grad();
  s_.state.global_step++;
  pending_ = 0;
}

void Trainer::LogStep(double loss, double audio_seconds, double seconds, bool stepped) {
  const TrainingSpec& t = s_.config.training;
  const TrainerState& state = s_.state;
  loss_window_ += loss;
  loss_count_++;
  smoothed_loss_ = smoothed_loss_ < 0 ? loss : 0.9 * smoothed_loss_ + 0.1 * loss;
  audio_trained_ += audio_seconds;
  train_seconds_ += seconds;
  const double lr = LearningRateAt(t, state.global_step, plan_.planned_steps());
  const double speed = audio_trained_ / std::max(1e-9, train_seconds_);
  if (bar_) {
    bar_->SetSuffix("loss " + FormatFixed(smoothed_loss_, 3) + "  lr " + fmt::format("{:.2e}", lr) + "  " +
                    FormatFixed(speed, 1) + " audio-s/s");
    bar_->Add();
  }
  // Logging, checkpoints and validation count optimizer steps, like max_steps.
  if (stepped && state.global_step % t.log_every_n_steps == 0) {
    record_.LogMetrics(state.global_step, state.epoch,
                       {{"train/loss", loss_window_ / loss_count_}, {"train/lr", lr}, {"train/audio_s_per_s", speed}});
    loss_window_ = 0;
    loss_count_ = 0;
  }
  if (StepSecondsSince(last_heartbeat_) > 30) {
    record_.Heartbeat();
    last_heartbeat_ = TrainerClock::now();
  }
}

void Trainer::CheckpointIfDue() {
  const TrainingSpec& t = s_.config.training;
  const int64_t step = s_.state.global_step;
  if (t.val_every_n_steps > 0 && step % t.val_every_n_steps == 0) {
    ValidateAndCheckpoint();
  } else if (t.checkpoint.every_n_steps > 0 && step % t.checkpoint.every_n_steps == 0) {
    SaveLast();
  }
}

bool Trainer::ValidateOnce() {
  const TrainingSpec& t = s_.config.training;
  TrainerState& state = s_.state;
  const ValidationResult v = Validate(s_.model, *s_.val_loader, *s_.tokenizer, s_.device);
  record_.LogMetrics(state.global_step, state.epoch, {{"val/loss", v.loss}, {"val/cer", v.cer}, {"val/wer", v.wer}});
  spdlog::info("epoch {} step {}: val loss {:.4f}  CER {:.2f}%  WER {:.2f}%", state.epoch, state.global_step, v.loss,
               100 * v.cer, 100 * v.wer);
  KeepIfTopK(MonitoredValue(v, t.checkpoint.monitor), t.checkpoint, record_.dir(), s_.model, &state, &pruned_);
  const std::string reason = UpdateEarlyStopping(MonitoredValue(v, t.early_stopping.monitor), t.early_stopping, &state);
  if (reason.empty()) return false;
  stop_ = true;
  stop_reason_ = reason;
  return true;
}

bool Trainer::ValidateAndCheckpoint() {
  const bool stop = ValidateOnce();
  SaveLast();
  return stop;
}

// checkpoints/last first, then the top-k folders it no longer lists: a kill between the
// two leaves an unlisted folder (removed on resume), never a listed folder missing.
void Trainer::SaveLast() {
  s_.state.elapsed_seconds = plan_.Elapsed();
  SaveCheckpoint(record_.dir() + "/checkpoints/last", s_.model, *s_.optimizer, s_.state, rng_at_group_start_);
  for (const auto& dir : pruned_) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  pruned_.clear();
}

void Trainer::EndEpoch() {
  TrainerState& state = s_.state;
  if (bar_) bar_->Finish();
  // The epoch ended inside an accumulation group: step with what it has (as Lightning
  // does), so every checkpoint sits on a group boundary.
  if (pending_ > 0 && !stop_) OptimizerStep();
  if (pending_ > 0) {
    // Stopped inside a group (signal or time budget): drop its gradients and resume
    // from its first batch, with the RNG as it was there.
    s_.optimizer->zero_grad();
    state.batch_index = group_start_.batch_index;
    state.micro_step = group_start_.micro_step;
    pending_ = 0;
  } else {
    rng_at_group_start_ = CaptureRng();
  }
  if (stop_) return;
  state.epoch++;
  state.batch_index = 0;
  plan_.AtEpochEnd(&state);
  if (s_.config.training.val_every_n_steps == 0) {
    ValidateAndCheckpoint();
  } else {
    SaveLast();
  }
}

TrainResult Trainer::Finish() {
  SaveLast();
  TrainResult result;
  result.run_id = record_.id();
  result.steps = s_.state.global_step;
  result.audio_seconds_per_second = audio_trained_ / std::max(1e-9, train_seconds_);
  if (options_.stop && options_.stop->load()) {
    record_.Finish("killed", "stopped by a signal at step " + std::to_string(s_.state.global_step) +
                                 "; continue with: sori train --resume " + record_.id());
    result.status = "killed";
    return result;
  }
  if (!stop_reason_.empty()) spdlog::info("{}", stop_reason_);
  if (s_.state.top_k.empty()) ValidateOnce();  // the best checkpoint becomes the package
  FinalizeRun(s_, s_.state, record_, options_, &result);
  record_.Finish("finished");
  result.status = "finished";
  return result;
}

}  // namespace sori
