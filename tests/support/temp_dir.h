// A fresh directory per test, removed (with its contents) when the object goes away.
#pragma once

#include <string>

namespace sori::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string File(const std::string& name) const;
  // Writes `contents` to File(name) and returns that path.
  std::string Write(const std::string& name, const std::string& contents) const;

 private:
  std::string path_;
};

// Result of running a shell command.
struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `command` with /bin/sh, capturing stdout and stderr separately.
CommandResult RunCommand(const std::string& command);

// Runs the sori binary built alongside the tests with `args` (already shell-quoted).
CommandResult RunSori(const std::string& args);

// RunSori for inputs that could make it hang (FIFOs): killed after `seconds` (SIGTERM,
// then SIGKILL 5 s later), when exit_code is 124 (or 137).
CommandResult RunSoriWithin(int seconds, const std::string& args);

// Single-quotes a string for /bin/sh.
std::string ShellQuote(const std::string& s);

// ../shared/data next to the checkout (FSDD, the NeMo reference model).
std::string SharedDataDir();

}  // namespace sori::test
