#include "audio/byte_source.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, uint64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  ~FileSource() override { ::close(fd_); }
  uint64_t size() const override { return size_; }
  const std::string& name() const override { return path_; }
  size_t ReadAt(uint64_t offset, void* buf, size_t n) const override {
    size_t done = 0;
    while (done < n) {
      const ssize_t r = ::pread(fd_, static_cast<char*>(buf) + done, n - done,
                                static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        throw Error(ErrorCode::kIo, "read failed for '" + path_ + "': " + std::strerror(errno));
      }
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    return done;
  }

 private:
  int fd_;
  uint64_t size_;
  std::string path_;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}
  uint64_t size() const override { return bytes_.size(); }
  const std::string& name() const override { return name_; }
  size_t ReadAt(uint64_t offset, void* buf, size_t n) const override {
    if (offset >= bytes_.size()) return 0;
    const size_t count = std::min<uint64_t>(n, bytes_.size() - offset);
    std::memcpy(buf, bytes_.data() + offset, count);
    return count;
  }

 private:
  std::string bytes_;
  std::string name_;
};

}  // namespace

std::unique_ptr<ByteSource> ByteSource::OpenFile(const std::string& path) {
  uint64_t size = 0;
  const int fd = OpenRegularFile(path, "audio file", &size);  // never opens a FIFO or device
  return std::make_unique<FileSource>(fd, size, path);
}

std::unique_ptr<ByteSource> ByteSource::FromMemory(std::string bytes, std::string name) {
  return std::make_unique<MemorySource>(std::move(bytes), std::move(name));
}

}  // namespace sori
