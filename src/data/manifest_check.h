// Checks every utterance of a manifest the way training will use it: the audio file
// exists and decodes completely (within the duration limit), the manifest's duration
// agrees with the audio, and the transcript is not empty. Used by
// `sori manifest validate` and by importers before they write a manifest.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "audio/audio.h"
#include "data/manifest.h"

namespace sori {

enum class CheckReason {
  kInvalidLine,       // the manifest line itself is malformed
  kMissingAudio,      // audio file does not exist or cannot be opened
  kUndecodable,       // not audio, corrupt, truncated, NaN samples, bad rate/channels
  kTooLong,           // longer than the configured duration limit
  kDurationMismatch,  // manifest duration differs from the audio's
  kEmptyText,         // transcript is empty after trimming (a warning, not a failure)
  kNoUtterances,      // the manifest has no lines with an entry (empty, or blank lines only)
};

const char* CheckReasonName(CheckReason reason);
bool IsFailure(CheckReason reason);  // every reason except kEmptyText

struct CheckProblem {
  int64_t line = 0;
  std::string audio_filepath;
  CheckReason reason = CheckReason::kUndecodable;
  std::string message;
};

struct ManifestCheckOptions {
  DecodeOptions decode;                // sample rate, duration limit, raw PCM format
  double duration_tolerance_sec = 0.1; // |manifest - audio| allowed before a mismatch
  int threads = 1;
  bool show_progress = true;
};

struct ManifestCheckReport {
  int64_t utterances = 0;  // lines with an entry (parse failures included)
  int64_t ok = 0;          // entries without a failure
  double ok_hours = 0.0;   // decoded audio of the ok entries
  std::vector<CheckProblem> problems;  // in manifest order
  std::map<CheckReason, int64_t> counts;
  int64_t failures() const;
};

// `manifest` should have been read with OnError::kSkip so its skipped lines are
// reported as kInvalidLine. A manifest without any entry gets one kNoUtterances failure
// (line 0): a check that found nothing to check must not pass.
ManifestCheckReport CheckManifest(const Manifest& manifest, const ManifestCheckOptions& options);

}  // namespace sori
