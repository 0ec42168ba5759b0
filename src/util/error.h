// sori::Error: the one exception type that library code throws for problems a caller
// can act on. The CLI maps codes to exit statuses (ExitStatusFor), the server to HTTP
// statuses. Messages name the input (file, line, field) and say what would be accepted.
#pragma once

#include <stdexcept>
#include <string>

namespace sori {

enum class ErrorCode {
  kInvalidInput,  // malformed or out-of-range input: bad file, bad value, bad line
  kNotFound,      // a named file, key or object does not exist
  kTooLarge,      // input exceeds a configured limit (duration, size, count)
  kUnsupported,   // valid input that this build or version cannot handle
  kIo,            // the operating system refused a read or write
  kOverloaded,    // a bounded resource is full; retry later
  kUnavailable,   // the service is not ready or is shutting down; retry later (elsewhere)
  kUnauthenticated,  // credentials are missing or wrong
  kPermissionDenied, // credentials are valid but do not allow this (an API key's scopes)
  kRateLimited,      // a per-client limit (rate, concurrency, quota) is spent; retry later
  kConflict,         // the object is not in a state that allows this (cancel a finished job)
  kInternal,      // a bug: an invariant did not hold
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message);
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

// Short stable name of a code, e.g. "invalid_input": the one vocabulary of errors, used
// in logs, by the CLI and as the `code` of the server's JSON errors.
const char* ErrorCodeName(ErrorCode code);

// Process exit status for a command that failed with this code. 1 is reserved for
// "ran fine but found problems" (e.g. `manifest validate`), 2 for usage errors.
int ExitStatusFor(ErrorCode code);

}  // namespace sori
