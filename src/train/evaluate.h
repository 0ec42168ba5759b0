// Evaluation of a model package on a manifest: transcribe every utterance through the
// Recognizer (batched by duration), score against the manifest's transcripts, and report
// corpus-level CER and WER with substitutions / deletions / insertions, every
// utterance's hypothesis and aligned errors, the worst utterances, and the real-time
// factor. Used by `sori eval` and at the end of training for the test set.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "data/entry_audio.h"
#include "data/manifest.h"
#include "infer/recognizer.h"
#include "text/metrics.h"

namespace sori {

struct UtteranceResult {
  int64_t line = 0;
  std::string audio_filepath;
  std::string reference;
  std::string hypothesis;
  ErrorCounts chars;
  ErrorCounts words;
  std::string alignment;  // FormatAlignment of the characters (empty without errors)
  double seconds = 0.0;
};

struct EvalReport {
  ErrorCounts chars;               // corpus-level CER counts
  ErrorCounts words;               // corpus-level WER counts
  std::vector<UtteranceResult> utterances;  // manifest order
  int64_t failed = 0;              // utterances whose audio could not be decoded
  double audio_seconds = 0.0;
  double processing_seconds = 0.0; // decoding + recognition wall time
  double real_time_factor() const { return audio_seconds > 0 ? processing_seconds / audio_seconds : 0.0; }
  nlohmann::ordered_json ToJson(int worst) const;
};

struct EvalOptions {
  double batch_duration = 120.0;  // seconds of padded audio per batch
  int max_batch_size = 32;
  bool ignore_spaces = false;     // CER without spaces
  bool show_progress = true;
  RecognizerOptions decoding;     // beam width and language model fusion
};


EvalReport Evaluate(Recognizer& recognizer, const std::vector<ManifestEntry>& entries, const EvalOptions& options);

}  // namespace sori
