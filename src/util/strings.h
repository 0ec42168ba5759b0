// Small string helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sori {

std::string_view TrimView(std::string_view s);
std::string Trim(std::string_view s);
std::vector<std::string> SplitWhitespace(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string AsciiLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Equality whose time does not depend on where the strings differ (for secrets such as
// tokens: an ordinary compare returns at the first wrong byte, which can be timed).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// "2.50 s", "1:02:03" style helpers for human-readable output.
std::string FormatDuration(double seconds);  // h:mm:ss, or m:ss under an hour
std::string FormatFixed(double value, int decimals);
std::string FormatSeconds(double seconds);  // "1.234 s"
std::string FormatBytes(double bytes);       // "1.5 MiB"
// Current time as "2026-11-22T12:34:56Z" (UTC).
std::string UtcNowIso8601();

}  // namespace sori
