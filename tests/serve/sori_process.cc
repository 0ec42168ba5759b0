#include "sori_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

namespace sori::test {

bool WaitFor(const std::function<bool()>& ready, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ready();
}

std::string ReadLog(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

SoriProcess::~SoriProcess() {
  if (pid_ > 0) Kill(SIGKILL);
}

bool SoriProcess::Launch(const std::string& log, const std::vector<std::string>& args) {
  // Everything the child needs is made before fork (it may only call exec-safe functions).
  std::vector<std::string> all{"sori", "--threads", "1"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return false;
  const size_t log_start = ReadLog(log).size();
  pid_ = fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    execv(SORI_BINARY_PATH, argv.data());
    _exit(127);
  }
  ::close(log_fd);
  const std::regex listening("listening on http://127\\.0\\.0\\.1:(\\d+)");
  return WaitFor([&] {
    const std::string text = ReadLog(log).substr(log_start);
    std::smatch m;
    if (!std::regex_search(text, m, listening)) return false;
    port_ = std::stoi(m[1]);
    return true;
  });
}

int SoriProcess::Kill(int signal, bool wait) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  int status = 0;
  if (wait) {
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  return status;
}

}  // namespace sori::test
