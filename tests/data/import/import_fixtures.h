// Helpers shared by the importer tests: corpus files written into a TempDir, quiet
// import options, and lookups into an ImportResult that print the whole result when a
// test fails.
#pragma once

#include <cstdint>
#include <string>

#include "data/import/import.h"
#include "support/temp_dir.h"

namespace sori::test {

// Options for tests: no progress bar, two probing threads.
ImportOptions QuietOptions();

// Headerless 16 kHz s16le mono audio (KsponSpeech .pcm) of `samples` samples, plus
// `extra_bytes` stray bytes at the end (KsponSpeech's eval files have one). Returns the path.
std::string WritePcm(const TempDir& dir, const std::string& name, int64_t samples,
                     int extra_bytes = 0);

// A 16-bit mono WAV of `frames` frames at `rate` Hz (hand-made header). Returns the path.
std::string WriteWav(const TempDir& dir, const std::string& name, int64_t frames, int rate = 16000);

// A 16-bit mono FLAC of `frames` frames at 16 kHz (libsndfile). Returns the path.
std::string WriteFlac(const TempDir& dir, const std::string& name, int64_t frames);

// The reasons reported for `item` (the ImportProblem::item string), joined by " | ";
// "" if it was not reported.
std::string ReasonFor(const ImportResult& result, const std::string& item);

// The entry whose extra["id"] is `id`, or nullptr.
const ManifestEntry* EntryWithId(const ImportResult& result, const std::string& id);

// Every entry and problem, one per line, for failure messages.
std::string Describe(const ImportResult& result);

}  // namespace sori::test
