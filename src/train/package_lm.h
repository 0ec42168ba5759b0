// The language model a trained package carries: a token n-gram model of the training
// transcripts (text/ngram_lm.h), with the fusion weight and bonus that give the lowest
// CER on the validation set (a grid from the config's lm section). The grid decodes the
// validation set once per point with the package's beam, on the encoder outputs computed
// once, so tuning costs seconds, not a validation pass per point.
#pragma once

#include <optional>
#include <vector>

#include "data/manifest.h"
#include "infer/recognizer.h"
#include "train/train_config.h"

namespace sori {

struct LmTuningPoint {
  float weight = 0.0f;  // 0: beam search without the LM
  float bonus = 0.0f;
  double cer = 0.0;
};

struct TunedLm {
  PackageLm lm;                        // tuned weight, bonus, the spec's beam; info filled
  std::vector<LmTuningPoint> grid;     // every point tried, the LM-free beam search first
};

// Tunes `lm` (weight and bonus over spec.weights x spec.bonuses, decoding at spec.beam)
// on `val` with `recognizer`; the recognizer's own LM is not used, and none is left set.
// Keeps `lm.info`'s other keys and adds val_cer, val_cer_without_lm and the grid.
// Unreadable validation audio is skipped with a warning, as evaluation does.
TunedLm TuneLm(PackageLm lm, const LmSpec& spec, const std::vector<ManifestEntry>& val, Recognizer& recognizer,
               bool show_progress);

// Builds the LM from `train` transcripts and tunes it on `val` with `recognizer` (the
// package without an LM). Returns nothing for spec.order 0. Throws what the tokenizer or
// the audio decoding throws (Error naming the manifest line).
std::optional<TunedLm> BuildAndTuneLm(const LmSpec& spec, const std::vector<ManifestEntry>& train,
                                      const std::vector<ManifestEntry>& val, Recognizer& recognizer,
                                      bool show_progress);

}  // namespace sori
