#include "util/fs.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "support/error_code.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

TEST(FsTest, AtomicWriteCreatesDirectoriesAndReplaces) {
  test::TempDir dir;
  const std::string path = dir.File("a/b/c.txt");
  WriteFileAtomic(path, "first");
  EXPECT_EQ(ReadFileToString(path, 100), "first");
  WriteFileAtomic(path, "second");
  EXPECT_EQ(ReadFileToString(path, 100), "second");
  // No temporary files are left behind.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.File("a/b"))) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

TEST(FsTest, ReadErrorsNameTheFile) {
  test::TempDir dir;
  try {
    ReadFileToString(dir.File("missing"), 10);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos);
  }
  const std::string big = dir.Write("big", std::string(100, 'x'));
  try {
    ReadFileToString(big, 10);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kTooLarge);
  }
  EXPECT_THROW(ReadFileToString(dir.path(), 10), Error);
}

TEST(FsTest, OnlyRegularFilesAreReadAndAFifoIsNeverOpened) {
  test::TempDir dir;
  const std::string fifo = dir.File("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string message;
  EXPECT_EQ(test::ErrorCodeOfFifoRead(fifo, [&] { ReadFileToString(fifo, 100, "manifest"); }, &message),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(message, "manifest '" + fifo + "' is not a regular file (it is a FIFO)");
  EXPECT_EQ(test::ErrorCodeOfFifoRead(fifo, [&] { FileSizeOrThrow(fifo); }), ErrorCode::kInvalidInput);
  uint64_t size = 0;
  EXPECT_EQ(test::ErrorCodeOfFifoRead(fifo, [&] { OpenRegularFile(fifo, "file", &size); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([] { ReadFileToString("/dev/zero", 100); }, &message), ErrorCode::kInvalidInput);
  EXPECT_EQ(message, "file '/dev/zero' is not a regular file (it is a character device)");
  EXPECT_EQ(test::ErrorCodeOf([&] { ReadFileToString(dir.path(), 100); }, &message), ErrorCode::kInvalidInput);
  EXPECT_EQ(message, "file '" + dir.path() + "' is not a regular file (it is a directory)");
}

TEST(FsTest, AtomicWriteIntoUnwritablePlaceFails) {
  EXPECT_THROW(WriteFileAtomic("/proc/sori-cannot-write-here", "x"), Error);
}

TEST(FsTest, ResolveRelativeTo) {
  EXPECT_EQ(ResolveRelativeTo("/data/corpus", "wav/a.wav"), "/data/corpus/wav/a.wav");
  EXPECT_EQ(ResolveRelativeTo("/data/corpus", "../x.wav"), "/data/x.wav");
  EXPECT_EQ(ResolveRelativeTo("/data/corpus", "/abs/y.wav"), "/abs/y.wav");
  EXPECT_EQ(ParentDir("m.jsonl"), ".");
  EXPECT_EQ(ParentDir("/a/b/m.jsonl"), "/a/b");
}

TEST(FsTest, ReplaceDirectorySwapsWholeFoldersAndLeavesNoOldCopy) {
  test::TempDir dir;
  WriteFileAtomic(dir.File("ready/x.txt"), "new");
  ReplaceDirectory(dir.File("ready"), dir.File("target"));  // no previous folder
  EXPECT_EQ(ReadFileToString(dir.File("target/x.txt"), 100), "new");
  EXPECT_FALSE(std::filesystem::exists(dir.File("ready")));

  WriteFileAtomic(dir.File("ready2/y.txt"), "newer");
  ReplaceDirectory(dir.File("ready2"), dir.File("target"));
  EXPECT_EQ(ReadFileToString(dir.File("target/y.txt"), 100), "newer");
  EXPECT_FALSE(std::filesystem::exists(dir.File("target/x.txt")));  // replaced, not merged
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename().string().find(".old."), std::string::npos) << e.path();
  }
  // A missing source is an error, and the target is kept.
  EXPECT_THROW(ReplaceDirectory(dir.File("nothing"), dir.File("target")), Error);
  EXPECT_EQ(ReadFileToString(dir.File("target/y.txt"), 100), "newer");
}

}  // namespace
}  // namespace sori
