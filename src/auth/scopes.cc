#include "auth/scopes.h"

#include <algorithm>

#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr Scope kAllScopes[] = {Scope::kTranscribe, Scope::kJobs, Scope::kAdmin};

}  // namespace

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kTranscribe: return "transcribe";
    case Scope::kJobs: return "jobs";
    case Scope::kAdmin: return "admin";
  }
  return "?";
}

Scope ParseScope(std::string_view name) {
  for (const Scope s : kAllScopes) {
    if (name == ScopeName(s)) return s;
  }
  throw Error(ErrorCode::kInvalidInput,
              "unknown scope '" + std::string(name) + "'; scopes are transcribe, jobs and admin (comma-separated)");
}

std::vector<std::string> ParseScopeList(std::string_view list) {
  std::vector<bool> wanted(std::size(kAllScopes), false);
  for (const std::string& word : Split(list, ',')) {
    wanted[static_cast<size_t>(ParseScope(Trim(word)))] = true;
  }
  std::vector<std::string> out;
  for (const Scope s : kAllScopes) {
    if (wanted[static_cast<size_t>(s)]) out.push_back(ScopeName(s));
  }
  if (out.empty()) throw Error(ErrorCode::kInvalidInput, "no scopes given; name at least one of transcribe, jobs, admin");
  return out;
}

bool HasScope(const std::vector<std::string>& scopes, Scope scope) {
  return std::find(scopes.begin(), scopes.end(), ScopeName(scope)) != scopes.end();
}

}  // namespace sori
