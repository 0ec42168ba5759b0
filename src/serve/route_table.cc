#include "serve/route_table.h"

#include "serve/responses.h"
#include "util/error.h"

namespace sori {

namespace http = boost::beast::http;

void RouteTable::Add(http::verb method, const std::string& path, RouteHandler handler) {
  for (const Route& r : routes_) {
    if (r.method == method && r.path == path) {
      throw Error(ErrorCode::kInternal, "route " + std::string(http::to_string(method)) + " " + path + " added twice");
    }
  }
  routes_.push_back({method, path, std::move(handler)});
}

RouteHandler RouteTable::Find(http::verb method, const std::string& path) const {
  const http::verb wanted = method == http::verb::head ? http::verb::get : method;
  for (const Route& r : routes_) {
    if (r.path == path && r.method == wanted) return r.handler;
  }
  if (HasPath(path)) return MethodNotAllowed(path);
  return [this](const std::shared_ptr<Exchange>& exchange) {
    exchange->Answer(ErrorResponse(ErrorCode::kNotFound,
                                   "no route " + exchange->method() + " " + exchange->path() + " (try " + Describe() + ")"));
  };
}

RouteHandler RouteTable::MethodNotAllowed(const std::string& path) const {
  std::string methods, allow;
  for (const Route& r : routes_) {
    if (r.path != path) continue;
    const std::string name(http::to_string(r.method));
    methods += (methods.empty() ? "" : ", ") + name + (r.method == http::verb::get ? " (and HEAD)" : "");
    allow += (allow.empty() ? "" : ", ") + name + (r.method == http::verb::get ? ", HEAD" : "");
  }
  return [path, methods, allow](const std::shared_ptr<Exchange>& exchange) {
    HttpResponse response = ErrorResponse(ErrorCode::kInvalidInput, path + " accepts " + methods + " only", 405);
    response.set(http::field::allow, allow);
    exchange->Answer(std::move(response));
  };
}

bool RouteTable::HasPath(const std::string& path) const {
  for (const Route& r : routes_) {
    if (r.path == path) return true;
  }
  return false;
}

std::string RouteTable::Describe() const {
  std::string out;
  for (const Route& r : routes_) out += (out.empty() ? "" : ", ") + std::string(http::to_string(r.method)) + " " + r.path;
  return out;
}

}  // namespace sori
