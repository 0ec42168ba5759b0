#include "support/temp_dir.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sori::test {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/sori-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::File(const std::string& name) const { return path_ + "/" + name; }

std::string TempDir::Write(const std::string& name, const std::string& contents) const {
  const std::string p = File(name);
  std::filesystem::create_directories(std::filesystem::path(p).parent_path());
  std::ofstream out(p, std::ios::binary);
  out << contents;
  if (!out) throw std::runtime_error("cannot write " + p);
  return p;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

CommandResult RunCommand(const std::string& command) {
  TempDir dir;
  const std::string out_path = dir.File("stdout");
  const std::string err_path = dir.File("stderr");
  const std::string full = "(" + command + ") >" + ShellQuote(out_path) + " 2>" + ShellQuote(err_path);
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  const auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  return r;
}

CommandResult RunSori(const std::string& args) {
  return RunCommand(ShellQuote(SORI_BINARY_PATH) + " " + args);
}

CommandResult RunSoriWithin(int seconds, const std::string& args) {
  return RunCommand("timeout -k 5 " + std::to_string(seconds) + " " + ShellQuote(SORI_BINARY_PATH) + " " + args);
}

std::string SharedDataDir() { return SORI_SHARED_DATA_DIR; }

}  // namespace sori::test
