// The sori::Error code a call throws (and its message), for tests of bad input.
#pragma once

#include <functional>
#include <string>

#include "util/error.h"

namespace sori::test {

// Runs f; returns the code of the sori::Error it throws and stores its message in
// *message if given. Records a test failure (and returns kInternal) if it throws none.
ErrorCode ErrorCodeOf(const std::function<void()>& f, std::string* message = nullptr);

}  // namespace sori::test
