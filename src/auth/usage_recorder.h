// Usage per key and UTC day (requests, audio seconds, errors), counted in memory and
// written to the store in batches by a background thread (at most every `flush_seconds`)
// and at Stop: a request never waits for a store write. If the server is killed, at most
// the last interval's counts are lost.
//
// It also answers "how much audio has this key used today" for the daily budget: the
// store's figure when the key was first seen that day, plus what this process charged
// since.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "auth/clock.h"
#include "store/api_keys.h"

namespace sori {

class UsageRecorder {
 public:
  UsageRecorder(ApiKeyStore& store, std::shared_ptr<AuthClock> clock = SystemAuthClock(), double flush_seconds = 1.0);
  ~UsageRecorder();
  UsageRecorder(const UsageRecorder&) = delete;
  UsageRecorder& operator=(const UsageRecorder&) = delete;

  // Starts the background flush; Stop (or the destructor) flushes what is left and joins.
  void Start();
  void Stop();

  void CountRequest(int64_t key_id, bool error);
  void ChargeAudio(int64_t key_id, double seconds);
  // The key's audio seconds on the current UTC day (reads the store once per key and day).
  double AudioToday(int64_t key_id);
  // Writes the counts not written yet, now. Returns false (and keeps them for the next
  // flush) if the store refused; the failure is logged.
  bool Flush();

 private:
  ApiKeyUsage& Pending(int64_t key_id, const std::string& day);
  void Loop();

  ApiKeyStore& store_;
  std::shared_ptr<AuthClock> clock_;
  double flush_seconds_;
  std::mutex mu_;
  std::map<std::pair<int64_t, std::string>, ApiKeyUsage> pending_;
  // Audio today per key: {day, store's figure at first sight + charged here since}.
  std::map<int64_t, std::pair<std::string, double>> audio_today_;
  std::mutex flush_mu_;  // one flush at a time, so deltas are written in order
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace sori
