// The part of every importer after its format-specific scan: the scan turns a corpus
// into ImportCandidates (utterance id, audio path, transcript or transcript file) plus
// the problems it found on the way; FinishImport does the rest the same way for all
// formats — duplicate ids, transcript decoding and normalization, probing the audio in
// parallel, duration checks — and sorts entries and problems. Internal to src/data.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audio/audio.h"
#include "data/import/import.h"
#include "data/manifest.h"
#include "data/import/text_encoding.h"

namespace sori {

// A place in the source: a file, or a 1-based line of one.
struct ItemRef {
  std::string file;
  int64_t line = 0;  // 0: the whole file

  std::string ToString() const;  // "/c/a.wav" or "/c/wav.scp:12"
  bool operator==(const ItemRef& other) const { return file == other.file && line == other.line; }
  bool operator<(const ItemRef& other) const;
};

// Problems found while scanning, sorted and converted to ImportProblem at the end.
class ProblemList {
 public:
  void Add(ItemRef where, std::string reason);
  size_t size() const { return problems_.size(); }
  // Sorted by file, then line, then reason.
  std::vector<ImportProblem> Sorted() &&;

 private:
  struct Entry {
    ItemRef where;
    std::string reason;
  };
  std::vector<Entry> problems_;
};

// One utterance as a format's scan found it, before its audio is probed.
struct ImportCandidate {
  std::string id;          // utterance id: sort key and duplicate check
  bool record_id = true;   // write the id to extra["id"] (nemo keeps its own fields)
  ItemRef item;            // named by audio and segment problems
  ItemRef text_ref;        // named by transcript problems
  std::string audio_path;  // absolute

  // The transcript: UTF-8 in `text`, not yet normalized; or, if `text_file` is set, that
  // file's bytes, decoded with ImportOptions::text_encoding (in the parallel phase, so a
  // corpus of one small file per utterance is not read serially).
  std::string text;
  std::string text_file;

  std::optional<std::string> speaker;
  std::optional<std::string> lang;
  double offset = 0.0;             // segment start in seconds (Kaldi segments, NeMo offset)
  double segment_end = -1.0;       // Kaldi segment end; -1: the end of the recording
  int channel = -1;                // Kaldi segment channel; -1: none given
  double manifest_duration = 0.0;  // nemo: what the manifest claims
  int64_t manifest_line = 0;       // nemo: ManifestEntry::line of the entry written
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
};

// Sets entry->duration (and may adjust entry->offset) from the candidate and the probed
// header. Returns an empty string if the utterance is usable, else the reason it is not.
using DurationRule = std::function<std::string(const ImportCandidate& candidate,
                                               const AudioInfo& info, ManifestEntry* entry)>;

// The whole file is the utterance: duration = the header's.
std::string WholeFileDuration(const ImportCandidate& candidate, const AudioInfo& info,
                              ManifestEntry* entry);

struct FinishSettings {
  std::string lang;  // resolved normalizer: "ko", "en", "none", or "" to keep text as is
  DurationRule duration_rule = WholeFileDuration;
  bool keep_order = false;  // keep the scan's order instead of sorting by id (nemo)
};

ImportResult FinishImport(std::vector<ImportCandidate> candidates, ProblemList problems,
                          const ImportOptions& options, const FinishSettings& settings);

// Normalizes one UTF-8 transcript with the resolved `lang` (see FinishSettings::lang).
std::string NormalizeTranscript(std::string_view text, const std::string& lang,
                                const ImportOptions& options);

// Transcript text for messages: trimmed, cut to about 60 bytes at a character boundary.
std::string QuoteTranscript(std::string_view text);

}  // namespace sori
