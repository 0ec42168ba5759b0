// The `sori` binary as a child process for end-to-end tests: started with its output in
// a log file, its port read from the "listening on" line, killed with any signal.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace sori::test {

// Polls `ready` every 50 ms for up to `seconds`.
bool WaitFor(const std::function<bool()>& ready, double seconds = 30);
std::string ReadLog(const std::string& path);

class SoriProcess {
 public:
  SoriProcess() = default;
  ~SoriProcess();  // SIGKILL if still running
  SoriProcess(const SoriProcess&) = delete;
  SoriProcess& operator=(const SoriProcess&) = delete;

  // Starts `sori --threads 1 ARGS` with stdout and stderr appended to `log`, and waits
  // (30 s) for the port it listens on; false if it never listened.
  bool Launch(const std::string& log, const std::vector<std::string>& args);
  // Sends `signal`; with wait, reaps the process and returns its wait status.
  int Kill(int signal, bool wait = true);
  pid_t pid() const { return pid_; }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace sori::test
