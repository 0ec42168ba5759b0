// Kaldi data dir importer: wav.scp + text, optional segments and utt2spk.
// Layout and rules: data/import.h.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "data/import/import_formats.h"
#include "data/import/import_pipeline.h"
#include "data/import/import_source.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace sori {
namespace {

// extract-segments' --max-overshoot default: a segment ending up to this far past the
// recording is cut to its end, anything further is an error.
constexpr double kMaxOvershootSec = 0.5;

std::string Seconds(double s) { return FormatFixed(s, 3) + " s"; }

struct Row {
  ItemRef where;
  std::string value;        // the rest of the line after the id, trimmed
  size_t value_offset = 0;  // its position in the line
};

// One Kaldi table file, keyed by its first field. Ids that occur more than once are
// reported at every line they occur on and kept out of `rows`, in `duplicated`.
struct Table {
  std::string name;  // "wav.scp"
  std::map<std::string, Row> rows;
  std::set<std::string> duplicated;
  bool present = false;

  const Row* Find(const std::string& key) const {
    const auto it = rows.find(key);
    return it == rows.end() ? nullptr : &it->second;
  }
};

Table ReadTable(const std::string& dir, const std::string& name, bool required,
                ProblemList* problems) {
  Table table;
  table.name = name;
  const std::string path = dir + "/" + name;
  if (!PathExists(path)) {
    if (required) {
      throw Error(ErrorCode::kInvalidInput,
                  "'" + dir + "' is not a Kaldi data dir: " + name +
                      " is missing (expected wav.scp and text, optional segments and utt2spk)");
    }
    return table;
  }
  table.present = true;
  const std::string contents = ReadSourceFile(path);
  std::map<std::string, std::vector<Row>> all;
  for (const SourceLine& line : SplitLines(contents)) {
    if (TrimView(line.text).empty()) continue;
    KeyedLine keyed = SplitKey(line.text);
    all[keyed.key].push_back({{path, line.number}, std::string(keyed.rest), keyed.rest_offset});
  }
  for (auto& [key, rows] : all) {
    if (rows.size() == 1) {
      table.rows.emplace(key, std::move(rows.front()));
      continue;
    }
    table.duplicated.insert(key);
    for (const Row& row : rows) {
      std::vector<std::string> others;
      for (const Row& other : rows) {
        if (other.where.line != row.where.line) others.push_back(std::to_string(other.where.line));
      }
      problems->Add(row.where, "duplicate id '" + key + "' in " + name + " (also on line " +
                                   Join(others, ", ") + "); every copy is skipped");
    }
  }
  return table;
}

// Why a wav.scp value cannot be read as a file, or "" if it can. Nothing is executed.
std::string UnsupportedAudioSpec(const std::string& value) {
  if (value.empty()) return "no audio path after the id";
  if (value.back() == '|') return "pipe commands are not supported; convert to files first";
  if (value == "-")
    return "reading audio from stdin ('-') is not supported; convert to files first";
  // "foo.ark:1234": an offset into a Kaldi archive (Kaldi reads any ":digits" ending so).
  const size_t colon = value.rfind(':');
  if (colon != std::string::npos && colon > 0 && colon + 1 < value.size() &&
      value.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    return "'" + value +
           "' is an offset into a Kaldi archive, which is not supported; "
           "extract the audio to files first (e.g. with wav-copy)";
  }
  return "";
}

bool ParseSeconds(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

struct Segment {
  std::string recording;
  double start = 0.0;
  double end = -1.0;
  int channel = -1;
};

// "rec1 0.50 3.20 [channel]" -> Segment, or the reason it is malformed.
std::string ParseSegment(const std::string& value, Segment* segment) {
  const std::vector<std::string> fields = SplitWhitespace(value);
  if (fields.size() != 3 && fields.size() != 4) {
    return "expected 'segment-id recording-id start end [channel]', got " +
           std::to_string(fields.size() + 1) + " fields";
  }
  segment->recording = fields[0];
  if (!ParseSeconds(fields[1], &segment->start) || segment->start < 0) {
    return "start time '" + fields[1] + "' is not a number of seconds >= 0";
  }
  if (!ParseSeconds(fields[2], &segment->end) ||
      (segment->end != -1.0 && segment->end <= segment->start)) {
    return "end time '" + fields[2] + "' must be a number of seconds after the start (" +
           fields[1] + ") or -1 for the end of the recording";
  }
  if (fields.size() == 4) {
    const std::string& ch = fields[3];
    if (ch.empty() || ch.size() > 3 || ch.find_first_not_of("0123456789") != std::string::npos) {
      return "channel '" + ch + "' is not a channel number (0, 1, ...)";
    }
    segment->channel = std::stoi(ch);
  }
  return "";
}

std::string SegmentDuration(const ImportCandidate& c, const AudioInfo& info, ManifestEntry* entry) {
  if (c.channel >= 0) {
    if (info.channels > 1) {
      return "the segment selects channel " + std::to_string(c.channel) + " of a " +
             std::to_string(info.channels) +
             "-channel recording; Sori down-mixes all channels and cannot select one: split the "
             "channels into files first";
    }
    if (c.channel > 0) {
      return "the segment selects channel " + std::to_string(c.channel) +
             " but the recording has 1 channel";
    }
  }
  const double length = info.duration_sec;
  if (c.offset >= length) {
    return "segment starts at " + Seconds(c.offset) + ", past the end of the recording (" +
           Seconds(length) + ")";
  }
  double end = c.segment_end < 0 ? length : c.segment_end;
  if (end > length) {
    if (end - length >= kMaxOvershootSec) {
      return "segment ends at " + Seconds(end) + ", past the end of the recording (" +
             Seconds(length) + ") by " + Seconds(end - length) +
             "; only overshoots below 0.5 s are cut to the end, as Kaldi's extract-segments does";
    }
    end = length;
  }
  entry->offset = c.offset;
  entry->duration = end - c.offset;
  return "";
}

struct KaldiDir {
  Table wav, text, segments, utt2spk;
  std::map<std::string, std::string> bad_audio;  // wav.scp id -> why it is unusable
  std::string audio_root;
  TextEncoding encoding = TextEncoding::kUtf8;  // of `text`, decided for the whole file
};

// An utterance id that is duplicated in utt2spk or segments cannot be imported either.
bool BlockedUtterance(const KaldiDir& d, const std::string& id) {
  return d.text.duplicated.count(id) != 0 || d.utt2spk.duplicated.count(id) != 0 ||
         d.segments.duplicated.count(id) != 0;
}

// Builds the candidate for utterance `id` whose text row is `text`; false (with the
// problem added) if its transcript does not decode or its utt2spk line is malformed.
bool MakeCandidate(const KaldiDir& d, const std::string& id, const Row& text, const Row& audio,
                   ImportCandidate* c, ProblemList* problems) {
  c->id = id;
  c->text_ref = text.where;
  c->audio_path = ResolveRelativeTo(d.audio_root, audio.value);
  if (!std::filesystem::path(audio.value).is_absolute() && !PathExists(c->audio_path)) {
    problems->Add(audio.where, "audio not found: '" + c->audio_path + "' (relative wav.scp paths " +
                                   "resolve against " + d.audio_root +
                                   ", the current directory unless an audio root is set)");
    return false;
  }
  try {
    c->text = DecodeTranscript(text.value, d.encoding, text.value_offset);
  } catch (const Error& e) {
    problems->Add(text.where, e.what());
    return false;
  }
  if (const Row* spk = d.utt2spk.Find(id)) {
    if (spk->value.empty() || SplitWhitespace(spk->value).size() != 1) {
      problems->Add(spk->where, "expected 'utterance-id speaker-id', got " +
                                    QuoteTranscript(id + " " + spk->value));
      return false;
    }
    c->speaker = spk->value;
  }
  return true;
}

void JoinWithoutSegments(const KaldiDir& d, std::vector<ImportCandidate>* candidates,
                         ProblemList* problems) {
  for (const auto& [id, text] : d.text.rows) {
    if (BlockedUtterance(d, id)) continue;  // reported where it is duplicated
    const Row* audio = d.wav.Find(id);
    if (audio == nullptr) {
      if (d.wav.duplicated.count(id) == 0) {
        problems->Add(text.where, "transcript without audio: '" + id + "' is not in wav.scp");
      }
      continue;
    }
    if (d.bad_audio.count(id) != 0) continue;  // reported at its wav.scp line
    ImportCandidate c;
    c.item = audio->where;
    if (MakeCandidate(d, id, text, *audio, &c, problems)) candidates->push_back(std::move(c));
  }
  for (const auto& [id, audio] : d.wav.rows) {
    if (d.text.rows.count(id) != 0 || d.text.duplicated.count(id) != 0 ||
        d.bad_audio.count(id) != 0) {
      continue;
    }
    problems->Add(audio.where, "audio without transcript: '" + id + "' is not in text");
  }
}

void JoinWithSegments(const KaldiDir& d, std::vector<ImportCandidate>* candidates,
                      ProblemList* problems) {
  std::set<std::string> used_recordings;
  for (const auto& [id, row] : d.segments.rows) {
    Segment segment;
    const std::string malformed = ParseSegment(row.value, &segment);
    const std::vector<std::string> fields = SplitWhitespace(row.value);
    if (!fields.empty()) used_recordings.insert(fields[0]);
    if (!malformed.empty()) {
      problems->Add(row.where, malformed);
      continue;
    }
    if (BlockedUtterance(d, id)) continue;
    const Row* audio = d.wav.Find(segment.recording);
    if (audio == nullptr) {
      problems->Add(row.where, d.wav.duplicated.count(segment.recording) != 0
                                   ? "recording '" + segment.recording +
                                         "' is defined more than once in wav.scp"
                                   : "recording '" + segment.recording + "' is not in wav.scp");
      continue;
    }
    if (const auto bad = d.bad_audio.find(segment.recording); bad != d.bad_audio.end()) {
      problems->Add(row.where, "recording '" + segment.recording + "' cannot be read (" +
                                   audio->where.ToString() + ": " + bad->second + ")");
      continue;
    }
    const Row* text = d.text.Find(id);
    if (text == nullptr) {
      problems->Add(row.where, "segment without transcript: '" + id + "' is not in text");
      continue;
    }
    ImportCandidate c;
    c.item = row.where;
    c.offset = segment.start;
    c.segment_end = segment.end;
    c.channel = segment.channel;
    c.extra["recording"] = segment.recording;
    if (MakeCandidate(d, id, *text, *audio, &c, problems)) candidates->push_back(std::move(c));
  }
  for (const auto& [id, text] : d.text.rows) {
    if (d.segments.rows.count(id) != 0 || BlockedUtterance(d, id)) continue;
    problems->Add(text.where, "transcript without a segment: '" + id + "' is not in segments");
  }
  for (const auto& [rec, audio] : d.wav.rows) {
    if (used_recordings.count(rec) != 0 || d.bad_audio.count(rec) != 0) continue;
    problems->Add(audio.where, "audio without transcript: no segment uses recording '" + rec + "'");
  }
}

}  // namespace

ImportResult ImportKaldi(const std::string& source, const ImportOptions& options,
                         const std::string& lang) {
  RequireDirectory(source, "kaldi", "a Kaldi data dir holding wav.scp and text");
  ProblemList problems;
  KaldiDir d;
  d.wav = ReadTable(source, "wav.scp", true, &problems);
  d.text = ReadTable(source, "text", true, &problems);
  d.segments = ReadTable(source, "segments", false, &problems);
  d.utt2spk = ReadTable(source, "utt2spk", false, &problems);
  std::error_code ec;
  d.audio_root = options.audio_root.empty() ? std::filesystem::current_path(ec).string()
                                            : AbsolutePath(options.audio_root);

  for (const auto& [id, row] : d.wav.rows) {
    const std::string why = UnsupportedAudioSpec(row.value);
    if (why.empty()) continue;
    d.bad_audio[id] = why;
    problems.Add(row.where, why);
  }
  std::vector<std::string_view> texts;
  for (const auto& [id, row] : d.text.rows) texts.push_back(row.value);
  d.encoding = ChooseFileEncoding(texts, ParseTextEncoding(options.text_encoding));

  std::vector<ImportCandidate> candidates;
  FinishSettings settings;
  settings.lang = lang;
  if (d.segments.present) {
    JoinWithSegments(d, &candidates, &problems);
    settings.duration_rule = SegmentDuration;
  } else {
    JoinWithoutSegments(d, &candidates, &problems);
  }
  return FinishImport(std::move(candidates), std::move(problems), options, settings);
}

}  // namespace sori
