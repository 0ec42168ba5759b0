#include "data/manifest_check.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <optional>

#include "audio/reader.h"
#include "util/error.h"
#include "util/parallel.h"
#include "util/progress.h"
#include "util/strings.h"

namespace sori {
namespace {

struct EntryResult {
  std::optional<CheckProblem> failure;
  std::optional<CheckProblem> warning;
  double seconds = 0.0;
};

EntryResult CheckEntry(const ManifestEntry& entry, const ManifestCheckOptions& options) {
  EntryResult result;
  const auto problem = [&](CheckReason reason, std::string message) {
    return CheckProblem{entry.line, entry.audio_filepath, reason, std::move(message)};
  };
  DecodeOptions decode = options.decode;
  if (entry.offset > 0) {
    // A segment of a longer file: the manifest's duration says how much to read.
    decode.offset_sec = entry.offset;
    decode.duration_sec = entry.duration;
  }
  try {
    const Audio audio = DecodeAudioFile(entry.audio_filepath, decode);
    result.seconds = audio.duration_sec();
    if (std::fabs(result.seconds - entry.duration) > options.duration_tolerance_sec) {
      result.failure = problem(CheckReason::kDurationMismatch,
                               "manifest says " + FormatFixed(entry.duration, 3) + " s, audio is " +
                                   FormatFixed(result.seconds, 3) + " s");
    }
  } catch (const Error& e) {
    CheckReason reason = CheckReason::kUndecodable;
    if (e.code() == ErrorCode::kNotFound || e.code() == ErrorCode::kIo) reason = CheckReason::kMissingAudio;
    if (e.code() == ErrorCode::kTooLarge) reason = CheckReason::kTooLong;
    result.failure = problem(reason, e.what());
  }
  if (TrimView(entry.text).empty()) {
    result.warning = problem(CheckReason::kEmptyText, "transcript is empty");
  }
  return result;
}

}  // namespace

const char* CheckReasonName(CheckReason reason) {
  switch (reason) {
    case CheckReason::kInvalidLine: return "invalid manifest line";
    case CheckReason::kMissingAudio: return "audio file missing";
    case CheckReason::kUndecodable: return "audio undecodable";
    case CheckReason::kTooLong: return "audio too long";
    case CheckReason::kDurationMismatch: return "duration mismatch";
    case CheckReason::kEmptyText: return "empty transcript (warning)";
    case CheckReason::kNoUtterances: return "no utterances";
  }
  return "unknown";
}

bool IsFailure(CheckReason reason) { return reason != CheckReason::kEmptyText; }

int64_t ManifestCheckReport::failures() const {
  int64_t n = 0;
  for (const auto& [reason, count] : counts) {
    if (IsFailure(reason)) n += count;
  }
  return n;
}

ManifestCheckReport CheckManifest(const Manifest& manifest, const ManifestCheckOptions& options) {
  options.decode.Validate();
  ManifestCheckReport report;
  const size_t n = manifest.entries.size();
  std::vector<EntryResult> results(n);
  {
    ProgressBar progress("check", n, "files");
    if (!options.show_progress) progress.set_mode(ProgressBar::Mode::kSilent);
    ParallelFor(n, options.threads, [&](size_t i) {
      results[i] = CheckEntry(manifest.entries[i], options);
      progress.Add();
    });
  }
  for (const auto& skipped : manifest.skipped) {
    report.problems.push_back({skipped.line, "", CheckReason::kInvalidLine, skipped.message});
  }
  if (n == 0 && manifest.skipped.empty()) {
    report.problems.push_back({0, "", CheckReason::kNoUtterances, NoUtterancesMessage(manifest.path)});
  }
  for (size_t i = 0; i < n; ++i) {
    if (results[i].failure) {
      report.problems.push_back(*results[i].failure);
    } else {
      ++report.ok;
      report.ok_hours += results[i].seconds / 3600.0;
    }
    if (results[i].warning) report.problems.push_back(*results[i].warning);
  }
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const CheckProblem& a, const CheckProblem& b) { return a.line < b.line; });
  for (const auto& p : report.problems) report.counts[p.reason]++;
  report.utterances = static_cast<int64_t>(n + manifest.skipped.size());
  return report;
}

}  // namespace sori
