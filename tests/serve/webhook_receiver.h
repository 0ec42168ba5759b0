// The npm-based webhook receiver (tests/serve/openai-client/webhook_receiver.mjs) as a
// test helper: started on a free loopback port, it verifies every delivery with the
// Standard Webhooks reference library and logs one JSON line per request.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sori::test {

class WebhookReceiver {
 public:
  // False (with *why) when node or the npm packages are missing.
  static bool Available(std::string* why);
  // Starts node with `args` (e.g. {"--status-for", "/gone=410"}) besides the port file,
  // log and secret; waits up to 20 s for it to listen.
  WebhookReceiver(const std::string& dir, const std::string& secret, const std::vector<std::string>& args = {});
  ~WebhookReceiver();  // SIGTERM
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  // Every request received so far, in order.
  std::vector<nlohmann::json> Log() const;

 private:
  std::string log_;
  int pid_ = 0;
  int port_ = 0;
};

}  // namespace sori::test
