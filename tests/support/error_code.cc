#include "support/error_code.h"

#include <gtest/gtest.h>

namespace sori::test {

ErrorCode ErrorCodeOf(const std::function<void()>& f, std::string* message) {
  try {
    f();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.code();
  }
  ADD_FAILURE() << "no sori::Error thrown";
  return ErrorCode::kInternal;
}

}  // namespace sori::test
