#include "serve/http_session.h"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

namespace sori {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpSession::HttpSession(tcp::socket&& socket, HttpServer::Impl& server)
    : stream_(std::move(socket)), server_(server), buffer_(MakeReadBuffer()) {
  beast::error_code ec;
  const tcp::endpoint ep = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
}

HttpSession::~HttpSession() {
  if (uploading_) --*server_.uploading;
  std::lock_guard<std::mutex> lock(server_.mu);
  server_.sessions.erase(this);
}

void HttpSession::Run() {
  {
    std::lock_guard<std::mutex> lock(server_.mu);
    server_.sessions.emplace(this, weak_from_this());
  }
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
}

void HttpSession::Read() {
  if (server_.stopping) return Close();
  parser_.emplace();
  ConfigureParser(&*parser_, server_.config.max_body_bytes);
  read_start_ = Clock::now();
  stream_.expires_after(std::chrono::seconds(server_.config.idle_timeout_seconds));
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void HttpSession::OnHeader(beast::error_code ec) {
  if (ec) return Fail(ec);
  uploading_ = true;
  ++*server_.uploading;
  stream_.expires_after(std::chrono::seconds(server_.config.idle_timeout_seconds));
  http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code read_ec, size_t) { self->OnRead(read_ec); });
}

void HttpSession::EndUpload() {
  if (!uploading_) return;
  uploading_ = false;
  --*server_.uploading;
}

void HttpSession::OnRead(beast::error_code ec) {
  EndUpload();
  if (ec && refuse_on_abort_) return Refuse(ErrorCode::kUnavailable, 503, "the server is stopping; this request was not read in time");
  if (ec) return Fail(ec);
  Dispatch();
}

void HttpSession::Fail(beast::error_code ec) {
  const std::optional<HttpRefusal> refusal = RefusalFor(ec, parser_ && parser_->got_some(), server_.config.max_body_bytes);
  if (!refusal) return Close();
  Refuse(refusal->code, refusal->status, refusal->message);
}

void HttpSession::Dispatch() {
  HttpRequest request = parser_->release();
  version_ = request.version();
  keep_alive_ = request.keep_alive();
  head_ = request.method() == http::verb::head;
  handling_ = true;
  ++*server_.in_flight;
  stream_.expires_never();  // the handler may take a while (inference)
  auto self = shared_from_this();
  Responder respond = [self](HttpResponse response) {
    net::post(self->stream_.get_executor(),
              [self, r = std::make_shared<HttpResponse>(std::move(response))]() mutable { self->Write(r); });
  };
  const std::string method(request.method_string()), target(request.target());
  const uint64_t bytes_in = request.body().size();
  // The handler answers its own exceptions (SttService's route guard); this is the last
  // line of defence for a handler that does not.
  std::string what;
  try {
    server_.handler(std::move(request), remote_, respond);
    return;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception of unknown type";
  }
  spdlog::error("handler threw on {} {}: {}", method, target, what);
  const double seconds = std::chrono::duration<double>(Clock::now() - read_start_).count();
  respond(server_.refuse(
      {ErrorCode::kInternal, 500, "internal error: " + what, remote_, method, target, bytes_in, seconds}));
}

// Answers a request the server could not (or will not) read, then closes after draining
// what the client is still sending (closing with unread data would reset the connection
// and the client might never see the status).
void HttpSession::Refuse(ErrorCode code, unsigned status, const std::string& message) {
  RefusedRequest refused;
  refused.code = code;
  refused.status = status;
  refused.message = message;
  refused.remote = remote_;
  if (parser_) {  // what was parsed before the refusal (empty when not even the request line)
    refused.method = std::string(parser_->get().method_string());
    refused.target = std::string(parser_->get().target());
    refused.bytes_in = parser_->get().body().size();
    head_ = parser_->get().method() == http::verb::head;
  }
  refused.seconds = std::chrono::duration<double>(Clock::now() - read_start_).count();
  keep_alive_ = false;
  drain_after_write_ = true;
  handling_ = true;
  ++*server_.in_flight;
  Write(std::make_shared<HttpResponse>(server_.refuse(refused)));
}

void HttpSession::Write(const std::shared_ptr<HttpResponse>& response) {
  response->version(version_);
  response->keep_alive(keep_alive_ && !server_.stopping);
  response->prepare_payload();
  if (head_) response->body().clear();  // Content-Length stays the GET answer's
  stream_.expires_after(std::chrono::seconds(server_.config.idle_timeout_seconds));
  http::async_write(stream_, *response, [self = shared_from_this(), response](beast::error_code ec, size_t) {
    self->handling_ = false;
    --*self->server_.in_flight;
    if (ec) return self->Close();
    if (self->drain_after_write_) return self->Drain();
    if (!response->keep_alive()) return self->Close();
    self->Read();
  });
}

void HttpSession::CloseIfIdle() {
  if (handling_ || uploading_) return;
  if (parser_ && parser_->got_some()) return;  // part of a header: Stop() ends it
  beast::error_code ec;
  stream_.socket().cancel(ec);  // the pending read ends with operation_aborted: Close()
}

void HttpSession::RefuseUpload() {
  if (!uploading_) return;
  refuse_on_abort_ = true;
  beast::error_code ec;
  stream_.socket().cancel(ec);  // OnRead answers 503
}

void HttpSession::Drain() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::chrono::seconds(5));
  DrainSome();
}

void HttpSession::DrainSome() {
  stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, size_t) {
    if (!ec) self->DrainSome();  // until EOF, error or the 5 s timeout
  });
}

void HttpSession::Close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace sori
