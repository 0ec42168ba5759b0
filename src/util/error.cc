#include "util/error.h"

namespace sori {

Error::Error(ErrorCode code, const std::string& message)
    : std::runtime_error(message), code_(code) {}

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kIo: return "io_error";
    case ErrorCode::kOverloaded: return "overloaded";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

int ExitStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return 3;
    case ErrorCode::kNotFound: return 4;
    case ErrorCode::kTooLarge: return 5;
    case ErrorCode::kUnsupported: return 6;
    case ErrorCode::kIo: return 7;
    case ErrorCode::kOverloaded: return 8;
    case ErrorCode::kUnavailable: return 9;
    case ErrorCode::kUnauthenticated: return 10;
    case ErrorCode::kPermissionDenied: return 11;
    case ErrorCode::kRateLimited: return 12;
    case ErrorCode::kConflict: return 13;
    case ErrorCode::kInternal: return 70;  // EX_SOFTWARE
  }
  return 70;
}

}  // namespace sori
