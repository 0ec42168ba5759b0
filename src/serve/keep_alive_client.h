// A small blocking HTTP/1.1 client on one keep-alive connection (reconnecting when the
// server closes it), for `sori loadtest` and
// `sori monitor drift`. Its header has no Boost in it: only src/serve
// uses Beast (docs/architecture.md).
#pragma once

#include <memory>
#include <string>

namespace sori {

class KeepAliveClient {
 public:
  // `host` is an IP address; Error(kInvalidInput) otherwise, or for a port out of range.
  KeepAliveClient(std::string host, int port);
  ~KeepAliveClient();
  KeepAliveClient(const KeepAliveClient&) = delete;
  KeepAliveClient& operator=(const KeepAliveClient&) = delete;

  struct Reply {
    int status = 0;
    std::string body;
  };
  // Sends one POST and waits at most `timeout_seconds` for the answer. Throws
  // std::exception (Beast's system_error) on a connection failure; the next call connects
  // again.
  Reply Post(const std::string& target, const std::string& content_type, const std::string& body, int timeout_seconds);
  // One GET, with an Authorization header when `authorization` is not empty.
  Reply Get(const std::string& target, int timeout_seconds, const std::string& authorization = "");

 private:
  struct Impl;
  struct Request;
  Reply Send(const Request& request, int timeout_seconds);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sori
