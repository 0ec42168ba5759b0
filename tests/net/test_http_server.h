// A small HTTP/1.1 server on loopback for HttpPost's tests: one connection at a time,
// answers chosen by path, every request recorded.
//   /status/NNN  answers NNN (body "status NNN")
//   /redirect    answers 302 to /status/204 (which must not then be requested)
//   /big         answers 200 with a 1 MiB body
//   /silent      never answers (holds the connection until the client gives up)
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sori::test {

class TestHttpServer {
 public:
  struct Request {
    std::string path;
    std::string head;  // request line and headers, as received
    std::string body;
  };

  // Listens on 127.0.0.1, or on ::1 when ipv6 (throws std::runtime_error if it cannot).
  explicit TestHttpServer(bool ipv6 = false);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  int port() const { return port_; }
  std::vector<Request> requests() const;
  size_t CountFor(const std::string& path) const;

 private:
  void Serve();
  void HandleConnection(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::thread thread_;
};

}  // namespace sori::test
