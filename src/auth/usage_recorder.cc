#include "auth/usage_recorder.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <vector>

namespace sori {

UsageRecorder::UsageRecorder(ApiKeyStore& store, std::shared_ptr<AuthClock> clock, double flush_seconds)
    : store_(store), clock_(std::move(clock)), flush_seconds_(flush_seconds) {}

UsageRecorder::~UsageRecorder() { Stop(); }

void UsageRecorder::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { Loop(); });
}

void UsageRecorder::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  Flush();
}

void UsageRecorder::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::duration<double>(flush_seconds_), [this] { return stop_; });
    if (stop_) break;
    lock.unlock();
    Flush();
    lock.lock();
  }
}

ApiKeyUsage& UsageRecorder::Pending(int64_t key_id, const std::string& day) {
  ApiKeyUsage& u = pending_[{key_id, day}];
  u.key_id = key_id;
  u.day = day;
  u.last_used_at = UtcIso8601(clock_->UnixSeconds());
  return u;
}

void UsageRecorder::CountRequest(int64_t key_id, bool error) {
  const std::string day = UtcDay(clock_->UnixSeconds());
  std::lock_guard<std::mutex> lock(mu_);
  ApiKeyUsage& u = Pending(key_id, day);
  ++u.requests;
  if (error) ++u.errors;
}

void UsageRecorder::ChargeAudio(int64_t key_id, double seconds) {
  if (!(seconds > 0)) return;  // also drops NaN
  AudioToday(key_id);          // the day's figure from the store first, so this adds to it
  const std::string day = UtcDay(clock_->UnixSeconds());
  std::lock_guard<std::mutex> lock(mu_);
  Pending(key_id, day).audio_seconds += seconds;
  auto& today = audio_today_[key_id];
  if (today.first == day) today.second += seconds;
}

double UsageRecorder::AudioToday(int64_t key_id) {
  const std::string day = UtcDay(clock_->UnixSeconds());
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = audio_today_.find(key_id);
    if (it != audio_today_.end() && it->second.first == day) return it->second.second;
  }
  // Read outside the lock (a store read must not stall every other request). What this
  // process charged but has not flushed is not in the store yet: add it.
  const double stored = store_.UsageOn(key_id, day).audio_seconds;
  std::lock_guard<std::mutex> lock(mu_);
  auto& today = audio_today_[key_id];
  if (today.first != day) {
    const auto pending = pending_.find({key_id, day});
    today = {day, stored + (pending == pending_.end() ? 0.0 : pending->second.audio_seconds)};
  }
  return today.second;
}

bool UsageRecorder::Flush() {
  std::lock_guard<std::mutex> one_at_a_time(flush_mu_);
  std::map<std::pair<int64_t, std::string>, ApiKeyUsage> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty()) return true;
  std::vector<ApiKeyUsage> deltas;
  for (const auto& [key, usage] : batch) deltas.push_back(usage);
  try {
    store_.AddUsage(deltas);
    return true;
  } catch (const std::exception& e) {
    spdlog::warn("API key usage not written to the store yet ({} rows; will retry): {}", deltas.size(), e.what());
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, usage] : batch) {  // merged back in front of what came meanwhile
    ApiKeyUsage& u = pending_[key];
    u.key_id = usage.key_id;
    u.day = usage.day;
    u.requests += usage.requests;
    u.audio_seconds += usage.audio_seconds;
    u.errors += usage.errors;
    if (u.last_used_at.empty()) u.last_used_at = usage.last_used_at;
  }
  return false;
}

}  // namespace sori
