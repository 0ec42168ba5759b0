// The sori::Error code a call throws (and its message), for tests of bad input.
#pragma once

#include <functional>
#include <string>

#include "util/error.h"

namespace sori::test {

// Runs f; returns the code of the sori::Error it throws and stores its message in
// *message if given. Records a test failure (and returns kInternal) if it throws none.
ErrorCode ErrorCodeOf(const std::function<void()>& f, std::string* message = nullptr);

// ErrorCodeOf(f) for an f that reads the FIFO `fifo`, bounded: should f still be
// blocked after 10 s (opening a FIFO waits for a writer), a writer is connected so that
// f returns, and a test failure is recorded instead of a hang.
ErrorCode ErrorCodeOfFifoRead(const std::string& fifo, const std::function<void()>& f,
                              std::string* message = nullptr);

}  // namespace sori::test
