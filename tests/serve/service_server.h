// An HttpServer on a free loopback port in front of an SttService, wired as `sori serve`
// wires them (handler and refusal handler), already started.
#pragma once

#include <memory>

#include "serve/http_server.h"
#include "serve/stt_service.h"

namespace sori::test {

inline std::unique_ptr<HttpServer> StartServer(SttService& service, HttpServerConfig http = {}) {
  http.port = 0;
  auto server = std::make_unique<HttpServer>(
      http, [&service](HttpRequest&& r, const std::string& remote, Responder respond) { service.Handle(std::move(r), remote, std::move(respond)); },
      [&service](const RefusedRequest& refused) { return service.Refuse(refused); });
  server->Start();
  return server;
}

}  // namespace sori::test
