// How the server turns Sori's one error vocabulary (sori::ErrorCode, util/error.h) into
// HTTP: the status for each code, and the `type` OpenAI's clients expect for a status.
// The JSON error body itself is built by ErrorResponse (serve/responses.h).
#pragma once

#include "util/error.h"

namespace sori {

// 400 invalid_input and unsupported, 401 unauthenticated, 404 not_found, 413 too_large,
// 503 overloaded and unavailable (with Retry-After), 500 io_error and internal.
unsigned StatusFor(ErrorCode code);

// OpenAI's error `type` for an HTTP status: invalid_request_error (400, 405),
// authentication_error (401), not_found_error (404), request_too_large (413, 431),
// overloaded_error (503), server_error otherwise.
const char* OpenAiErrorType(unsigned status);

}  // namespace sori
