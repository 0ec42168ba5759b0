#include "train/schedule_plan.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sori {
namespace {

double PlanSecondsSince(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

SchedulePlan::SchedulePlan(const TrainingSpec& spec, int64_t batches_per_epoch, const TrainerState& state)
    : spec_(spec),
      budgeted_(spec.max_minutes > 0 && spec.max_steps <= 0),
      steps_before_(state.global_step),
      elapsed_before_(state.elapsed_seconds),
      session_start_(std::chrono::steady_clock::now()) {
  planned_steps_ = spec.max_steps > 0 ? spec.max_steps
                                      : (batches_per_epoch * spec.max_epochs + spec.accumulate_grad_batches - 1) /
                                            spec.accumulate_grad_batches;
  epoch_planned_steps_ = planned_steps_;
  if (budgeted_ && state.planned_steps > 0) planned_steps_ = state.planned_steps;
}

double SchedulePlan::Elapsed() const { return elapsed_before_ + PlanSecondsSince(session_start_); }

bool SchedulePlan::OverTimeBudget() const { return spec_.max_minutes > 0 && Elapsed() > spec_.max_minutes * 60.0; }

void SchedulePlan::AfterStep(TrainerState* state) {
  if (budgeted_ && state->planned_steps == 0 && state->global_step - steps_before_ >= 20) {
    Replan(state);
    spdlog::info("time budget: the learning-rate schedule spans ~{} steps", planned_steps_);
  }
}

void SchedulePlan::AtEpochEnd(TrainerState* state) {
  if (budgeted_ && state->global_step - steps_before_ >= 20) Replan(state);
}

void SchedulePlan::Replan(TrainerState* state) {
  const double pace =
      static_cast<double>(state->global_step - steps_before_) / std::max(1e-9, PlanSecondsSince(session_start_));
  const double remaining = std::max(0.0, spec_.max_minutes * 60.0 - Elapsed());
  const auto fit = static_cast<int64_t>(static_cast<double>(state->global_step) + pace * remaining);
  planned_steps_ = std::max<int64_t>(1, std::min(epoch_planned_steps_, fit));
  state->planned_steps = planned_steps_;
}

}  // namespace sori
