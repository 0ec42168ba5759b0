#include "util/fs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "util/error.h"

namespace sori {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void ThrowErrno(const std::string& what, const std::string& path) {
  const int err = errno;
  const ErrorCode code = (err == ENOENT) ? ErrorCode::kNotFound : ErrorCode::kIo;
  throw Error(code, what + " '" + path + "': " + std::strerror(err));
}

void FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) ThrowErrno("cannot open for fsync", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) ThrowErrno("fsync failed for", path);
}

}  // namespace

uint64_t FileSizeOrThrow(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    throw Error(ErrorCode::kNotFound, "file not found: '" + path + "'");
  }
  if (fs::is_directory(st)) {
    throw Error(ErrorCode::kInvalidInput, "'" + path + "' is a directory, expected a file");
  }
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot stat '" + path + "': " + ec.message());
  return size;
}

std::string ReadFileToString(const std::string& path, uint64_t max_bytes) {
  const uint64_t size = FileSizeOrThrow(path);
  if (size > max_bytes) {
    throw Error(ErrorCode::kTooLarge, "file '" + path + "' is " + std::to_string(size) +
                                          " bytes, larger than the limit of " +
                                          std::to_string(max_bytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) ThrowErrno("cannot open", path);
  std::string data(static_cast<size_t>(size), '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(in.gcount()) != size) {
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
