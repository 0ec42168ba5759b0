// LibriSpeech importer: SPEAKER/CHAPTER/SPEAKER-CHAPTER-UTT.flac joined by id with the
// lines of SPEAKER-CHAPTER.trans.txt. Layout and rules: data/import.h.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "data/import/import_formats.h"
#include "data/import/import_pipeline.h"
#include "data/import/import_source.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr std::string_view kTranscriptSuffix = ".trans.txt";

// "84-121123-0000": three runs of digits joined by '-'.
bool IsUtteranceId(std::string_view id) {
  int parts = 1;
  bool digit_seen = false;
  for (const char c : id) {
    if (c == '-') {
      if (!digit_seen) return false;
      ++parts;
      digit_seen = false;
    } else if (c >= '0' && c <= '9') {
      digit_seen = true;
    } else {
      return false;
    }
  }
  return parts == 3 && digit_seen;
}

struct TranscriptRow {
  ItemRef where;
  std::string text;  // UTF-8, not normalized
};

// Reads one *.trans.txt into rows by id; lines that cannot be used go to *problems, but
// their ids still go to *seen so their audio is not reported a second time.
void ReadTranscripts(const std::string& path, TextEncoding requested,
                     std::map<std::string, std::vector<TranscriptRow>>* rows,
                     std::set<std::string>* seen, ProblemList* problems) {
  std::string contents;
  try {
    contents = ReadSourceFile(path);
  } catch (const Error& e) {
    problems->Add({path, 0}, e.what());
    return;
  }
  std::vector<std::pair<SourceLine, KeyedLine>> lines;
  std::vector<std::string_view> texts;
  for (const SourceLine& line : SplitLines(contents)) {
    if (TrimView(line.text).empty()) continue;
    KeyedLine keyed = SplitKey(line.text);
    if (!IsUtteranceId(keyed.key)) {
      problems->Add({path, line.number},
                    "expected 'SPEAKER-CHAPTER-UTTERANCE TRANSCRIPT' (e.g. '84-121123-0000 GO DO "
                    "YOU HEAR'), got " +
                        QuoteTranscript(line.text));
      continue;
    }
    seen->insert(keyed.key);
    texts.push_back(keyed.rest);
    lines.emplace_back(line, std::move(keyed));
  }
  const TextEncoding encoding = ChooseFileEncoding(texts, requested);
  for (const auto& [line, keyed] : lines) {
    const ItemRef where{path, line.number};
    try {
      (*rows)[keyed.key].push_back(
          {where, DecodeTranscript(keyed.rest, encoding, keyed.rest_offset)});
    } catch (const Error& e) {
      problems->Add(where, e.what());
    }
  }
}

}  // namespace

ImportResult ImportLibriSpeech(const std::string& source, const ImportOptions& options,
                               const std::string& lang) {
  RequireDirectory(source, "librispeech",
                   "the LibriSpeech root or a split folder such as dev-clean");
  ProblemList problems;
  const TextEncoding requested = ParseTextEncoding(options.text_encoding);
  std::map<std::string, std::vector<std::string>> audio;  // id -> .flac files
  std::map<std::string, std::vector<TranscriptRow>> transcripts;
  std::set<std::string> transcript_ids;
  for (const std::string& file : WalkFiles(source, &problems)) {
    if (EndsWith(file, kTranscriptSuffix)) {
      ReadTranscripts(file, requested, &transcripts, &transcript_ids, &problems);
    } else if (LowerExtension(file) == ".flac") {
      const std::string id = FileStem(file);
      if (!IsUtteranceId(id)) {
        problems.Add(
            {file, 0},
            "not a LibriSpeech utterance file name (expected SPEAKER-CHAPTER-UTTERANCE.flac, "
            "e.g. 84-121123-0000.flac)");
        continue;
      }
      audio[id].push_back(file);
    }
  }

  std::vector<ImportCandidate> candidates;
  for (const auto& [id, rows] : transcripts) {
    const auto found = audio.find(id);
    if (found == audio.end()) {
      for (const TranscriptRow& row : rows) {
        problems.Add(row.where, "transcript without audio: no " + id + ".flac under " + source);
      }
      continue;
    }
    // Every (transcript, audio) combination; more than one means a duplicate id, which
    // FinishImport reports at each place it occurs.
    for (const TranscriptRow& row : rows) {
      for (const std::string& flac : found->second) {
        ImportCandidate c;
        c.id = id;
        c.item = {flac, 0};
        c.text_ref = row.where;
        c.audio_path = flac;
        c.text = row.text;
        c.speaker = id.substr(0, id.find('-'));
        c.lang = "en";
        candidates.push_back(std::move(c));
      }
    }
  }
  for (const auto& [id, files] : audio) {
    if (transcript_ids.count(id) != 0) continue;
    for (const std::string& flac : files) {
      problems.Add({flac, 0}, "audio without transcript: '" + id + "' is in no *.trans.txt");
    }
  }
  FinishSettings settings;
  settings.lang = lang;
  return FinishImport(std::move(candidates), std::move(problems), options, settings);
}

}  // namespace sori
