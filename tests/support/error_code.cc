#include "support/error_code.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <future>

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

ErrorCode ErrorCodeOfFifoRead(const std::string& fifo, const std::function<void()>& f,
                              std::string* message) {
  auto result = std::async(std::launch::async, [&] { return ErrorCodeOf(f, message); });
  if (result.wait_for(std::chrono::seconds(10)) == std::future_status::timeout) {
    ADD_FAILURE() << "reading the FIFO " << fifo << " blocked for 10 s";
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);  // releases the blocked open()
    if (fd >= 0) ::close(fd);
  }
  return result.get();
}

}  // namespace sori::test
