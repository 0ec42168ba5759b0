// The Recognizer: one entry point from audio to text, shared by evaluation, the CLI and
// the server. It owns a loaded model package (weights shared read-only, as whisper.cpp's
// context; each call owns only its own tensors), so one Recognizer serves concurrent
// callers. Batching is the basic API: pad, compute features, encode, decode, then turn
// tokens into text, words and confidence (see transcript.h).
//
// Transcribe() takes utterances the model can take whole (up to a few tens of seconds);
// TranscribeLong() takes audio of any length and runs it in segments cut at quiet points
// (segmenter.h), gathering four batches of segments at a time and batching them by length
// (little padding), so memory is bounded by those four batches.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audio/features.h"
#include "infer/segmenter.h"
#include "infer/transcript.h"
#include "model/package.h"

namespace sori {

struct RecognizerOptions {
  int beam = 0;                    // 0: the model's default (its language model's beam, else
                                   // greedy); 1: greedy; more: prefix beam search this wide
  std::optional<float> lm_weight;  // language model weight (0: none); unset: the LM's tuned one
  std::optional<float> lm_bonus;   // per-token bonus; unset: the LM's tuned one
  SegmenterConfig segments;        // long audio
  int max_batch_segments = 8;      // long audio: segments run together, at most
  double max_batch_seconds = 80.0; // long audio: ... and at most this much padded audio per batch
                                   // (attention memory grows with batch x length^2)
  void Validate() const;           // Error(kInvalidInput) naming the option
};

class Recognizer {
 public:
  explicit Recognizer(const std::string& package_dir, const torch::Device& device = torch::kCPU);

  // Waveforms at sample_rate(), mono; one Transcript per input, in order. Thread-safe.
  std::vector<Transcript> Transcribe(const std::vector<std::vector<float>>& audio,
                                     const RecognizerOptions& options = {}) const;

  // Any length. `next` fills its argument with the next piece of audio and returns false
  // at the end (so a file can be decoded while it is recognized); `on_segment`, if set,
  // is told the seconds of audio done so far.
  Transcript TranscribeLong(const std::function<bool(std::vector<float>*)>& next, const RecognizerOptions& options = {},
                            const std::function<void(double)>& on_segment = {}) const;
  Transcript TranscribeLong(const std::vector<float>& audio, const RecognizerOptions& options = {}) const;

  // Decodes with `lm` from now on instead of the package's own (if any); not while
  // other threads transcribe. Throws Error(kInvalidInput) for an LM of another vocabulary.
  void UseLanguageModel(PackageLm lm);
  const PackageLm& language_model() const { return model_.lm; }
  // The beam width `options` decode with, and whether the language model takes part.
  int EffectiveBeam(const RecognizerOptions& options) const;
  bool UsesLanguageModel(const RecognizerOptions& options) const;

  // Per input, the log-probabilities of its valid encoder frames, [T_i, vocab + 1] on
  // the CPU (no frames for inputs shorter than one), and decoding them as Transcribe
  // does (log_probs [B, T, vocab + 1], lengths [B]): to try decoding settings without
  // running the model again.
  std::vector<at::Tensor> LogProbs(const std::vector<std::vector<float>>& audio) const;
  std::vector<CtcHypothesis> Decode(const at::Tensor& log_probs, const at::Tensor& lengths,
                                    const RecognizerOptions& options) const;

  const LoadedModel& model() const { return model_; }
  int sample_rate() const { return model_.config.sample_rate; }
  // Bytes held by the model's parameters and buffers (what each loaded model costs in
  // memory, before activations).
  size_t WeightBytes() const;
  // Seconds per encoder output frame (subsampling factor x feature hop).
  double frame_seconds() const;

 private:
  CtcOutput Forward(const std::vector<std::vector<float>>& audio, std::vector<size_t>* run) const;

  LoadedModel model_;
  FeatureExtractor features_;
  torch::Device device_;
};

}  // namespace sori
