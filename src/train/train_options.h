// What `sori train` is asked to do beyond the config, and what it reports back.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>

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

}  // namespace sori
