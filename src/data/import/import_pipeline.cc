#include "data/import/import_pipeline.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

#include "audio/reader.h"
#include "text/normalize.h"
#include "text/normalize_ko.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/parallel.h"
#include "util/progress.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace sori {
namespace {

// A per-utterance transcript is one line; anything this big is not a transcript.
constexpr uint64_t kMaxTranscriptFileBytes = 1 << 20;

struct Outcome {
  std::optional<ManifestEntry> entry;
  ItemRef problem_at;
  std::string problem;
};


// Reports every copy of a duplicated id and returns the candidates whose id is unique.
// Each copy is reported once, naming the others.
std::vector<ImportCandidate> RemoveDuplicates(std::vector<ImportCandidate> candidates,
                                              ProblemList* problems) {
  std::vector<size_t> order(candidates.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return candidates[a].id < candidates[b].id; });
  std::vector<bool> keep(candidates.size(), true);
  for (size_t start = 0; start < order.size();) {
    size_t end = start + 1;
    while (end < order.size() && candidates[order[end]].id == candidates[order[start]].id) ++end;
    if (end - start > 1) {
      std::set<ItemRef> items;
      std::set<ItemRef> text_refs;
      for (size_t k = start; k < end; ++k) {
        keep[order[k]] = false;
        items.insert(candidates[order[k]].item);
        text_refs.insert(candidates[order[k]].text_ref);
      }
      // Name the copies by what differs: the audio files if there are several (a
      // transcript file next to each is implied), else the transcript lines.
      std::set<ItemRef> places = items;
      if (items.size() == 1 && text_refs.size() > 1) places = text_refs;
      const std::string& id = candidates[order[start]].id;
      for (const ItemRef& place : places) {
        std::vector<std::string> others;
        for (const ItemRef& other : places) {
          if (!(other == place)) others.push_back(other.ToString());
        }
        std::string reason = "duplicate utterance id '" + id + "'";
        if (!others.empty()) reason += " (also at " + Join(others, ", ") + ")";
        problems->Add(place, reason + "; every copy is skipped");
      }
    }
    start = end;
  }
  std::vector<ImportCandidate> unique;
  unique.reserve(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (keep[i]) unique.push_back(std::move(candidates[i]));
  }
  return unique;
}

// Manifests are JSON, which must be UTF-8; file names and ids are bytes on disk.
std::string Utf8Problem(const ImportCandidate& c) {
  size_t bad = 0;
  if (!IsValidUtf8(c.audio_path, &bad)) {
    return "audio path is not valid UTF-8 (byte offset " + std::to_string(bad) +
           "); manifests are UTF-8 JSON, so rename the file";
  }
  if (!IsValidUtf8(c.id, &bad)) {
    return "utterance id is not valid UTF-8 (byte offset " + std::to_string(bad) + ")";
  }
  if (c.speaker && !IsValidUtf8(*c.speaker, &bad)) {
    return "speaker '" + *c.speaker + "' is not valid UTF-8 (byte offset " + std::to_string(bad) +
           ")";
  }
  return "";
}

std::string ReadTranscriptFile(const std::string& path, TextEncoding encoding) {
  const std::string bytes = ReadFileToString(path, kMaxTranscriptFileBytes);
  std::string_view view = bytes;
  size_t base = 0;
  if (encoding != TextEncoding::kCp949 && StartsWith(view, "\xEF\xBB\xBF")) {  // UTF-8 BOM
    view.remove_prefix(3);
    base = 3;
  }
  return DecodeTranscript(view, encoding, base);
}

Outcome Process(const ImportCandidate& c, const ImportOptions& options, TextEncoding encoding,
                const FinishSettings& settings) {
  Outcome out;
  const auto fail = [&](const ItemRef& where, std::string reason) {
    out.problem_at = where;
    out.problem = std::move(reason);
    return out;
  };

  if (std::string bad = Utf8Problem(c); !bad.empty()) return fail(c.item, bad);

  std::string raw = c.text;
  if (!c.text_file.empty()) {
    try {
      raw = ReadTranscriptFile(c.text_file, encoding);
    } catch (const Error& e) {
      return fail(c.text_ref, e.what());
    }
  }
  if (TrimView(raw).empty()) return fail(c.text_ref, "transcript is empty");
  std::string text;
  try {
    text = NormalizeTranscript(raw, settings.lang, options);
  } catch (const Error& e) {
    return fail(c.text_ref, e.what());
  }
  if (TrimView(text).empty()) {
    return fail(c.text_ref, "transcript is empty after normalization (" + settings.lang +
                                "): was " + QuoteTranscript(raw));
  }

  AudioInfo info;
  try {
    info = ProbeAudioFile(c.audio_path, options.decode);
  } catch (const Error& e) {
    return fail(c.item, e.what());
  }

  ManifestEntry entry;
  entry.audio_filepath = c.audio_path;
  entry.text = std::move(text);
  entry.offset = c.offset;
  entry.line = c.manifest_line;
  entry.speaker = c.speaker;
  entry.lang = c.lang;
  if (!entry.lang && (settings.lang == "ko" || settings.lang == "en")) entry.lang = settings.lang;
  if (c.record_id) entry.extra["id"] = c.id;
  for (auto it = c.extra.begin(); it != c.extra.end(); ++it) entry.extra[it.key()] = it.value();

  if (std::string bad = settings.duration_rule(c, info, &entry); !bad.empty()) {
    return fail(c.item, bad);
  }
  if (!(entry.duration > 0)) {
    return fail(c.item, "no audio: the utterance is 0 s long (" + info.container + ", " +
                            std::to_string(info.frames) + " frames)");
  }
  if (entry.duration > options.decode.max_duration_sec) {
    return fail(c.item, "audio is " + FormatSeconds(entry.duration) + " long, longer than the limit of " +
                            FormatSeconds(options.decode.max_duration_sec));
  }
  out.entry = std::move(entry);
  return out;
}

// Problem texts quote file names and lines, which are bytes; reports are UTF-8 (JSON),
// so bytes that are not valid UTF-8 are written as "\xNN".
std::string EscapeInvalidUtf8(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t bad = 0;
    if (IsValidUtf8(s.substr(pos), &bad)) {
      out.append(s.substr(pos));
      break;
    }
    out.append(s.substr(pos, bad));
    char hex[8];
    std::snprintf(hex, sizeof(hex), "\\x%02x", static_cast<unsigned char>(s[pos + bad]));
    out += hex;
    pos += bad + 1;
  }
  return out;
}

}  // namespace

std::string ItemRef::ToString() const {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

bool ItemRef::operator<(const ItemRef& other) const {
  if (file != other.file) return file < other.file;
  return line < other.line;
}

void ProblemList::Add(ItemRef where, std::string reason) {
  problems_.push_back({std::move(where), std::move(reason)});
}

std::vector<ImportProblem> ProblemList::Sorted() && {
  std::stable_sort(problems_.begin(), problems_.end(), [](const Entry& a, const Entry& b) {
    if (!(a.where == b.where)) return a.where < b.where;
    return a.reason < b.reason;
  });
  std::vector<ImportProblem> out;
  out.reserve(problems_.size());
  for (auto& p : problems_) {
    out.push_back({EscapeInvalidUtf8(p.where.ToString()), EscapeInvalidUtf8(p.reason)});
  }
  return out;
}

std::string WholeFileDuration(const ImportCandidate& /*candidate*/, const AudioInfo& info,
                              ManifestEntry* entry) {
  entry->duration = info.duration_sec;
  return "";
}

std::string NormalizeTranscript(std::string_view text, const std::string& lang,
                                const ImportOptions& options) {
  if (lang.empty()) return std::string(text);
  if (lang == "ko") {
    KoreanNormalizerOptions ko;
    ko.dual = options.kspon_dual;
    return NormalizeKorean(text, ko);
  }
  return NormalizeText(text, lang);
}

std::string QuoteTranscript(std::string_view text) {
  std::string_view t = TrimView(text);
  constexpr size_t kMax = 60;
  if (t.size() <= kMax) return "'" + std::string(t) + "'";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(t.substr(0, cut)) + "...'";
}

ImportResult FinishImport(std::vector<ImportCandidate> candidates, ProblemList problems,
                          const ImportOptions& options, const FinishSettings& settings) {
  const TextEncoding encoding = ParseTextEncoding(options.text_encoding);
  candidates = RemoveDuplicates(std::move(candidates), &problems);
  if (!settings.keep_order) {
    std::sort(candidates.begin(), candidates.end(),
              [](const ImportCandidate& a, const ImportCandidate& b) { return a.id < b.id; });
  }

  std::vector<Outcome> outcomes(candidates.size());
  {
    ProgressBar progress("import", candidates.size(), "files");
    if (!options.show_progress) progress.set_mode(ProgressBar::Mode::kSilent);
    ParallelFor(candidates.size(), options.threads, [&](size_t i) {
      outcomes[i] = Process(candidates[i], options, encoding, settings);
      progress.Add();
    });
  }

  ImportResult result;
  result.entries.reserve(outcomes.size());
  for (auto& o : outcomes) {
    if (o.entry) {
      result.entries.push_back(std::move(*o.entry));
    } else {
      problems.Add(std::move(o.problem_at), std::move(o.problem));
    }
  }
  result.skipped = std::move(problems).Sorted();
  return result;
}

}  // namespace sori
