#include "net/retry_schedule.h"

#include <charconv>
#include <cmath>

#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr size_t kMaxRetries = 100;
constexpr double kMaxDelaySeconds = 7 * 24 * 3600;

// "90", "90s", "5m", "2h" -> seconds; nullopt for anything else.
std::optional<double> ParseDelay(const std::string& item) {
  if (item.empty()) return std::nullopt;
  double unit = 1;
  size_t digits = item.size();
  switch (item.back()) {
    case 's': unit = 1; --digits; break;
    case 'm': unit = 60; --digits; break;
    case 'h': unit = 3600; --digits; break;
    default: break;
  }
  if (digits == 0 || item[0] == '-' || item[0] == '+') return std::nullopt;
  double value = 0;
  const char* end = item.data() + digits;
  auto [ptr, ec] = std::from_chars(item.data(), end, value, std::chars_format::fixed);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value * unit;
}

}  // namespace

void RetrySchedule::Validate() const {
  if (delays.size() > kMaxRetries) {
    throw Error(ErrorCode::kInvalidInput, "retry schedule: " + std::to_string(delays.size()) +
                                              " delays; at most " + std::to_string(kMaxRetries) + " are accepted");
  }
  for (size_t i = 0; i < delays.size(); ++i) {
    if (!(delays[i] > 0 && delays[i] <= kMaxDelaySeconds)) {
      throw Error(ErrorCode::kInvalidInput, "retry schedule: delay " + std::to_string(i + 1) + " is " +
                                                FormatFixed(delays[i], 3) + " s; each must be in (0, 604800] (7 days)");
    }
  }
  if (!(jitter >= 0 && jitter < 1)) {
    throw Error(ErrorCode::kInvalidInput, "retry schedule: jitter " + FormatFixed(jitter, 3) + " is outside [0, 1)");
  }
}

RetrySchedule ParseRetrySchedule(const std::string& text) {
  RetrySchedule schedule;
  schedule.delays.clear();
  if (Trim(text) == "none") return schedule;
  const std::vector<std::string> items = Split(text, ',');
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string item = Trim(items[i]);
    auto seconds = ParseDelay(item);
    if (!seconds) {
      throw Error(ErrorCode::kInvalidInput, "retry schedule '" + text + "': item " + std::to_string(i + 1) + " ('" +
                                                item + "') is not a delay; write a number of seconds with an "
                                                "optional s, m or h suffix (5s,5m,30m,2h), or 'none'");
    }
    schedule.delays.push_back(*seconds);
  }
  schedule.Validate();
  return schedule;
}

std::optional<double> NextRetryDelay(const RetrySchedule& s, int attempts_made, std::mt19937_64& rng) {
  if (attempts_made < 1) {
    throw Error(ErrorCode::kInvalidInput,
                "NextRetryDelay: attempts_made is " + std::to_string(attempts_made) + "; it counts from 1");
  }
  if (static_cast<size_t>(attempts_made) > s.delays.size()) return std::nullopt;
  const double delay = s.delays[static_cast<size_t>(attempts_made) - 1];
  if (s.jitter <= 0) return delay;
  std::uniform_real_distribution<double> factor(1 - s.jitter, 1 + s.jitter);
  return delay * factor(rng);
}

DeliveryVerdict ClassifyDelivery(int status) {
  if (status >= 200 && status <= 299) return DeliveryVerdict::kDelivered;
  if (status == 0 || status == 408 || status == 429 || (status >= 500 && status <= 599)) {
    return DeliveryVerdict::kRetry;
  }
  return DeliveryVerdict::kGiveUp;
}

}  // namespace sori
