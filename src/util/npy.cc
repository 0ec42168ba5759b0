#include "util/npy.h"

#include <cstring>

#include "util/error.h"
#include "util/fs.h"

namespace sori {

void WriteNpyFloat32(const std::string& path, const std::vector<int64_t>& shape, const float* data) {
  static_assert(sizeof(float) == 4, "float must be 32-bit");
  std::string dims;
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0) throw Error(ErrorCode::kInvalidInput, "npy shape has a negative dimension");
    dims += std::to_string(d) + ", ";
    count *= d;
  }
  if (shape.size() > 1) dims.erase(dims.size() - 2);  // "(3,)" for 1-d, "(2, 3)" otherwise
  else if (shape.size() == 1) dims.erase(dims.size() - 1);
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Magic (6) + version (2) + length (2) + header must be a multiple of 64, ending in \n.
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  std::string out = "\x93NUMPY";
  out.push_back('\x01');
  out.push_back('\x00');
  out.push_back(static_cast<char>(header.size() & 0xFF));
  out.push_back(static_cast<char>((header.size() >> 8) & 0xFF));
  out += header;
  out.append(reinterpret_cast<const char*>(data), static_cast<size_t>(count) * 4);
  WriteFileAtomic(path, out);
}

}  // namespace sori
