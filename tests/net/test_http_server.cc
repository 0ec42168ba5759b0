#include "test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "util/strings.h"

namespace sori::test {
namespace {

// Waits up to `ms` for fd to be readable; false on timeout.
bool Readable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, ms) > 0;
}

size_t ContentLength(const std::string& head) {
  const std::string lower = AsciiLower(head);
  const size_t at = lower.find("\r\ncontent-length:");
  return at == std::string::npos ? 0 : std::stoul(lower.substr(at + 17));
}

// Reads one request (head and Content-Length body) within 5 s; false if it did not come.
bool ReadRequest(int fd, TestHttpServer::Request& request) {
  std::string data;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  size_t head_end = std::string::npos;
  while (std::chrono::steady_clock::now() < deadline) {
    if (head_end != std::string::npos && data.size() >= head_end + 4 + ContentLength(data.substr(0, head_end))) break;
    if (!Readable(fd, 50)) continue;
    char buf[65536];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    data.append(buf, static_cast<size_t>(n));
    head_end = data.find("\r\n\r\n");
  }
  if (head_end == std::string::npos) return false;
  request.head = data.substr(0, head_end);
  request.body = data.substr(head_end + 4);
  const size_t sp = request.head.find(' ');
  request.path = request.head.substr(sp + 1, request.head.find(' ', sp + 1) - sp - 1);
  return true;
}

std::string Response(int status, const std::string& extra_headers, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n" + extra_headers + "\r\n" + body;
}

void WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;  // the client hung up (HttpPost stops reading a capped body)
    done += static_cast<size_t>(n);
  }
}

}  // namespace

TestHttpServer::TestHttpServer(bool ipv6) {
  sockaddr_storage storage{};
  socklen_t len = 0;
  if (ipv6) {
    auto* addr = reinterpret_cast<sockaddr_in6*>(&storage);
    addr->sin6_family = AF_INET6;
    addr->sin6_addr = in6addr_loopback;
    len = sizeof *addr;
  } else {
    auto* addr = reinterpret_cast<sockaddr_in*>(&storage);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *addr;
  }
  auto* addr = reinterpret_cast<sockaddr*>(&storage);
  listen_fd_ = socket(storage.ss_family, SOCK_STREAM, 0);
  if (listen_fd_ < 0 || bind(listen_fd_, addr, len) != 0 || listen(listen_fd_, 16) != 0 ||
      getsockname(listen_fd_, addr, &len) != 0) {
    if (listen_fd_ >= 0) close(listen_fd_);
    throw std::runtime_error(std::string("TestHttpServer: cannot listen on ") + (ipv6 ? "::1" : "127.0.0.1"));
  }
  port_ = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                     : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
  thread_ = std::thread([this] { Serve(); });
}

TestHttpServer::~TestHttpServer() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

std::vector<TestHttpServer::Request> TestHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

size_t TestHttpServer::CountFor(const std::string& path) const {
  size_t n = 0;
  for (const Request& r : requests()) n += r.path == path;
  return n;
}

void TestHttpServer::Serve() {
  while (!stop_) {
    if (!Readable(listen_fd_, 50)) continue;
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    HandleConnection(fd);
    close(fd);
  }
}

void TestHttpServer::HandleConnection(int fd) {
  Request request;
  if (!ReadRequest(fd, request)) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
  }
  const std::string& path = request.path;
  if (path == "/silent") {
    // Hold the connection until the client closes it (or the server stops).
    char buf[256];
    while (!stop_) {
      if (Readable(fd, 50) && read(fd, buf, sizeof buf) <= 0) return;
    }
  } else if (path == "/redirect") {
    WriteAll(fd, Response(302, "Location: /status/204\r\n", ""));
  } else if (path == "/big") {
    WriteAll(fd, Response(200, "", std::string(1 << 20, 'x')));
  } else if (StartsWith(path, "/status/")) {
    const int status = std::stoi(path.substr(8));
    WriteAll(fd, Response(status, "", "status " + std::to_string(status)));
  } else {
    WriteAll(fd, Response(404, "", "no such test path"));
  }
}

}  // namespace sori::test
