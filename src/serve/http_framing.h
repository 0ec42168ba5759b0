// How the server reads one request off the wire: the parser's limits and what each read
// error is answered with. Shared by HttpServer and the framing fuzzer, so the fuzzer
// exercises the limits the server really runs with.
//
// Limits: the request line and headers together at most kMaxHeaderBytes (431 above),
// the body at most max_body_bytes (413). Chunked trailers and chunk-size lines are
// bounded by the read buffer, which never holds more than kMaxHeaderBytes of unparsed
// input: a trailer section over that is answered 431 as a header would be. (Without the
// bound, Beast buffers a trailer section whole, however large, and a single trailer
// field over 64 KiB makes it throw std::length_error from the read.)
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace sori {

constexpr size_t kMaxHeaderBytes = 32 * 1024;

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// A fresh parser with the server's limits.
void ConfigureParser(RequestParser* parser, uint64_t max_body_bytes);
// The read buffer: unparsed input never grows past kMaxHeaderBytes.
boost::beast::flat_buffer MakeReadBuffer();

struct HttpRefusal {
  ErrorCode code = ErrorCode::kInvalidInput;  // the JSON error's `code`
  unsigned status = 400;
  std::string message;
};
// The answer to a failed read; nullopt when the connection should just close (the client
// went away, timed out, or sent nothing of a request).
std::optional<HttpRefusal> RefusalFor(const boost::beast::error_code& ec, bool got_some, uint64_t max_body_bytes);

// Parses a request from `bytes` as the server would, fed through the same bounded buffer
// `step` bytes at a time. For the fuzzer and tests: never throws for any input.
struct FramedRequest {
  std::optional<boost::beast::http::request<boost::beast::http::string_body>> request;
  std::optional<HttpRefusal> refusal;  // set when the server would refuse it
};
FramedRequest ParseRequestBytes(std::string_view bytes, uint64_t max_body_bytes, size_t step = 4096);

}  // namespace sori
