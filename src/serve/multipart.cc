#include "serve/multipart.h"

#include <string>

#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

// The value of `key` in "form-data; name="x"; filename="y"" (quoted or bare).
std::string HeaderParam(std::string_view header, const std::string& key) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t semi = header.find(';', pos);
    std::string_view item = TrimView(header.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos));
    pos = semi == std::string_view::npos ? header.size() : semi + 1;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos || AsciiLower(TrimView(item.substr(0, eq))) != key) continue;
    std::string_view v = TrimView(item.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"') {
      // Quoted: up to the closing quote, honouring backslash escapes. A ';' inside
      // quotes ended `item` early, so re-read from the header itself.
      const size_t start = static_cast<size_t>(v.data() - header.data()) + 1;
      std::string out;
      for (size_t i = start; i < header.size(); ++i) {
        if (header[i] == '\\' && i + 1 < header.size()) {
          out += header[++i];
        } else if (header[i] == '"') {
          return out;
        } else {
          out += header[i];
        }
      }
      throw Error(ErrorCode::kInvalidInput, "multipart: unterminated quoted " + key + " in '" + std::string(header) + "'");
    }
    return std::string(v);
  }
  return "";
}

}  // namespace

std::string MultipartBoundary(std::string_view content_type) {
  const std::string lower = AsciiLower(content_type);
  if (lower.rfind("multipart/form-data", 0) != 0) {
    throw Error(ErrorCode::kInvalidInput, "expected Content-Type multipart/form-data, got '" + std::string(content_type) + "'");
  }
  const std::string boundary = HeaderParam(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) {
    throw Error(ErrorCode::kInvalidInput, "multipart/form-data without a valid boundary parameter");
  }
  return boundary;
}

std::vector<FormPart> ParseMultipart(std::string_view body, const std::string& boundary, size_t max_parts) {
  const std::string delimiter = "--" + boundary;
  const std::string next_delimiter = "\r\n" + delimiter;
  std::vector<FormPart> parts;
  // The body starts with the delimiter (a preamble before it is allowed and ignored).
  size_t pos;
  if (body.rfind(delimiter, 0) == 0) {
    pos = delimiter.size();
  } else {
    pos = body.find(next_delimiter);
    if (pos == std::string_view::npos) throw Error(ErrorCode::kInvalidInput, "multipart: the body has no boundary '" + boundary + "'");
    pos += next_delimiter.size();
  }
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    // Transport padding, then CRLF.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") throw Error(ErrorCode::kInvalidInput, "multipart: malformed boundary line");
    pos += 2;
    const size_t headers_end = body.find("\r\n\r\n", pos);
    const size_t data_end = body.find(next_delimiter, pos);
    if (data_end == std::string_view::npos) throw Error(ErrorCode::kInvalidInput, "multipart: missing closing boundary (truncated body?)");
    FormPart part;
    size_t data_start;
    if (body.substr(pos, 2) == "\r\n") {  // no headers at all
      data_start = pos + 2;
    } else {
      if (headers_end == std::string_view::npos || headers_end > data_end) {
        throw Error(ErrorCode::kInvalidInput, "multipart: a part's headers do not end before the next boundary");
      }
      std::string_view headers = body.substr(pos, headers_end - pos);
      while (!headers.empty()) {
        const size_t eol = headers.find("\r\n");
        const std::string_view line = headers.substr(0, eol);
        headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) throw Error(ErrorCode::kInvalidInput, "multipart: malformed part header '" + std::string(line) + "'");
        const std::string key = AsciiLower(TrimView(line.substr(0, colon)));
        const std::string_view value = TrimView(line.substr(colon + 1));
        if (key == "content-disposition") {
          part.name = HeaderParam(value, "name");
          part.filename = HeaderParam(value, "filename");
        } else if (key == "content-type") {
          part.content_type = std::string(value);
        }
      }
      data_start = headers_end + 4;
    }
    if (data_start > data_end) throw Error(ErrorCode::kInvalidInput, "multipart: a part's headers run into the next boundary");
    if (part.name.empty()) throw Error(ErrorCode::kInvalidInput, "multipart: a part has no Content-Disposition name");
    part.data = body.substr(data_start, data_end - data_start);
    parts.push_back(std::move(part));
    if (parts.size() > max_parts) throw Error(ErrorCode::kInvalidInput, "multipart: more than " + std::to_string(max_parts) + " parts");
    pos = data_end + next_delimiter.size();
  }
}

const FormPart* FindPart(const std::vector<FormPart>& parts, const std::string& name) {
  for (const FormPart& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace sori
