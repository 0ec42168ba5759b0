#include "serve/keep_alive_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>

#include "util/error.h"

namespace sori {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

struct KeepAliveClient::Impl {
  std::string host;
  net::ip::tcp::endpoint endpoint;
  net::io_context ioc;
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

KeepAliveClient::KeepAliveClient(std::string host, int port) : impl_(std::make_unique<Impl>()) {
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(host, ec);
  if (ec) throw Error(ErrorCode::kInvalidInput, "'" + host + "' is not an IP address (a host name is not looked up)");
  if (port < 1 || port > 65535) throw Error(ErrorCode::kInvalidInput, "port " + std::to_string(port) + " is not in [1, 65535]");
  impl_->endpoint = net::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
  impl_->host = std::move(host);
}

KeepAliveClient::~KeepAliveClient() = default;

struct KeepAliveClient::Request {
  http::verb method;
  std::string target, content_type, body, authorization;
};

KeepAliveClient::Reply KeepAliveClient::Post(const std::string& target, const std::string& content_type,
                                             const std::string& body, int timeout_seconds) {
  return Send({http::verb::post, target, content_type, body, ""}, timeout_seconds);
}

KeepAliveClient::Reply KeepAliveClient::Get(const std::string& target, int timeout_seconds, const std::string& authorization) {
  return Send({http::verb::get, target, "", "", authorization}, timeout_seconds);
}

KeepAliveClient::Reply KeepAliveClient::Send(const Request& r, int timeout_seconds) {
  Impl& c = *impl_;
  try {
    if (!c.stream) {
      c.stream = std::make_unique<beast::tcp_stream>(c.ioc);
      c.buffer.clear();
      c.stream->connect(c.endpoint);
    }
    http::request<http::string_body> req{r.method, r.target, 11};
    req.set(http::field::host, c.host);
    if (!r.content_type.empty()) req.set(http::field::content_type, r.content_type);
    if (!r.authorization.empty()) req.set(http::field::authorization, r.authorization);
    req.keep_alive(true);
    if (r.method == http::verb::post) {
      req.body() = r.body;
      req.prepare_payload();
    }
    c.stream->expires_after(std::chrono::seconds(timeout_seconds));
    http::write(*c.stream, req);
    http::response<http::string_body> res;
    http::read(*c.stream, c.buffer, res);
    if (!res.keep_alive()) c.stream.reset();
    return {static_cast<int>(res.result_int()), std::move(res.body())};
  } catch (...) {
    c.stream.reset();
    throw;
  }
}

}  // namespace sori
