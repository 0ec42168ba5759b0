// One loaded model version as the server runs it: the recognizer (weights shared,
// read-only), its own batcher, the names its metrics and log lines carry, and the
// window of its requests' drift features.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "infer/batcher.h"
#include "infer/recognizer.h"
#include "monitor/drift_baseline.h"
#include "monitor/drift_window.h"

namespace sori {

struct ServingModel {
  std::shared_ptr<const Recognizer> recognizer;
  // Before the batcher, so destroyed after it: its callbacks add to `drift`.
  std::shared_ptr<const DriftBaseline> drift_baseline;  // the version's, from the registry; nullptr: none
  std::unique_ptr<DriftWindow> drift;                    // the features of its last requests
  std::unique_ptr<DynamicBatcher> batcher;
  std::string name;     // the model's name, as /v1/models lists it
  std::string version;  // the model_version label: "NAME/k" for a registry version
  std::vector<std::vector<std::string>> cer_labels;  // stt_model_cer series it set
};

}  // namespace sori
