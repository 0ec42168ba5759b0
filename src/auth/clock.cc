#include "auth/clock.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace sori {
namespace {

class SystemClockImpl : public AuthClock {
 public:
  double MonotonicSeconds() const override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  int64_t UnixSeconds() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

std::tm UtcTm(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

}  // namespace

std::shared_ptr<AuthClock> SystemAuthClock() {
  static const auto clock = std::make_shared<SystemClockImpl>();
  return clock;
}

double ManualAuthClock::MonotonicSeconds() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

int64_t ManualAuthClock::UnixSeconds() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(std::floor(now_));
}

void ManualAuthClock::Advance(double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += seconds;
}

std::string UtcDay(int64_t unix_seconds) {
  const std::tm tm = UtcTm(unix_seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buffer;
}

int64_t SecondsToUtcMidnight(int64_t unix_seconds) {
  const int64_t into_day = ((unix_seconds % 86400) + 86400) % 86400;
  return 86400 - into_day;
}

std::string UtcIso8601(int64_t unix_seconds) {
  const std::tm tm = UtcTm(unix_seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02dZ", UtcDay(unix_seconds).c_str(), tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

}  // namespace sori
