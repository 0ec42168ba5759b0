// A drift baseline from a manifest: what `sori models register` and
// `sori monitor baseline` store with a model version.
//
// Each utterance is decoded at the recognizer's sample rate (the manifest's `offset` and
// `duration` cut a segment, as evaluation does), metered (AudioFeatureMeter) and
// transcribed the way the server would: utterances up to options.segments.max_seconds in
// one Transcribe batch, longer ones with TranscribeLong (whose stitched transcripts have
// no tokens, so their tokens_per_second is NaN in the baseline as in production).
#pragma once

#include <cstddef>
#include <functional>

#include "data/manifest.h"
#include "infer/recognizer.h"
#include "monitor/drift_baseline.h"

namespace sori {

// Runs the recognizer over the manifest's utterances, `batch_size` (>= 1) at a time, and
// builds the baseline (source: the manifest's path). Calls `progress(done, total)` after
// each batch if set. Audio that fails to load is Error(kInvalidInput) naming the manifest
// line and the file.
DriftBaseline BaselineFromManifest(const Recognizer& recognizer, const Manifest& manifest,
                                   const RecognizerOptions& options, int batch_size = 8,
                                   std::function<void(size_t, size_t)> progress = {});

}  // namespace sori
