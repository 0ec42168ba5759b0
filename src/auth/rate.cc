#include "auth/rate.h"

#include <charconv>
#include <utility>

#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr std::pair<const char*, int64_t> kPeriods[] = {
    {"s", 1}, {"sec", 1}, {"second", 1}, {"min", 60}, {"minute", 60}, {"h", 3600}, {"hour", 3600}, {"day", 86400}};

[[noreturn]] void BadRate(std::string_view text) {
  throw Error(ErrorCode::kInvalidInput, "rate '" + std::string(text) +
                                            "' is not valid: write COUNT/PERIOD with a count from 1 to 1000000000 "
                                            "and a period of s, min, h or day (60/min, 10/s, 1000/h), or 'none'");
}

}  // namespace

RateSpec ParseRate(std::string_view text) {
  const std::string t = AsciiLower(Trim(text));
  if (t == "none") return {0, 60};
  const size_t slash = t.find('/');
  if (slash == std::string::npos) BadRate(text);
  int64_t count = 0;
  const char* begin = t.data();
  const auto [end, ec] = std::from_chars(begin, begin + slash, count);
  if (ec != std::errc() || end != begin + slash || count < 1 || count > 1000000000) BadRate(text);
  const std::string unit = t.substr(slash + 1);
  for (const auto& [name, seconds] : kPeriods) {
    if (unit == name) return {count, seconds};
  }
  BadRate(text);
}

std::string FormatRate(int64_t count, int64_t period_seconds) {
  if (count <= 0) return "none";
  // The first name of each period in kPeriods is its short one.
  for (const auto& [name, seconds] : kPeriods) {
    if (seconds == period_seconds) return std::to_string(count) + "/" + name;
  }
  return std::to_string(count) + "/" + std::to_string(period_seconds) + "s";
}

}  // namespace sori
