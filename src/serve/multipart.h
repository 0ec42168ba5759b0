// multipart/form-data (RFC 7578) request bodies: the form fields and files that
// OpenAI-style clients send. The parser works on the whole body (already bounded by the
// server's size limit) and returns views into it, so a file part is never copied.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sori {

struct FormPart {
  std::string name;          // Content-Disposition name="..."
  std::string filename;      // filename="..." (empty for plain fields)
  std::string content_type;  // the part's Content-Type, if any
  std::string_view data;     // a view into the body
};

// The boundary from a Content-Type header value ("multipart/form-data; boundary=x").
// Throws Error(kInvalidInput) if the type is not multipart/form-data or has no boundary.
std::string MultipartBoundary(std::string_view content_type);

// Throws Error(kInvalidInput) naming what is malformed: a missing opening or closing
// boundary, a part without headers end or without a name, more than `max_parts` parts.
std::vector<FormPart> ParseMultipart(std::string_view body, const std::string& boundary, size_t max_parts = 64);

// The first part named `name`, or nullptr.
const FormPart* FindPart(const std::vector<FormPart>& parts, const std::string& name);

}  // namespace sori
