// The audio of one manifest entry, as training, evaluation and drift baselines read it.
#pragma once

#include <vector>

#include "data/manifest.h"

namespace sori {

// The audio of a manifest entry (the slice its offset and duration name, if any), mono at
// `sample_rate`. Throws what DecodeAudioFile throws.
std::vector<float> DecodeEntryAudio(const ManifestEntry& entry, int sample_rate);

}  // namespace sori
