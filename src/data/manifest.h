// NeMo JSONL manifests: one JSON object per line,
//   {"audio_filepath": "wav/a.wav", "duration": 2.5, "text": "...",
//    "offset": 0.0, "lang": "ko", "speaker": "spk01", ...}
// `audio_filepath` and `duration` are required, `text` unless the caller says
// otherwise (inference manifests have none); `offset` (seconds into the file), `lang`
// and `speaker` are optional; any other fields are kept and written back unchanged.
// Relative audio paths resolve against the manifest's own folder, as NeMo does.
// Blank lines are ignored. Every problem names the manifest and the 1-based line.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sori {

struct ManifestEntry {
  std::string audio_filepath;  // resolved: absolute, or relative to the process cwd
  std::string text;
  double duration = 0.0;       // seconds
  double offset = 0.0;         // seconds into the audio file
  std::optional<std::string> lang;
  std::optional<std::string> speaker;  // numbers in the source are kept as their text
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // unknown fields
  int64_t line = 0;            // 1-based line in the source manifest (0 if built in code)
};

enum class OnError { kSkip, kFail };

// Parses "skip" / "fail"; throws Error(kInvalidInput) otherwise.
OnError ParseOnError(const std::string& name);

struct ManifestReadOptions {
  OnError on_error = OnError::kFail;
  bool require_text = true;
  // Lines longer than this are rejected instead of parsed (a guard against binary or
  // runaway files); the default is far above any real transcript.
  size_t max_line_bytes = 1 << 20;
};

struct ManifestProblem {
  int64_t line = 0;
  std::string message;
};

struct Manifest {
  std::string path;
  std::vector<ManifestEntry> entries;
  std::vector<ManifestProblem> skipped;  // lines dropped under OnError::kSkip
};

// Parses one line (no trailing newline). Throws Error(kInvalidInput) whose message
// starts with "line N:" and names the field.
ManifestEntry ParseManifestLine(std::string_view line, int64_t line_number,
                                const std::string& base_dir, const ManifestReadOptions& options);

// Parses a whole manifest held in memory; `name` is used in messages.
Manifest ParseManifest(std::string_view contents, const std::string& name,
                       const std::string& base_dir, const ManifestReadOptions& options);

// Reads a manifest file (kNotFound if missing). Under kFail the first bad line throws
// Error(kInvalidInput) "<path>: line N: ..."; under kSkip bad lines are collected.
Manifest ReadManifest(const std::string& path, const ManifestReadOptions& options = {});

// "manifest 'P' has no utterances (...)": what `manifest validate` and the nemo importer
// say of a manifest without a single entry line.
std::string NoUtterancesMessage(const std::string& path);

// One JSON line for an entry. Paths under `relative_to` (if non-empty) are written
// relative to it, so a corpus folder can move as a whole.
std::string ManifestEntryToJson(const ManifestEntry& entry, const std::string& relative_to = "");

// Writes entries atomically. Audio paths inside the manifest's folder are written
// relative to it; others stay absolute.
void WriteManifest(const std::string& path, const std::vector<ManifestEntry>& entries);

}  // namespace sori
