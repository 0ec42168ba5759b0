// Inputs from the hostile-input review (issue 17): paths that are not regular files.
// Each is refused as invalid input naming the input; none may hang the caller.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>

#include "audio/reader.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

using test::ErrorCodeOf;
using test::TempDir;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(HostileInputTest, FifoIsRefusedWithoutWaitingForAWriter) {
  TempDir dir;
  const std::string fifo = dir.File("a.wav");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::vector<std::function<void()>> readers = {
      [&] { DecodeAudioFile(fifo); },
      [&] { ProbeAudioFile(fifo); },
      [&] { AudioReader::OpenFile(fifo, DecodeOptions{}); },
  };
  for (const auto& read : readers) {
    std::string message;
    EXPECT_EQ(test::ErrorCodeOfFifoRead(fifo, read, &message), ErrorCode::kInvalidInput) << message;
    EXPECT_TRUE(Contains(message, fifo)) << message;
    EXPECT_TRUE(Contains(message, "not a regular file (it is a FIFO")) << message;
  }
}

TEST(HostileInputTest, DevicesAndFoldersAreRefusedAsNotRegularFiles) {
  TempDir dir;
  std::string message;
  EXPECT_EQ(ErrorCodeOf([] { ProbeAudioFile("/dev/zero"); }, &message), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Contains(message, "'/dev/zero' is not a regular file (it is a character device)")) << message;
  EXPECT_EQ(ErrorCodeOf([&] { DecodeAudioFile(dir.path()); }, &message), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Contains(message, "(it is a directory)")) << message;
}

}  // namespace
}  // namespace sori
