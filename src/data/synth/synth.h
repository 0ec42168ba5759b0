// Synthetic speech corpora made with espeak-ng: `sori data synth`.
//
// Speakers are espeak-ng voice variants (f1..f5, m1..m8, klatt, adam, ...; about 100),
// each with its own base pitch and speaking rate drawn from the seed; every utterance
// jitters both a little. Texts come from the sentence generators (data/synth_text.h):
// numbers read both ways, dates, times, prices, phone numbers, everyday sentences.
//
// Splits are by voice: voices are shuffled with the seed and dealt to test, val and
// train (at least one each), so test voices never occur in training and the test set
// measures generalization to unseen speakers. Each utterance picks a voice uniformly,
// so hours per split follow the voice shares.
//
// Determinism: utterance i is planned from (seed, i) alone, synthesized in parallel,
// and accepted in order until the requested hours are reached, so the same seed and
// espeak-ng version give the same corpus whatever the thread count.
//
// Output folder:
//   wav/<id>.wav                16 kHz mono 16-bit WAV
//   train.jsonl val.jsonl test.jsonl   NeMo manifests (paths relative to the folder),
//                               with speaker ("ko+f3") and extra fields kind, pitch, rate
//   voices.json                 voice -> split, base pitch and rate
//   synth.json                  the options, espeak-ng version and totals
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sori {

struct SynthOptions {
  std::string lang = "ko";        // ko | en
  double hours = 0.2;             // audio to produce, (0, 1000]
  std::string out_dir;
  uint64_t seed = 1;
  int threads = 1;                // concurrent espeak-ng processes
  double val_voice_fraction = 0.1;
  double test_voice_fraction = 0.1;
  std::string espeak = "espeak-ng";
  int sample_rate = 16000;
  bool force = false;             // replace an existing corpus in out_dir
  bool show_progress = true;

  void Validate() const;          // throws Error(kInvalidInput) naming the field
};

struct SynthSplit {
  int64_t utterances = 0;
  double hours = 0.0;
  std::vector<std::string> voices;
};

struct SynthReport {
  std::map<std::string, SynthSplit> splits;  // "train", "val", "test"
  int64_t utterances = 0;
  double hours = 0.0;
  double wall_seconds = 0.0;
  std::string espeak_version;
};

SynthReport SynthesizeCorpus(const SynthOptions& options);

}  // namespace sori
