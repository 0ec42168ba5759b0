// CanaryPolicy: validation and JSON (what the admin API accepts and the store keeps).
#include <cmath>
#include <string>
#include <type_traits>

#include "monitor/canary_policy.h"
#include "util/error.h"

namespace sori {
namespace {

[[noreturn]] void BadPolicyField(const std::string& field, const std::string& why) {
  throw Error(ErrorCode::kInvalidInput, "canary policy: " + field + " " + why);
}

void CheckFraction(const char* field, double v) {
  if (!(v >= 0.0 && v <= 1.0)) BadPolicyField(field, "must be in [0, 1], got " + std::to_string(v));
}

template <typename T>
void ReadPolicyField(const nlohmann::json& j, const char* field, T* out) {
  if (!j.contains(field)) return;
  const nlohmann::json& v = j[field];
  if constexpr (std::is_integral_v<T>) {
    if (!v.is_number_integer()) BadPolicyField(field, "must be an integer");
  } else {
    if (!v.is_number()) BadPolicyField(field, "must be a number");
  }
  *out = v.get<T>();
}

}  // namespace

void CanaryPolicy::Validate() const {
  if (min_requests < 1) BadPolicyField("min_requests", "must be >= 1, got " + std::to_string(min_requests));
  CheckFraction("max_error_rate_increase", max_error_rate_increase);
  if (!(max_p99_latency_ratio >= 1.0 && std::isfinite(max_p99_latency_ratio))) {
    BadPolicyField("max_p99_latency_ratio", "must be a finite number >= 1, got " + std::to_string(max_p99_latency_ratio));
  }
  CheckFraction("max_confidence_drop", max_confidence_drop);
  CheckFraction("max_empty_rate_increase", max_empty_rate_increase);
  if (auto_promote_after < 0) {
    BadPolicyField("auto_promote_after", "must be >= 0 (0: never), got " + std::to_string(auto_promote_after));
  }
}

nlohmann::json CanaryPolicy::ToJson() const {
  return {{"min_requests", min_requests},
          {"max_error_rate_increase", max_error_rate_increase},
          {"max_p99_latency_ratio", max_p99_latency_ratio},
          {"max_confidence_drop", max_confidence_drop},
          {"max_empty_rate_increase", max_empty_rate_increase},
          {"auto_promote_after", auto_promote_after}};
}

CanaryPolicy CanaryPolicy::FromJson(const nlohmann::json& j) {
  if (!j.is_object()) BadPolicyField("(root)", "must be a JSON object");
  CanaryPolicy p;
  const nlohmann::json known = p.ToJson();
  for (const auto& [key, value] : j.items()) {
    if (known.contains(key)) continue;
    std::string names;
    for (const auto& [name, unused] : known.items()) names += (names.empty() ? "" : ", ") + name;
    BadPolicyField(key, "is not a policy field (known: " + names + ")");
  }
  ReadPolicyField(j, "min_requests", &p.min_requests);
  ReadPolicyField(j, "max_error_rate_increase", &p.max_error_rate_increase);
  ReadPolicyField(j, "max_p99_latency_ratio", &p.max_p99_latency_ratio);
  ReadPolicyField(j, "max_confidence_drop", &p.max_confidence_drop);
  ReadPolicyField(j, "max_empty_rate_increase", &p.max_empty_rate_increase);
  ReadPolicyField(j, "auto_promote_after", &p.auto_promote_after);
  p.Validate();
  return p;
}

}  // namespace sori
