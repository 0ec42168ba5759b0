// A small asynchronous HTTP/1.1 server on Boost.Beast + Asio. I/O threads only parse and
// write: a handler receives the request and a Responder it may call later from any
// thread (after inference, say), so slow work never blocks a connection's I/O thread.
//
// Limits are enforced while reading: a body over max_body_bytes is answered 413 without
// being read in full; an unreadable request is answered 400; a client silent for
// idle_timeout_seconds is disconnected. Stop() closes the listening socket, lets every
// request already being handled finish and be written, then stops the threads.
#pragma once

#include <boost/beast/http.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace sori {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
// Sends the response on the request's connection; call exactly once, from any thread.
using Responder = std::function<void(HttpResponse)>;
// `remote` is the client's address ("127.0.0.1:51234").
using HttpHandler = std::function<void(HttpRequest&& request, const std::string& remote, Responder respond)>;
// Builds the response for a request the server refused itself (status 400 or 413).
using HttpErrorPage = std::function<HttpResponse(unsigned status, const std::string& message)>;

struct HttpServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                           // 0: any free port (see HttpServer::port())
  int io_threads = 2;
  uint64_t max_body_bytes = 64ull << 20;     // larger bodies get 413
  int idle_timeout_seconds = 60;             // reading a request, or waiting for the next
  int drain_timeout_seconds = 30;            // Stop(): longest wait for in-flight requests
  void Validate() const;                     // Error(kInvalidInput) naming the field
};

class HttpServer {
 public:
  HttpServer(const HttpServerConfig& config, HttpHandler handler, HttpErrorPage error_page);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the I/O threads. Throws Error(kIo) naming the address when the
  // port cannot be bound.
  void Start();
  int port() const { return bound_port_; }
  // Requests being handled (read, not yet written).
  int in_flight() const { return in_flight_.load(); }
  void Stop();

  struct Impl;

 private:
  HttpServerConfig config_;
  std::unique_ptr<Impl> impl_;
  std::vector<std::thread> threads_;
  std::atomic<int> in_flight_{0};
  int bound_port_ = 0;
  bool stopped_ = false;
};

}  // namespace sori
