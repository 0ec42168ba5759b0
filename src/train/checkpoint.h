// Training checkpoints: everything a run needs to continue exactly where it stopped.
//
//   <dir>/model.ckpt      weights (state dict, torch.save zip format)
//   <dir>/optimizer.pt    AdamW state (moments, step counts), libtorch archive
//   <dir>/rng.pt          torch's random generators, CPU and CUDA (dropout masks)
//   <dir>/trainer.json    epoch, next batch, optimizer step, best metric, early-stopping
//                         counter, top-k list, elapsed time
//
// The data loader needs no state of its own: its batches follow from (seed, epoch,
// batch index). A checkpoint is written into a temporary folder and renamed over the
// previous one, so a kill at any moment leaves the old or the new checkpoint, whole.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "model/ctc_model.h"

namespace sori {

struct TopCheckpoint {
  double value = 0.0;   // the monitored metric
  int64_t step = 0;
  std::string dir;      // folder holding model.ckpt
};

struct TrainerState {
  int64_t epoch = 0;
  int64_t batch_index = 0;   // next batch of `epoch` to train on
  int64_t global_step = 0;   // optimizer steps taken
  int64_t micro_step = 0;    // batches seen (gradient accumulation counts these)
  double best_value = 0.0;
  bool has_best = false;
  int bad_validations = 0;   // since the last improvement (early stopping)
  double elapsed_seconds = 0.0;
  int64_t planned_steps = 0;  // the LR schedule's length when set by a time budget; 0: from epochs/max_steps
  std::vector<TopCheckpoint> top_k;
};

// torch's random generators (dropout masks): the CPU one, and CUDA's when present.
struct RngState {
  at::Tensor cpu;
  at::Tensor cuda;  // undefined without CUDA
};
RngState CaptureRng();
void RestoreRng(const RngState& rng);

// `rng` is the generator state to resume with: the trainer passes the state at the
// start of the accumulation group the checkpoint resumes at.
void SaveCheckpoint(const std::string& dir, CtcModel& model, torch::optim::Optimizer& optimizer,
                    const TrainerState& state, const RngState& rng);
// Throws Error(kNotFound) if `dir` holds no checkpoint, kInvalidInput if it is damaged.
TrainerState LoadCheckpoint(const std::string& dir, CtcModel& model, torch::optim::Optimizer& optimizer);
// True if `dir` holds a whole checkpoint. Restores the previous checkpoint when a kill
// fell between SaveCheckpoint's two renames (it is then under a ".old" name).
bool CheckpointExists(const std::string& dir);
// Removes what a kill can leave in `checkpoints_dir`: best-* folders that `state` (the
// resumed checkpoint) does not list, and unfinished .tmp/.old folders.
void RemoveStaleCheckpoints(const std::string& checkpoints_dir, const TrainerState& state);

}  // namespace sori
