#include "util/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include "util/error.h"

namespace sori {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void ThrowErrno(int err, const std::string& what, const std::string& path) {
  const ErrorCode code = (err == ENOENT) ? ErrorCode::kNotFound : ErrorCode::kIo;
  throw Error(code, what + " '" + path + "': " + std::strerror(err));
}

[[noreturn]] void ThrowErrno(const std::string& what, const std::string& path) {
  const int err = errno;
  ThrowErrno(err, what, path);
}

// What a non-regular file is, for messages.
std::string FileKindName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";  // a named pipe: opening it waits for a writer
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

[[noreturn]] void ThrowNotRegular(const std::string& what, const std::string& path, mode_t mode) {
  throw Error(ErrorCode::kInvalidInput,
              what + " '" + path + "' is not a regular file (it is " + FileKindName(mode) + ")");
}

// Closes a descriptor when the read it was opened for is done or fails.
class ScopedReadFd {
 public:
  explicit ScopedReadFd(int fd) : fd_(fd) {}
  ~ScopedReadFd() { ::close(fd_); }
  ScopedReadFd(const ScopedReadFd&) = delete;
  ScopedReadFd& operator=(const ScopedReadFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) ThrowErrno("cannot open for fsync", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) ThrowErrno("fsync failed for", path);
}

}  // namespace

uint64_t FileSizeOrThrow(const std::string& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) ThrowErrno("cannot open " + what, path);
  if (!S_ISREG(st.st_mode)) ThrowNotRegular(what, path, st.st_mode);
  return static_cast<uint64_t>(st.st_size);
}

int OpenRegularFile(const std::string& path, const std::string& what, uint64_t* size) {
  FileSizeOrThrow(path, what);  // stat first: a FIFO or device is never opened
  // O_NONBLOCK in case the path became a FIFO since the stat: open() then returns at
  // once instead of waiting for a writer, and the fstat below refuses it. Reads from
  // regular files ignore the flag.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) ThrowErrno("cannot open " + what, path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    ThrowErrno(err, "cannot stat " + what, path);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    ThrowNotRegular(what, path, st.st_mode);
  }
  *size = static_cast<uint64_t>(st.st_size);
  return fd;
}

std::string ReadFileToString(const std::string& path, uint64_t max_bytes, const std::string& what) {
  uint64_t size = 0;
  const ScopedReadFd fd(OpenRegularFile(path, what, &size));
  if (size > max_bytes) {
    throw Error(ErrorCode::kTooLarge, what + " '" + path + "' is " + std::to_string(size) +
                                          " bytes, larger than the limit of " +
                                          std::to_string(max_bytes) + " bytes");
  }
  std::string data(static_cast<size_t>(size), '\0');
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::read(fd.get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("read failed for", path);
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  if (done != data.size()) {
    throw Error(ErrorCode::kIo, "short read from '" + path + "' (file changed while reading?)");
  }
  return data;
}

void WriteFileAtomic(const std::string& path, std::string_view contents) {
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot create directory '" + dir.string() + "': " + ec.message());

  std::random_device rd;
  const std::string tmp = (dir / ("." + target.filename().string() + ".tmp." +
                                  std::to_string(::getpid()) + "." + std::to_string(rd())))
                              .string();
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) ThrowErrno("cannot create temporary file", tmp);
  const char* p = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      errno = err;
      ThrowErrno("write failed for", tmp);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    errno = err;
    ThrowErrno("fsync/close failed for", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    errno = err;
    ThrowErrno("cannot rename temporary file onto", path);
  }
  FsyncPath(dir.string(), O_RDONLY | O_DIRECTORY);
}

void ReplaceDirectory(const std::string& ready, const std::string& target_dir) {
  const fs::path target = fs::path(target_dir).lexically_normal();
  const fs::path old = target.parent_path() / ("." + target.filename().string() + ".old." + std::to_string(::getpid()));
  std::error_code ec;
  const bool had_old = fs::exists(target);
  if (had_old) {
    fs::rename(target, old, ec);
    if (ec) throw Error(ErrorCode::kIo, "cannot move '" + target.string() + "' aside: " + ec.message());
  }
  fs::rename(ready, target, ec);
  if (ec) {
    const std::string why = ec.message();
    if (had_old) fs::rename(old, target, ec);
    throw Error(ErrorCode::kIo, "cannot move '" + ready + "' to '" + target.string() + "': " + why);
  }
  if (had_old) fs::remove_all(old, ec);
}

std::string ResolveRelativeTo(const std::string& base_dir, const std::string& path) {
  const fs::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(base_dir) / p).lexically_normal().string();
}

std::string ParentDir(const std::string& path) {
  const fs::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

}  // namespace sori
