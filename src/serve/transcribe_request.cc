#include "serve/transcribe_request.h"

#include <cctype>
#include <vector>

#include "serve/multipart.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {

namespace http = boost::beast::http;

namespace {

int ParseBeam(const std::string& text) {
  size_t used = 0;
  int beam = 0;
  try {
    beam = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || beam < 1 || beam > 64) {
    throw Error(ErrorCode::kInvalidInput, "beam must be an integer in [1, 64], got '" + text.substr(0, 40) + "'");
  }
  return beam;
}

// A hostile value is quoted only in part: error messages (and logs) stay small.
std::string Quoted(const std::string& value) {
  return "'" + (value.size() > 40 ? value.substr(0, 40) + "...' (" + std::to_string(value.size()) + " bytes)" : value + "'");
}

void ReadOpenAiFormat(const std::vector<FormPart>& parts, const std::string& format, TranscribeRequest* out) {
  if (!format.empty()) out->response_format = format;
  const std::string& f = out->response_format;
  if (f != "json" && f != "text" && f != "srt" && f != "vtt" && f != "verbose_json") {
    throw Error(ErrorCode::kInvalidInput, "response_format must be json, text, srt, vtt or verbose_json, got " + Quoted(f));
  }
  for (const FormPart& p : parts) {
    if (p.name != "timestamp_granularities[]" && p.name != "timestamp_granularities") continue;
    if (p.data == "word") out->words = true;
    else if (p.data == "segment") out->segments = true;
    else throw Error(ErrorCode::kInvalidInput, "timestamp_granularities[] must be word or segment, got " + Quoted(std::string(p.data)));
  }
  if (!out->words && !out->segments) out->segments = true;  // OpenAI's default
}

}  // namespace

std::string QueryParam(std::string_view query, const std::string& key) {
  size_t pos = 0;
  while (pos <= query.size()) {
    const size_t amp = query.find('&', pos);
    const std::string_view item = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    const size_t eq = item.find('=');
    if (item.substr(0, eq) == key) return eq == std::string_view::npos ? "" : std::string(item.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return "";
}

void CheckLanguageTag(const std::string& language) {
  const std::vector<std::string> parts = Split(language, '-');
  bool ok = language.size() <= 35 && parts.size() <= 4 && !parts.empty();
  for (size_t i = 0; ok && i < parts.size(); ++i) {
    const std::string& p = parts[i];
    const size_t lo = i == 0 ? 2 : 1, hi = i == 0 ? 3 : 8;
    ok = p.size() >= lo && p.size() <= hi;
    for (const char c : p) ok = ok && (i == 0 ? std::isalpha(static_cast<unsigned char>(c)) : std::isalnum(static_cast<unsigned char>(c)));
  }
  if (!ok) {
    throw Error(ErrorCode::kInvalidInput,
                "language must be a language code such as 'ko', 'en' or 'en-US', got " + Quoted(language));
  }
}

TranscribeRequest ParseTranscribeRequest(HttpRequest& request, bool openai, const std::string& query,
                                         const RecognizerOptions& defaults) {
  TranscribeRequest out;
  out.options = defaults;
  out.audio_name = "request body";
  const std::string content_type(request[http::field::content_type]);
  std::vector<FormPart> parts;
  const char* audio_field = openai ? "file" : "audio";
  // Media types are case-insensitive (RFC 9110 8.3.1).
  if (AsciiLower(content_type).rfind("multipart/", 0) == 0) {
    parts = ParseMultipart(request.body(), MultipartBoundary(content_type));
    const FormPart* part = FindPart(parts, audio_field);
    if (!part && !openai) part = FindPart(parts, "file");
    if (!part) throw Error(ErrorCode::kInvalidInput, std::string("missing multipart field '") + audio_field + "' with the audio");
    out.audio.assign(part->data);
    if (!part->filename.empty()) out.audio_name = part->filename;
  } else if (openai) {
    throw Error(ErrorCode::kInvalidInput, "send multipart/form-data with the audio in field 'file' (as OpenAI's API)");
  } else {
    out.audio = std::move(request.body());
  }
  if (out.audio.empty()) {
    throw Error(ErrorCode::kInvalidInput, std::string("no audio: send it as the body or in multipart field '") + audio_field + "'");
  }
  const auto field = [&](const std::string& name) {
    const FormPart* p = FindPart(parts, name);
    return p ? std::string(p->data) : QueryParam(query, name);
  };
  if (const std::string beam = field("beam"); !beam.empty()) out.options.beam = ParseBeam(beam);
  out.model = field("model");
  if (out.model.size() > 256) throw Error(ErrorCode::kInvalidInput, "model must be a name of at most 256 bytes");
  out.language = field("language");
  if (!out.language.empty()) CheckLanguageTag(out.language);
  if (openai) ReadOpenAiFormat(parts, field("response_format"), &out);
  return out;
}

}  // namespace sori
