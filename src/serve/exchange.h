// One HTTP request on its way to an answer: what a route handler reads, and the answer it
// gives exactly once, from any thread (an I/O thread, or a batcher's worker when the
// recognition is done). Answering goes through the Finish the server set up, which writes
// the access-log line, counts the metrics and sends the response.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "serve/http_server.h"

namespace sori {

// Who made the request: set by the auth gate (serve/auth_gate.h) before any handler runs.
// key_id 0 and an empty name: no key (a server run with --auth none, or an open route).
struct Caller {
  int64_t key_id = 0;
  std::string key_name;
};

class Exchange {
 public:
  using Clock = std::chrono::steady_clock;
  using Finish = std::function<void(const Exchange& exchange, HttpResponse response)>;

  Exchange(HttpRequest request, std::string remote, Finish finish);

  HttpRequest& request() { return request_; }
  const HttpRequest& request() const { return request_; }
  const std::string& remote() const { return remote_; }
  const std::string& method() const { return method_; }
  const std::string& path() const { return path_; }    // the target before '?'
  const std::string& query() const { return query_; }  // after '?', "" if none
  uint64_t bytes_in() const { return bytes_in_; }      // the body as received
  Clock::time_point start() const { return start_; }

  // What the access log and the recognition metrics say about this request: set by the
  // handler once it knows (the model version it picked, the audio it recognized).
  // A recognition request: the access log shows its audio seconds and model version.
  void set_recognition() { recognition_ = true; }
  bool recognition() const { return recognition_; }
  void set_model_version(const std::string& version) { model_version_ = version; }
  const std::string& model_version() const { return model_version_; }
  void set_audio_seconds(double seconds) { audio_seconds_ = seconds; }
  double audio_seconds() const { return audio_seconds_; }
  void set_caller(Caller caller) { caller_ = std::move(caller); }
  const Caller& caller() const { return caller_; }

  // Sends `response` through Finish. Only the first call answers; a later one (a bug) is
  // logged and dropped, so no connection ever gets two responses.
  void Answer(HttpResponse response);
  bool answered() const { return answered_; }

 private:
  HttpRequest request_;
  std::string remote_, method_, path_, query_;
  uint64_t bytes_in_ = 0;
  Clock::time_point start_;
  bool recognition_ = false;
  std::string model_version_;
  double audio_seconds_ = 0;
  Caller caller_;
  Finish finish_;
  std::atomic<bool> answered_{false};
};

}  // namespace sori
