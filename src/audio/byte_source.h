// Random-access bytes behind an audio decoder: a file (read with pread, never loaded
// whole) or a memory buffer (an HTTP request body). libsndfile reads through this
// interface via its virtual I/O hooks, so files and buffers take one code path.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace sori {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  // Reads up to n bytes at offset; returns the count read (short only at the end).
  virtual size_t ReadAt(uint64_t offset, void* buf, size_t n) const = 0;
  // Name used in error messages: the path, or a caller-given label for buffers.
  virtual const std::string& name() const = 0;

  // Throws kNotFound / kIo / kInvalidInput (not a regular file: a directory, a FIFO, a
  // device) naming the path; see OpenRegularFile.
  static std::unique_ptr<ByteSource> OpenFile(const std::string& path);
  static std::unique_ptr<ByteSource> FromMemory(std::string bytes, std::string name);
};

}  // namespace sori
