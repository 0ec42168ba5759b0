// What a key may do. A route needs one scope (serve/auth_gate.h): transcription routes
// `transcribe`, /v1/jobs `jobs`, /admin/* `admin`. `admin` does not imply the others.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sori {

enum class Scope { kTranscribe, kJobs, kAdmin };

const char* ScopeName(Scope scope);
// Throws Error(kInvalidInput) naming the word and the scopes there are.
Scope ParseScope(std::string_view name);
// "transcribe,jobs" -> the scope names, checked, without repeats, in the order
// transcribe, jobs, admin. An empty list is refused.
std::vector<std::string> ParseScopeList(std::string_view list);
bool HasScope(const std::vector<std::string>& scopes, Scope scope);

}  // namespace sori
