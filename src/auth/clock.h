// The time the limits are measured in, injectable so tests can step it: a token bucket
// refills with monotonic time; the audio budget is per UTC day of the wall clock.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace sori {

class AuthClock {
 public:
  virtual ~AuthClock() = default;
  virtual double MonotonicSeconds() const = 0;  // any origin, never goes back
  virtual int64_t UnixSeconds() const = 0;      // wall clock, UTC
};

// steady_clock and system_clock.
std::shared_ptr<AuthClock> SystemAuthClock();

// A clock that moves only when told (tests). Both readings advance together.
class ManualAuthClock : public AuthClock {
 public:
  explicit ManualAuthClock(double unix_seconds) : now_(unix_seconds) {}
  double MonotonicSeconds() const override;
  int64_t UnixSeconds() const override;
  void Advance(double seconds);

 private:
  mutable std::mutex mu_;
  double now_;
};

// "YYYY-MM-DD" of a Unix time, in UTC.
std::string UtcDay(int64_t unix_seconds);
// Seconds from `unix_seconds` to the next UTC midnight, in (0, 86400].
int64_t SecondsToUtcMidnight(int64_t unix_seconds);
// "2026-12-07T16:32:52Z".
std::string UtcIso8601(int64_t unix_seconds);

}  // namespace sori
