// The server's routes: method + path -> handler, each route string written once. A GET
// route answers HEAD too (HttpServer drops the body). A known path asked with another
// method gets 405 with Allow; an unknown one 404 listing the routes. A path segment
// written "{name}" (as in "/v1/jobs/{id}") matches any one non-empty segment; the handler
// reads it from Exchange::path().
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "serve/exchange.h"

namespace sori {

using RouteHandler = std::function<void(const std::shared_ptr<Exchange>& exchange)>;

class RouteTable {
 public:
  // Throws Error(kInternal) if the method and path are already routed.
  void Add(boost::beast::http::verb method, const std::string& path, RouteHandler handler);
  // The handler for a request: a route's, or one that answers 405 or 404.
  RouteHandler Find(boost::beast::http::verb method, const std::string& path) const;
  bool HasPath(const std::string& path) const;
  // The route string `path` matches ("/v1/jobs/{id}" for "/v1/jobs/job_1"), "" if none:
  // a metric label with one value per route, however many ids are asked for.
  std::string Pattern(const std::string& path) const;
  // "POST /v1/transcribe, GET /health, ..." in the order added.
  std::string Describe() const;

 private:
  struct Route {
    boost::beast::http::verb method;
    std::string path;
    RouteHandler handler;
  };
  RouteHandler MethodNotAllowed(const std::string& path) const;
  std::vector<Route> routes_;
};

}  // namespace sori
