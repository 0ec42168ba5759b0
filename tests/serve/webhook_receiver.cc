#include "webhook_receiver.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace sori::test {

namespace {

std::string ClientDir() { return std::string(SORI_SOURCE_DIR) + "/tests/serve/openai-client"; }

}  // namespace

bool WebhookReceiver::Available(std::string* why) {
  if (std::system("command -v node > /dev/null 2>&1") != 0) {
    *why = "node is missing (scripts/install-deps.sh installs it)";
    return false;
  }
  if (!std::filesystem::exists(ClientDir() + "/node_modules/standardwebhooks")) {
    *why = "the standardwebhooks npm package is missing (scripts/install-deps.sh installs it)";
    return false;
  }
  return true;
}

WebhookReceiver::WebhookReceiver(const std::string& dir, const std::string& secret, const std::vector<std::string>& args) {
  static int n = 0;
  const std::string tag = dir + "/receiver" + std::to_string(n++);
  log_ = tag + ".log";
  const std::string port_file = tag + ".port";
  std::vector<std::string> all{"node", ClientDir() + "/webhook_receiver.mjs", "--port-file", port_file, "--log", log_,
                               "--secret", secret};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    execvp("node", argv.data());
    _exit(127);
  }
  for (int i = 0; i < 400 && port_ == 0; ++i) {
    std::ifstream in(port_file);
    if (!(in >> port_)) port_ = 0;
    if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(port_, 0) << "the webhook receiver did not start";
}

WebhookReceiver::~WebhookReceiver() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

std::vector<nlohmann::json> WebhookReceiver::Log() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(log_);
  for (std::string line; std::getline(in, line);) {
    // A line being written as we read is skipped: the next read has it whole.
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

}  // namespace sori::test
