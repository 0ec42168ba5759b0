// The one wrapper around every route handler: whatever a handler throws becomes a JSON
// answer through its Exchange (so it is in the access log and the metrics), never an
// exception in the HTTP layer. sori::Error keeps its code and status (a client's mistake
// is a 4xx); anything else (std::bad_alloc, a std::runtime_error from a library, a
// non-std exception) is logged with the route and answered 500 `internal`.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <string>

#include "serve/exchange.h"
#include "serve/route_table.h"

namespace sori {

// The answer for an exception, `where` naming what was being done (for the log line).
HttpResponse ResponseForException(const std::exception_ptr& error, const std::string& where);

// Runs handler(exchange). If it throws and the exchange was not answered yet, answers
// ResponseForException; if it had answered already, only logs.
void RunGuarded(const RouteHandler& handler, const std::shared_ptr<Exchange>& exchange);

// Builds an answer with `make` and sends it; an exception from `make` (a formatting
// failure on a batcher's thread, say) is answered as RunGuarded would.
void AnswerGuarded(const std::shared_ptr<Exchange>& exchange, const std::function<HttpResponse()>& make);

}  // namespace sori
