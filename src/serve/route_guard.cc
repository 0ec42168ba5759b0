#include "serve/route_guard.h"

#include <spdlog/spdlog.h>

#include <new>

#include "serve/responses.h"
#include "util/error.h"

namespace sori {

HttpResponse ResponseForException(const std::exception_ptr& error, const std::string& where) {
  std::string what;
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kInternal || e.code() == ErrorCode::kIo) spdlog::error("{}: {}", where, e.what());
    return ErrorResponse(e);
  } catch (const std::bad_alloc&) {
    what = "out of memory (std::bad_alloc)";
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception of unknown type";
  }
  spdlog::error("{}: unexpected exception: {}", where, what);
  return ErrorResponse(ErrorCode::kInternal, "internal error: " + what);
}

void RunGuarded(const RouteHandler& handler, const std::shared_ptr<Exchange>& exchange) {
  try {
    handler(exchange);
  } catch (...) {
    HttpResponse response = ResponseForException(std::current_exception(), exchange->method() + " " + exchange->path());
    if (!exchange->answered()) exchange->Answer(std::move(response));
  }
}

void AnswerGuarded(const std::shared_ptr<Exchange>& exchange, const std::function<HttpResponse()>& make) {
  RunGuarded([&make](const std::shared_ptr<Exchange>& e) { e->Answer(make()); }, exchange);
}

}  // namespace sori
