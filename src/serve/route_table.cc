#include "serve/route_table.h"

#include "serve/responses.h"
#include "util/error.h"

namespace sori {

namespace http = boost::beast::http;

namespace {

// "/v1/jobs/{id}" matches "/v1/jobs/job_1" but not "/v1/jobs/" or "/v1/jobs/a/b": a
// "{name}" segment stands for one non-empty segment without '/'.
bool PathMatches(const std::string& pattern, const std::string& path) {
  size_t p = 0, q = 0;
  while (p < pattern.size() && q < path.size()) {
    if (pattern[p] == '{') {
      const size_t close = pattern.find('}', p);
      const size_t end = path.find('/', q);
      const size_t segment_end = end == std::string::npos ? path.size() : end;
      if (segment_end == q) return false;
      p = close + 1;
      q = segment_end;
      continue;
    }
    if (pattern[p] != path[q]) return false;
    ++p;
    ++q;
  }
  return p == pattern.size() && q == path.size();
}

}  // namespace

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
    if (r.method == wanted && PathMatches(r.path, path)) return r.handler;
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
    if (!PathMatches(r.path, path)) continue;
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

bool RouteTable::HasPath(const std::string& path) const { return !Pattern(path).empty(); }

std::string RouteTable::Pattern(const std::string& path) const {
  for (const Route& r : routes_) {
    if (PathMatches(r.path, path)) return r.path;
  }
  return "";
}

std::string RouteTable::Describe() const {
  std::string out;
  for (const Route& r : routes_) out += (out.empty() ? "" : ", ") + std::string(http::to_string(r.method)) + " " + r.path;
  return out;
}

}  // namespace sori
