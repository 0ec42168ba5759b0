// A small asynchronous HTTP/1.1 server on Boost.Beast + Asio. I/O threads only parse and
// write: a handler receives the request and a Responder it may call later from any
// thread (after inference, say), so slow work never blocks a connection's I/O thread.
//
// Limits are enforced while reading (http_framing.h): a body over max_body_bytes is
// answered 413 without being read in full, header or trailer fields over their limit
// 431, an unreadable request 400; a client silent for idle_timeout_seconds is
// disconnected. Every such refusal goes through the RefusalHandler, so it is logged and
// counted like any other answer. An exception escaping a handler or the I/O code is
// answered 500 when a request can still be answered, logged, and never stops the server.
//
// Stopping is in steps so a caller can bound it: StopAccepting() closes the listening
// socket and idle keep-alive connections; WaitIdle() waits for requests being read or
// handled; Stop() answers 503 to requests still being uploaded, waits a little for the
// answers to be written, then closes everything and joins the threads.
#pragma once

#include <boost/beast/http.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "util/error.h"

namespace sori {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
// Sends the response on the request's connection; call exactly once, from any thread.
using Responder = std::function<void(HttpResponse)>;
// `remote` is the client's address ("127.0.0.1:51234").
using HttpHandler = std::function<void(HttpRequest&& request, const std::string& remote, Responder respond)>;

// A request the server answered itself, before (or instead of) the handler.
struct RefusedRequest {
  ErrorCode code = ErrorCode::kInvalidInput;  // the JSON error's `code`
  unsigned status = 400;   // 400, 413, 431, 500 or 503
  std::string message;
  std::string remote;
  std::string method;      // "" when the request line was not read
  std::string target;
  uint64_t bytes_in = 0;   // body bytes read before the refusal
  double seconds = 0.0;    // since the request's first byte was read
};
// Builds the answer to a refused request (and may log and count it).
using RefusalHandler = std::function<HttpResponse(const RefusedRequest& refused)>;

struct HttpServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                           // 0: any free port (see HttpServer::port())
  int io_threads = 2;
  uint64_t max_body_bytes = 64ull << 20;     // larger bodies get 413
  int idle_timeout_seconds = 60;             // reading a request, or waiting for the next
  int drain_timeout_seconds = 30;            // Stop(): longest wait for requests under way
  void Validate() const;                     // Error(kInvalidInput) naming the field
};

class HttpServer {
 public:
  HttpServer(const HttpServerConfig& config, HttpHandler handler, RefusalHandler refuse);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the I/O threads. Throws Error(kIo) naming the address when the
  // port cannot be bound.
  void Start();
  int port() const { return bound_port_; }
  // Requests being handled (read, not yet written).
  int in_flight() const { return in_flight_.load(); }
  // Requests whose header has been read and whose body is still arriving.
  int uploading() const { return uploading_.load(); }

  // Closes the listening socket and idle connections; answers end keep-alive from now on.
  void StopAccepting();
  // Waits until no request is being uploaded or handled, at most `seconds`; true if idle.
  bool WaitIdle(double seconds);
  // StopAccepting, WaitIdle(drain_seconds; <0: the config's), then answers 503 to the
  // requests still uploading, gives answers being written a few seconds, closes every
  // connection and joins the threads. Returns how many requests got that 503.
  int Stop(double drain_seconds = -1);

  struct Impl;

 private:
  HttpServerConfig config_;
  std::unique_ptr<Impl> impl_;
  std::vector<std::thread> threads_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> uploading_{0};
  int bound_port_ = 0;
  bool stopped_ = false;
};

}  // namespace sori
