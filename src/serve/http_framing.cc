#include "serve/http_framing.h"

#include <algorithm>
#include <cstring>

namespace sori {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

void ConfigureParser(RequestParser* parser, uint64_t max_body_bytes) {
  parser->body_limit(max_body_bytes);
  parser->header_limit(static_cast<std::uint32_t>(kMaxHeaderBytes));
  parser->eager(true);  // as http::async_read: the body is parsed as it arrives
}

beast::flat_buffer MakeReadBuffer() { return beast::flat_buffer(kMaxHeaderBytes); }

std::optional<HttpRefusal> RefusalFor(const beast::error_code& ec, bool got_some, uint64_t max_body_bytes) {
  if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
      ec == net::error::operation_aborted || ec == net::error::connection_reset) {
    return std::nullopt;
  }
  if (ec == http::error::body_limit) {
    return HttpRefusal{ErrorCode::kTooLarge, 413, "the request body is larger than the limit of " + std::to_string(max_body_bytes) + " bytes"};
  }
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return HttpRefusal{ErrorCode::kTooLarge, 431, "the request's header fields (or chunked trailer fields) are larger than the limit of " +
                                std::to_string(kMaxHeaderBytes) + " bytes"};
  }
  if (!got_some) return std::nullopt;  // a port scan or a closed keep-alive connection
  return HttpRefusal{ErrorCode::kInvalidInput, 400, "malformed HTTP request: " + ec.message()};
}

FramedRequest ParseRequestBytes(std::string_view bytes, uint64_t max_body_bytes, size_t step) {
  RequestParser parser;
  ConfigureParser(&parser, max_body_bytes);
  beast::flat_buffer buffer = MakeReadBuffer();
  beast::error_code ec;
  size_t pos = 0;
  step = std::max<size_t>(step, 1);
  while (!parser.is_done()) {
    const size_t room = buffer.max_size() - buffer.size();
    if (room == 0) {
      ec = http::error::buffer_overflow;  // as the server's bounded read reports it
      break;
    }
    const size_t n = std::min({room, step, bytes.size() - pos});
    if (n == 0) {
      ec = pos == 0 ? http::error::end_of_stream : http::error::partial_message;
      break;
    }
    std::memcpy(buffer.prepare(n).data(), bytes.data() + pos, n);
    buffer.commit(n);
    pos += n;
    const size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == http::error::need_more) ec = {};
    if (ec) break;
  }
  FramedRequest out;
  if (ec) {
    out.refusal = RefusalFor(ec, parser.got_some(), max_body_bytes);
    if (!out.refusal) out.refusal = HttpRefusal{ErrorCode::kInvalidInput, 400, "incomplete request: " + ec.message()};
    return out;
  }
  out.request = parser.release();
  return out;
}

}  // namespace sori
