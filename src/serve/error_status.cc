#include "serve/error_status.h"

namespace sori {

unsigned StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kUnsupported: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kOverloaded:
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kIo:
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

const char* OpenAiErrorType(unsigned status) {
  switch (status) {
    case 400:
    case 405: return "invalid_request_error";
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 409: return "conflict_error";
    case 429: return "rate_limit_error";
    case 404: return "not_found_error";
    case 413:
    case 431: return "request_too_large";
    case 503: return "overloaded_error";
    default: return "server_error";
  }
}

}  // namespace sori
