// Feeds arbitrary bytes to the HTTP request framing exactly as the server reads it
// (serve/http_framing.h: request line, headers, Content-Length and chunked bodies with
// extensions and trailers, through the bounded read buffer), then a multipart body to
// the form parser. The first byte picks how many bytes arrive per read, so splits fall
// everywhere. Any outcome but a request, a refusal or a sori::Error is a bug (Beast's
// std::length_error from an oversized trailer field was one).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "serve/http_framing.h"
#include "serve/multipart.h"
#include "util/error.h"
#include "util/strings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + (data[0] % 64) * 97;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const sori::FramedRequest framed = sori::ParseRequestBytes(bytes, 64 * 1024, step);
  if (!framed.request) return 0;
  const std::string content_type(framed.request->base()[boost::beast::http::field::content_type]);
  if (sori::AsciiLower(content_type).rfind("multipart/", 0) != 0) return 0;
  try {
    const auto parts = sori::ParseMultipart(framed.request->body(), sori::MultipartBoundary(content_type));
    for (const auto& p : parts) (void)sori::FindPart(parts, p.name);
  } catch (const sori::Error&) {
  }
  return 0;
}
