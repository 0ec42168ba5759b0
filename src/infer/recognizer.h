// The Recognizer: one entry point from audio to text, shared by evaluation, the CLI and
// (later) the server. It owns a loaded model package (weights shared read-only; one
// Recognizer can serve concurrent callers) and runs batches: pad, compute features,
// encode, decode greedily, turn tokens into text with the package's tokenizer.
#pragma once

#include <string>
#include <vector>

#include "audio/features.h"
#include "infer/ctc_decode.h"
#include "model/package.h"

namespace sori {

struct Transcript {
  std::string text;
  CtcHypothesis hypothesis;
  double audio_seconds = 0.0;
};

class Recognizer {
 public:
  explicit Recognizer(const std::string& package_dir, const torch::Device& device = torch::kCPU);
  // 16 kHz (the package's rate) mono waveforms; one Transcript per input, in order.
  // Safe to call from several threads at once (the model runs in eval mode, read-only).
  std::vector<Transcript> Transcribe(const std::vector<std::vector<float>>& audio);

  const LoadedModel& model() const { return model_; }
  int sample_rate() const { return model_.config.sample_rate; }

 private:
  LoadedModel model_;
  FeatureExtractor features_;
  torch::Device device_;
};

}  // namespace sori
