#include "serve/http_server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>

#include "serve/http_session.h"
#include "util/error.h"

namespace sori {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
// After the drain, how long answers already produced get to be written.
constexpr double kWriteGraceSeconds = 10.0;
}  // namespace

void HttpServerConfig::Validate() const {
  if (port < 0 || port > 65535) throw Error(ErrorCode::kInvalidInput, "port must be in [0, 65535], got " + std::to_string(port));
  if (io_threads < 1 || io_threads > 64) throw Error(ErrorCode::kInvalidInput, "io_threads must be in [1, 64], got " + std::to_string(io_threads));
  if (max_body_bytes < 1024) throw Error(ErrorCode::kInvalidInput, "max_body_bytes must be at least 1024");
  if (idle_timeout_seconds < 1) throw Error(ErrorCode::kInvalidInput, "idle_timeout_seconds must be at least 1");
  if (drain_timeout_seconds < 0) throw Error(ErrorCode::kInvalidInput, "drain_timeout_seconds must not be negative");
}

void HttpServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;  // stopping
    if (!ec) {
      std::make_shared<HttpSession>(std::move(socket), *this)->Run();
    } else {
      spdlog::warn("accept: {}", ec.message());
    }
    Accept();
  });
}

void HttpServer::Impl::ForEachSession(void (HttpSession::*f)()) {
  std::vector<std::shared_ptr<HttpSession>> open;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
  }
  for (auto& s : open) net::post(s->get_executor(), [s, f] { (s.get()->*f)(); });
}

HttpServer::HttpServer(const HttpServerConfig& config, HttpHandler handler, RefusalHandler refuse)
    : config_(config), impl_(std::make_unique<Impl>()) {
  config_.Validate();
  impl_->handler = std::move(handler);
  impl_->refuse = std::move(refuse);
  impl_->config = config_;
  impl_->in_flight = &in_flight_;
  impl_->uploading = &uploading_;
}

HttpServer::~HttpServer() {
  Stop();
  impl_.reset();  // sessions left in the io_context unregister before the counters go
}

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
  for (int i = 0; i < config_.io_threads; ++i) {
    threads_.emplace_back([this] {
      // An exception out of a completion handler unwinds only that connection (its
      // handlers and so the session are destroyed); the thread goes back to serving.
      for (;;) {
        try {
          impl_->ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("HTTP I/O: {} (the connection was dropped; serving on)", e.what());
          RefusedRequest dropped;
          dropped.code = ErrorCode::kInternal;
          dropped.status = 500;
          dropped.message = std::string("dropped: internal error in the HTTP layer: ") + e.what();
          dropped.remote = "unknown";
          impl_->refuse(dropped);
        }
      }
    });
  }
}

void HttpServer::StopAccepting() {
  if (threads_.empty() || impl_->stopping.exchange(true)) return;
  net::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->ForEachSession(&HttpSession::CloseIfIdle);
}

bool HttpServer::WaitIdle(double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(std::max(seconds, 0.0));
  while (in_flight_.load() + uploading_.load() > 0) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

int HttpServer::Stop(double drain_seconds) {
  if (stopped_ || threads_.empty()) {
    stopped_ = true;
    return 0;
  }
  stopped_ = true;
  StopAccepting();
  WaitIdle(drain_seconds < 0 ? config_.drain_timeout_seconds : drain_seconds);
  const int refused = uploading_.load();
  if (refused > 0) impl_->ForEachSession(&HttpSession::RefuseUpload);
  if (!WaitIdle(kWriteGraceSeconds)) {
    spdlog::warn("stopping with {} requests unanswered and {} still uploading", in_flight_.load(), uploading_.load());
  }
  impl_->work.reset();
  impl_->ioc.stop();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  return refused;
}

}  // namespace sori
