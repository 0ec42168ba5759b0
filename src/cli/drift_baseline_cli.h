// Computing a version's drift baseline from a manifest and storing it with the version:
// shared by `sori models register` (from the training run's validation manifest) and
// `sori monitor baseline`.
#pragma once

#include <ostream>
#include <string>

#include "cli/command.h"
#include "store/registry.h"

namespace sori::cli {

// Runs the version's model over `manifest` (a progress bar on a terminal), stores the
// baseline and prints a one-line summary to `out`. Throws what reading or decoding throws.
void StoreDriftBaseline(Store& store, const ModelVersion& version, const std::string& manifest, std::ostream& out);

// The manifest a registered version's baseline comes from by default: its training run's
// validation manifest, when the lineage names one that still exists; "" otherwise.
std::string DefaultBaselineManifest(const ModelVersion& version);

}  // namespace sori::cli
