#include "serve/http_server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>

#include <chrono>
#include <optional>

#include "util/error.h"

namespace sori {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

void HttpServerConfig::Validate() const {
  if (port < 0 || port > 65535) throw Error(ErrorCode::kInvalidInput, "port must be in [0, 65535], got " + std::to_string(port));
  if (io_threads < 1 || io_threads > 64) throw Error(ErrorCode::kInvalidInput, "io_threads must be in [1, 64], got " + std::to_string(io_threads));
  if (max_body_bytes < 1024) throw Error(ErrorCode::kInvalidInput, "max_body_bytes must be at least 1024");
  if (idle_timeout_seconds < 1) throw Error(ErrorCode::kInvalidInput, "idle_timeout_seconds must be at least 1");
  if (drain_timeout_seconds < 0) throw Error(ErrorCode::kInvalidInput, "drain_timeout_seconds must not be negative");
}

struct HttpServer::Impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  HttpHandler handler;
  HttpErrorPage error_page;
  HttpServerConfig config;
  std::atomic<int>* in_flight = nullptr;

  void Accept();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    const tcp::endpoint ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  void Run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(server_.config.max_body_bytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(server_.config.idle_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      return Refuse(413, "the request body is larger than the limit of " + std::to_string(server_.config.max_body_bytes) +
                             " bytes");
    }
    if (ec) {
      // Nothing of a request yet (a port scan, a closed keep-alive): just close.
      if (!parser_->got_some()) return Close();
      return Refuse(400, "malformed HTTP request: " + ec.message());
    }
    HttpRequest request = parser_->release();
    version_ = request.version();
    keep_alive_ = request.keep_alive();
    ++*server_.in_flight;
    stream_.expires_never();  // the handler may take a while (inference)
    auto self = shared_from_this();
    Responder respond = [self](HttpResponse response) {
      net::post(self->stream_.get_executor(),
                [self, r = std::make_shared<HttpResponse>(std::move(response))]() mutable { self->Write(r, true); });
    };
    try {
      server_.handler(std::move(request), remote_, respond);
    } catch (const std::exception& e) {
      spdlog::error("handler threw: {}", e.what());
      respond(server_.error_page(500, "internal error"));
    }
  }

  // Answers a request the server could not read, then closes after draining what the
  // client is still sending (closing with unread data would reset the connection and
  // the client might never see the status).
  void Refuse(unsigned status, const std::string& message) {
    keep_alive_ = false;
    drain_after_write_ = true;
    ++*server_.in_flight;
    Write(std::make_shared<HttpResponse>(server_.error_page(status, message)), true);
  }

  void Write(const std::shared_ptr<HttpResponse>& response, bool counted) {
    response->version(version_);
    response->keep_alive(keep_alive_);
    response->prepare_payload();
    stream_.expires_after(std::chrono::seconds(server_.config.idle_timeout_seconds));
    http::async_write(stream_, *response, [self = shared_from_this(), response, counted](beast::error_code ec, size_t) {
      if (counted) --*self->server_.in_flight;
      if (ec) return self->Close();
      if (self->drain_after_write_) return self->Drain();
      if (!response->keep_alive()) return self->Close();
      self->Read();
    });
  }

  void Drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(5));
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (!ec) self->DrainSome();  // until EOF, error or the 5 s timeout
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_ = "unknown";
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool drain_after_write_ = false;
  std::array<char, 16384> scratch_{};
};

}  // namespace

void HttpServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;  // stopping
    if (!ec) {
      std::make_shared<Session>(std::move(socket), *this)->Run();
    } else {
      spdlog::warn("accept: {}", ec.message());
    }
    Accept();
  });
}

HttpServer::HttpServer(const HttpServerConfig& config, HttpHandler handler, HttpErrorPage error_page)
    : config_(config), impl_(std::make_unique<Impl>()) {
  config_.Validate();
  impl_->handler = std::move(handler);
  impl_->error_page = std::move(error_page);
  impl_->config = config_;
  impl_->in_flight = &in_flight_;
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Start() {
  const std::string where = config_.host + ":" + std::to_string(config_.port);
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(config_.host, ec);
  if (ec) throw Error(ErrorCode::kInvalidInput, "cannot listen on '" + config_.host + "': not an IP address");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(config_.port));
  const auto fail = [&](const char* what) {
    throw Error(ErrorCode::kIo, std::string("cannot listen on ") + where + ": " + what + ": " + ec.message());
  };
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (ec) fail("open");
  impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  impl_->acceptor.bind(endpoint, ec);
  if (ec) fail("bind");
  impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
  bound_port_ = impl_->acceptor.local_endpoint().port();
  impl_->work.emplace(net::make_work_guard(impl_->ioc));
  impl_->Accept();
  for (int i = 0; i < config_.io_threads; ++i) threads_.emplace_back([this] { impl_->ioc.run(); });
}

void HttpServer::Stop() {
  if (stopped_ || threads_.empty()) {
    stopped_ = true;
    return;
  }
  stopped_ = true;
  net::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  // Let requests already being handled finish and be written.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(config_.drain_timeout_seconds);
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (in_flight_.load() > 0) spdlog::warn("stopping with {} requests still in flight", in_flight_.load());
  impl_->work.reset();
  impl_->ioc.stop();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

}  // namespace sori
