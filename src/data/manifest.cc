#include "data/manifest.h"

#include <cmath>
#include <filesystem>

#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace sori {
namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void LineError(int64_t line, const std::string& message) {
  throw Error(ErrorCode::kInvalidInput, "line " + std::to_string(line) + ": " + message);
}

std::string TypeName(const Json& v) { return v.type_name(); }

double NonNegativeSeconds(const Json& v, const char* field, int64_t line) {
  if (!v.is_number()) {
    LineError(line, std::string("field '") + field + "' must be a number of seconds, got " + TypeName(v));
  }
  const double s = v.get<double>();
  if (!std::isfinite(s) || s < 0) {
    LineError(line, std::string("field '") + field + "' must be a finite number >= 0, got " + v.dump());
  }
  return s;
}

std::optional<std::string> OptionalLabel(const Json& obj, const char* field, int64_t line) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  LineError(line, std::string("field '") + field + "' must be a string, got " + TypeName(*it));
}

}  // namespace

OnError ParseOnError(const std::string& name) {
  if (name == "skip") return OnError::kSkip;
  if (name == "fail") return OnError::kFail;
  throw Error(ErrorCode::kInvalidInput, "--on-error must be 'skip' or 'fail', got '" + name + "'");
}

ManifestEntry ParseManifestLine(std::string_view line, int64_t line_number,
                                const std::string& base_dir, const ManifestReadOptions& options) {
  if (line.size() > options.max_line_bytes) {
    LineError(line_number, "line is " + std::to_string(line.size()) + " bytes, longer than the limit of " +
                               std::to_string(options.max_line_bytes));
  }
  Json obj;
  try {
    obj = Json::parse(line);
  } catch (const Json::exception& e) {  // parse_error, and out_of_range for 1e999
    LineError(line_number, std::string("invalid JSON: ") + e.what());
  }
  if (!obj.is_object()) LineError(line_number, "expected a JSON object, got " + TypeName(obj));

  ManifestEntry entry;
  entry.line = line_number;
  const auto path_it = obj.find("audio_filepath");
  if (path_it == obj.end()) LineError(line_number, "missing field 'audio_filepath'");
  if (!path_it->is_string()) {
    LineError(line_number, "field 'audio_filepath' must be a string, got " + TypeName(*path_it));
  }
  const std::string raw_path = path_it->get<std::string>();
  if (TrimView(raw_path).empty()) LineError(line_number, "field 'audio_filepath' is empty");
  entry.audio_filepath = ResolveRelativeTo(base_dir, raw_path);

  const auto dur_it = obj.find("duration");
  if (dur_it == obj.end()) LineError(line_number, "missing field 'duration'");
  entry.duration = NonNegativeSeconds(*dur_it, "duration", line_number);

  const auto text_it = obj.find("text");
  if (text_it == obj.end() || text_it->is_null()) {
    if (options.require_text) LineError(line_number, "missing field 'text'");
  } else if (!text_it->is_string()) {
    LineError(line_number, "field 'text' must be a string, got " + TypeName(*text_it));
  } else {
    entry.text = text_it->get<std::string>();
  }

  if (const auto off_it = obj.find("offset"); off_it != obj.end() && !off_it->is_null()) {
    entry.offset = NonNegativeSeconds(*off_it, "offset", line_number);
  }
  entry.lang = OptionalLabel(obj, "lang", line_number);
  entry.speaker = OptionalLabel(obj, "speaker", line_number);

  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& key = it.key();
    if (key != "audio_filepath" && key != "duration" && key != "text" && key != "offset" &&
        key != "lang" && key != "speaker") {
      entry.extra[key] = it.value();
    }
  }
  return entry;
}

Manifest ParseManifest(std::string_view contents, const std::string& name,
                       const std::string& base_dir, const ManifestReadOptions& options) {
  Manifest manifest;
  manifest.path = name;
  int64_t line_number = 0;
  size_t pos = 0;
  while (pos < contents.size()) {
    size_t end = contents.find('\n', pos);
    if (end == std::string_view::npos) end = contents.size();
    std::string_view line = contents.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimView(line).empty()) continue;
    try {
      manifest.entries.push_back(ParseManifestLine(line, line_number, base_dir, options));
    } catch (const Error& e) {
      if (options.on_error == OnError::kFail) {
        throw Error(e.code(), "manifest '" + name + "': " + e.what());
      }
      manifest.skipped.push_back({line_number, e.what()});
    }
  }
  return manifest;
}

Manifest ReadManifest(const std::string& path, const ManifestReadOptions& options) {
  // Manifests of millions of utterances are a few hundred MB; 4 GiB guards against
  // being pointed at something that is not a manifest.
  const std::string contents = ReadFileToString(path, 4ull << 30, "manifest");
  return ParseManifest(contents, path, ParentDir(path), options);
}

std::string NoUtterancesMessage(const std::string& path) {
  return "manifest '" + path + "' has no utterances (it is empty or has only blank lines)";
}

std::string ManifestEntryToJson(const ManifestEntry& entry, const std::string& relative_to) {
  Json obj = Json::object();
  std::string path = entry.audio_filepath;
  if (!relative_to.empty()) {
    const std::filesystem::path abs = std::filesystem::absolute(entry.audio_filepath).lexically_normal();
    const std::filesystem::path base = std::filesystem::absolute(relative_to).lexically_normal();
    const std::filesystem::path rel = abs.lexically_relative(base);
    if (!rel.empty() && !StartsWith(rel.string(), "..")) path = rel.string();
  }
  obj["audio_filepath"] = path;
  obj["duration"] = entry.duration;
  obj["text"] = entry.text;
  if (entry.offset > 0) obj["offset"] = entry.offset;
  if (entry.lang) obj["lang"] = *entry.lang;
  if (entry.speaker) obj["speaker"] = *entry.speaker;
  for (auto it = entry.extra.begin(); it != entry.extra.end(); ++it) obj[it.key()] = it.value();
  return obj.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::strict);
}

void WriteManifest(const std::string& path, const std::vector<ManifestEntry>& entries) {
  const std::string dir = ParentDir(path);
  std::string out;
  for (const auto& e : entries) out += ManifestEntryToJson(e, dir) + "\n";
  WriteFileAtomic(path, out);
}

}  // namespace sori
