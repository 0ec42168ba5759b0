#include "auth/limiter.h"

#include <cmath>

#include "auth/rate.h"
#include "util/strings.h"

namespace sori {
namespace {

int64_t CeilSeconds(double seconds) { return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(seconds - 1e-9))); }

}  // namespace

const char* LimitKindName(LimitKind kind) {
  switch (kind) {
    case LimitKind::kNone: return "";
    case LimitKind::kRate: return "rate";
    case LimitKind::kConcurrency: return "concurrency";
    case LimitKind::kDailyAudio: return "daily_audio";
  }
  return "";
}

std::string LimitDecision::Describe(const std::string& key_name) const {
  if (admitted()) return "admitted";
  return std::string(LimitKindName(refused_by)) + " limit of API key '" + key_name + "' reached (" + limit_text +
         "); retry in " + std::to_string(retry_after_seconds) + " s";
}

Limiter::KeyState& Limiter::State(int64_t key_id, const ApiKeyLimits& limits, double now) {
  KeyState& s = keys_[key_id];
  // Made again if the key's limits changed in the store (the bucket starts full).
  if (s.rate_count != limits.rate_count || s.rate_period != limits.rate_period_seconds) {
    s.rate_count = limits.rate_count;
    s.rate_period = limits.rate_period_seconds;
    s.bucket = limits.rate_count > 0
                   ? std::make_unique<TokenBucket>(limits.rate_count, static_cast<double>(limits.rate_period_seconds), now)
                   : nullptr;
  }
  return s;
}

LimitDecision Limiter::Admit(int64_t key_id, const ApiKeyLimits& limits, double audio_used_today) {
  const double now = clock_->MonotonicSeconds();
  LimitDecision d;
  if (limits.audio_seconds_per_day > 0 && audio_used_today >= limits.audio_seconds_per_day) {
    d.refused_by = LimitKind::kDailyAudio;
    d.limit = static_cast<int64_t>(std::llround(limits.audio_seconds_per_day));
    d.reset_seconds = d.retry_after_seconds = SecondsToUtcMidnight(clock_->UnixSeconds());
    d.limit_text = FormatFixed(limits.audio_seconds_per_day, 0) + " audio seconds per UTC day";
    return d;
  }
  std::lock_guard<std::mutex> lock(mu_);
  KeyState& s = State(key_id, limits, now);
  if (limits.max_concurrent > 0 && s.in_flight >= limits.max_concurrent) {
    d.refused_by = LimitKind::kConcurrency;
    d.limit = limits.max_concurrent;
    d.reset_seconds = d.retry_after_seconds = 1;  // unknown: when a request under way ends
    d.limit_text = std::to_string(limits.max_concurrent) + " requests at once";
    return d;
  }
  if (s.bucket) {
    const TokenBucket::Result r = s.bucket->TryTake(now);
    d.limit = s.bucket->count();
    d.remaining = r.remaining;
    d.reset_seconds = static_cast<int64_t>(std::ceil(r.reset_seconds - 1e-9));
    if (!r.taken) {
      d.refused_by = LimitKind::kRate;
      d.retry_after_seconds = CeilSeconds(r.retry_after_seconds);
      d.limit_text = FormatRate(limits.rate_count, limits.rate_period_seconds) + " requests";
      return d;
    }
  }
  ++s.in_flight;
  return d;
}

void Limiter::Release(int64_t key_id) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = keys_.find(key_id);
  if (it != keys_.end() && it->second.in_flight > 0) --it->second.in_flight;
}

int64_t Limiter::in_flight(int64_t key_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = keys_.find(key_id);
  return it == keys_.end() ? 0 : it->second.in_flight;
}

}  // namespace sori
