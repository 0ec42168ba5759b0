// NeMo manifest importer: re-checks an existing JSONL manifest against its audio.
// Layout and rules: data/import.h.
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "data/import/import_formats.h"
#include "data/import/import_pipeline.h"
#include "data/import/import_source.h"
#include "data/manifest.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

// The tolerance `manifest validate` uses (ManifestCheckOptions::duration_tolerance_sec).
constexpr double kDurationToleranceSec = 0.1;

std::string ManifestDuration(const ImportCandidate& c, const AudioInfo& info,
                             ManifestEntry* entry) {
  const double audio = info.duration_sec;
  if (c.offset > 0) {
    // A segment: the manifest's duration says how much to read; it must fit.
    if (c.offset >= audio) {
      return "offset " + FormatSeconds(c.offset) + " is past the end of the audio (" + FormatSeconds(audio) +
             ")";
    }
    const double end = c.offset + c.manifest_duration;
    if (end > audio + kDurationToleranceSec) {
      return "manifest segment ends at " + FormatSeconds(end) + " (offset " + FormatSeconds(c.offset) +
             " + duration " + FormatSeconds(c.manifest_duration) + "), audio is " + FormatSeconds(audio);
    }
    entry->duration = c.manifest_duration;
    return "";
  }
  if (std::fabs(c.manifest_duration - audio) > kDurationToleranceSec) {
    return "manifest says " + FormatSeconds(c.manifest_duration) + ", audio is " + FormatSeconds(audio);
  }
  entry->duration = audio;
  return "";
}

// ParseManifest's messages start with "line N: "; the item already names the line.
std::string WithoutLinePrefix(const std::string& message) {
  if (StartsWith(message, "line ")) {
    const size_t colon = message.find(": ");
    if (colon != std::string::npos) return message.substr(colon + 2);
  }
  return message;
}

}  // namespace

ImportResult ImportNemo(const std::string& source, const ImportOptions& options,
                        const std::string& lang) {
  std::error_code ec;
  if (std::filesystem::is_directory(source, ec)) {
    throw Error(ErrorCode::kInvalidInput,
                "'" + source + "' is a folder; the nemo format expects a NeMo JSONL manifest file");
  }
  if (ParseTextEncoding(options.text_encoding) == TextEncoding::kCp949) {
    throw Error(ErrorCode::kInvalidInput,
                "text encoding cp949 does not apply to NeMo manifests: they are JSON, which is "
                "UTF-8; use auto or utf-8");
  }
  ManifestReadOptions read;
  read.on_error = OnError::kSkip;
  const Manifest manifest = ReadManifest(source, read);
  if (manifest.entries.empty() && manifest.skipped.empty()) {
    // Writing an empty manifest and reporting success would hide a wrong path or a
    // failed export upstream.
    throw Error(ErrorCode::kInvalidInput, NoUtterancesMessage(source) + "; nothing to import");
  }

  ProblemList problems;
  for (const ManifestProblem& p : manifest.skipped) {
    problems.Add({source, p.line}, WithoutLinePrefix(p.message));
  }
  std::vector<ImportCandidate> candidates;
  candidates.reserve(manifest.entries.size());
  for (const ManifestEntry& e : manifest.entries) {
    ImportCandidate c;
    c.audio_path = AbsolutePath(e.audio_filepath);
    // Two lines reading the same stretch of the same file are a duplicate.
    c.id = c.audio_path + (e.offset > 0 ? "@" + FormatFixed(e.offset, 3) : "");
    c.record_id = false;
    c.item = {source, e.line};
    c.text_ref = c.item;
    c.text = e.text;
    c.speaker = e.speaker;
    c.lang = e.lang;
    c.offset = e.offset;
    c.manifest_duration = e.duration;
    c.manifest_line = e.line;
    c.extra = e.extra;
    candidates.push_back(std::move(c));
  }
  FinishSettings settings;
  settings.lang = lang;
  settings.duration_rule = ManifestDuration;
  settings.keep_order = true;
  return FinishImport(std::move(candidates), std::move(problems), options, settings);
}

}  // namespace sori
