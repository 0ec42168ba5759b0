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
#pragma once

#include <atomic>
#include <map>
#include <string>

#include "store/store.h"
#include "train/train_config.h"

namespace sori {

struct TrainOptions {
  std::string resume_run;          // run id (or unique prefix) to continue
  std::string init_from;           // model package to start from (fine-tuning)
  const std::atomic<bool>* stop = nullptr;
  bool show_progress = true;
  std::string source_revision;     // of this build (git describe)
};

struct TrainResult {
  std::string run_id;
  std::string status;              // finished | killed | failed
  std::string package_dir;         // the best model, when one was saved
  std::map<std::string, double> metrics;  // best val/*, test/* when evaluated
  int64_t steps = 0;
  double audio_seconds_per_second = 0.0;  // training throughput
};

TrainResult Train(TrainConfig config, Store& store, const TrainOptions& options);

}  // namespace sori
