// Request rates as written on the command line: "60/min", "10/s", "1000/h", "5000/day";
// "none" for no limit. The count is also the burst (a token bucket that starts full).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sori {

struct RateSpec {
  int64_t count = 0;            // 0: no limit
  int64_t period_seconds = 60;
};

// Throws Error(kInvalidInput) naming the text and the accepted forms.
RateSpec ParseRate(std::string_view text);
// "60/min", "10/s", "1000/h", "7/day", "90/90s"; "none" for count 0.
std::string FormatRate(int64_t count, int64_t period_seconds);

}  // namespace sori
