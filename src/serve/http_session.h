// One connection of HttpServer (internal to src/serve): reads requests with the limits of
// http_framing.h, hands each to the handler, writes the answers, and takes part in the
// server's staged stop.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "serve/http_framing.h"
#include "serve/http_server.h"

namespace sori {

class HttpSession;

struct HttpServer::Impl {
  // First, so they outlive the io_context: sessions it destroys unregister here.
  std::mutex mu;  // guards sessions
  std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> sessions;

  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor{ioc};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  HttpHandler handler;
  RefusalHandler refuse;
  HttpServerConfig config;
  std::atomic<int>* in_flight = nullptr;
  std::atomic<int>* uploading = nullptr;
  std::atomic<bool> stopping{false};  // answers end keep-alive; idle connections close

  void Accept();
  // Calls `f` on every open session, each on its own strand.
  void ForEachSession(void (HttpSession::*f)());
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, HttpServer::Impl& server);
  ~HttpSession();
  void Run();
  auto get_executor() { return stream_.get_executor(); }

  // Server stopping: close if waiting for a request; otherwise finish the one under way.
  void CloseIfIdle();
  // Server stopping for good: a request still uploading is answered 503.
  void RefuseUpload();

 private:
  using Clock = std::chrono::steady_clock;
  void Read();
  void OnHeader(boost::beast::error_code ec);
  void OnRead(boost::beast::error_code ec);
  void Dispatch();
  void Fail(boost::beast::error_code ec);
  void Refuse(ErrorCode code, unsigned status, const std::string& message);
  void Write(const std::shared_ptr<HttpResponse>& response);
  void EndUpload();
  void Drain();
  void DrainSome();
  void Close();

  boost::beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  boost::beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  std::string remote_ = "unknown";
  Clock::time_point read_start_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool head_ = false;              // answering HEAD: headers only
  bool handling_ = false;          // a request was read and is not answered yet
  bool uploading_ = false;         // counted in server_.uploading
  bool refuse_on_abort_ = false;   // RefuseUpload cancelled the read
  bool drain_after_write_ = false;
  std::array<char, 16384> scratch_{};
};

}  // namespace sori
