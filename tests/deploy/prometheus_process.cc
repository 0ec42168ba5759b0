#include "prometheus_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <regex>
#include <thread>
#include <vector>

#include "http_client.h"
#include "sori_process.h"

namespace sori::test {
namespace {

bool Exited(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

PrometheusProcess::PrometheusProcess() : dir_(std::make_unique<TempDir>()) {}

PrometheusProcess::~PrometheusProcess() { Stop(); }

std::string PrometheusProcess::LogPath() const { return dir_->File("prometheus.log"); }

std::string PrometheusProcess::Log() const { return ReadLog(LogPath()); }

bool PrometheusProcess::Start(const std::string& config_yaml, const std::map<std::string, std::string>& files,
                              double ready_seconds) {
  if (pid_ > 0) return false;
  const std::string config = dir_->Write("prometheus.yml", config_yaml);
  for (const auto& [name, contents] : files) dir_->Write(name, contents);
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = FreePort();
    if (port_ == 0) return false;
    std::vector<std::string> args{"prometheus",
                                  "--config.file=" + config,
                                  "--storage.tsdb.path=" + dir_->File("data"),
                                  "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                                  "--log.level=info"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int log_fd = ::open(LogPath().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) return false;
    const size_t log_start = Log().size();
    pid_ = fork();
    if (pid_ < 0) {
      ::close(log_fd);
      pid_ = -1;
      return false;
    }
    if (pid_ == 0) {
      dup2(log_fd, 1);
      dup2(log_fd, 2);
      execvp("prometheus", argv.data());
      _exit(127);
    }
    ::close(log_fd);
    bool exited = false;
    const bool ready = WaitFor(
        [&] {
          if (Exited(pid_)) {
            exited = true;
            return true;
          }
          return HttpCall(port_, "GET", "/-/ready").status == 200;
        },
        ready_seconds);
    if (ready && !exited) return true;
    if (exited) {
      pid_ = -1;
      // Lost the port to another process between FreePort() and the listen: try another.
      if (Log().find("address already in use", log_start) != std::string::npos) continue;
      return false;
    }
    Stop();  // never got ready
    return false;
  }
  return false;
}

void PrometheusProcess::Stop(double seconds) {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (!WaitFor([&] { return Exited(pid_); }, seconds)) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
}

nlohmann::json PrometheusProcess::Get(const std::string& target) const {
  const HttpResult r = HttpCall(port_, "GET", target);
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status == 0 || j.is_discarded() || !j.is_object()) {
    return {{"status", "error"}, {"error", "GET " + target + ": " + std::to_string(r.status) + " " + r.error + r.body}};
  }
  return j;
}

nlohmann::json PrometheusProcess::Query(const std::string& promql) const {
  return Get("/api/v1/query?query=" + UrlEncode(promql));
}
nlohmann::json PrometheusProcess::Alerts() const { return Get("/api/v1/alerts"); }
nlohmann::json PrometheusProcess::Targets() const { return Get("/api/v1/targets"); }
nlohmann::json PrometheusProcess::Rules() const { return Get("/api/v1/rules"); }

std::string ShortenAlertDurations(const std::string& rules_yaml, const std::string& duration) {
  // `for:` as a YAML key at the start of a line (after indentation or a list's "- "),
  // with its value up to the end of the line or a comment.
  static const std::regex kFor(R"((^|\n)([ \t]*(?:-[ \t]+)?)for:[ \t]*[^\s#]+)");
  return std::regex_replace(rules_yaml, kFor, "$1$2for: " + duration);
}

std::string UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace sori::test
