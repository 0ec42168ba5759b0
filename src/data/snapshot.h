// Dataset content hash: what a training or evaluation run records to say exactly which
// data it saw. The hash covers every utterance's transcript, timing and labels and the
// bytes of its audio file, in manifest order, but not where the files live:
//
//   sha256( for each entry: canonical_json({"audio_sha256": sha256(file bytes),
//                                           "duration", "offset", "text", "lang",
//                                           "speaker", ...extra fields}) + "\n" )
//
// canonical_json sorts keys and prints compactly, so the same content always hashes the
// same, a corpus copied to another machine or folder keeps its hash, and changing one
// audio byte, one transcript character or one duration changes it.
#pragma once

#include <cstdint>
#include <string>

#include "data/manifest.h"

namespace sori {

struct DatasetHash {
  std::string hash;        // 64 hex characters
  int64_t utterances = 0;
  double hours = 0.0;      // sum of manifest durations
  int64_t audio_bytes = 0; // total size of the distinct audio files
};

// Hashes audio files on `threads` threads with a progress bar. Throws sori::Error
// naming the entry's line and file if one cannot be read.
DatasetHash HashDataset(const Manifest& manifest, int threads, bool show_progress = true);

}  // namespace sori
