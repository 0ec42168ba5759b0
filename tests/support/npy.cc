#include "support/npy.h"

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sori::test {

int64_t NpyArray::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

NpyArray LoadNpy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string b = ss.str();
  if (b.size() < 10 || b.compare(0, 6, "\x93NUMPY") != 0) {
    throw std::runtime_error(path + ": not an .npy file");
  }
  const int major = static_cast<unsigned char>(b[6]);
  size_t header_len = 0, header_start = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(b[8]) | static_cast<size_t>(static_cast<unsigned char>(b[9])) << 8;
    header_start = 10;
  } else {
    header_len = 0;
    for (int i = 0; i < 4; ++i) header_len |= static_cast<size_t>(static_cast<unsigned char>(b[8 + static_cast<size_t>(i)])) << (8 * i);
    header_start = 12;
  }
  const std::string header = b.substr(header_start, header_len);
  NpyArray arr;
  const auto descr_pos = header.find("'descr':");
  const auto q1 = header.find('\'', descr_pos + 8);
  const auto q2 = header.find('\'', q1 + 1);
  arr.dtype = header.substr(q1 + 1, q2 - q1 - 1);
  const bool fortran = header.find("'fortran_order': True") != std::string::npos;
  const auto sp = header.find('(', header.find("'shape':"));
  const auto ep = header.find(')', sp);
  std::stringstream shape(header.substr(sp + 1, ep - sp - 1));
  std::string item;
  while (std::getline(shape, item, ',')) {
    if (item.find_first_not_of(" ") != std::string::npos) arr.shape.push_back(std::stoll(item));
  }
  const size_t data_start = header_start + header_len;
  const int64_t n = arr.numel();
  arr.values.resize(static_cast<size_t>(n));
  const char* p = b.data() + data_start;
  size_t item_size = 0;
  if (arr.dtype == "<f4" || arr.dtype == "<i4") item_size = 4;
  if (arr.dtype == "<f8" || arr.dtype == "<i8") item_size = 8;
  if (item_size == 0) throw std::runtime_error(path + ": unsupported dtype " + arr.dtype);
  if (b.size() < data_start + static_cast<size_t>(n) * item_size) {
    throw std::runtime_error(path + ": truncated data");
  }
  for (int64_t i = 0; i < n; ++i) {
    const char* q = p + static_cast<size_t>(i) * item_size;
    double v = 0;
    if (arr.dtype == "<f4") { float f; std::memcpy(&f, q, 4); v = f; }
    if (arr.dtype == "<f8") { double d; std::memcpy(&d, q, 8); v = d; }
    if (arr.dtype == "<i4") { int32_t x; std::memcpy(&x, q, 4); v = x; }
    if (arr.dtype == "<i8") { int64_t x; std::memcpy(&x, q, 8); v = static_cast<double>(x); }
    arr.values[static_cast<size_t>(i)] = v;
  }
  if (fortran && arr.shape.size() > 1) {
    // Column-major on disk: element (i0, i1, ...) sits at i0 + s0 * (i1 + s1 * (...)).
    std::vector<double> c_order(arr.values.size());
    const size_t rank = arr.shape.size();
    std::vector<int64_t> index(rank, 0);
    for (size_t flat = 0; flat < c_order.size(); ++flat) {
      int64_t f_offset = 0, mult = 1;
      for (size_t d = 0; d < rank; ++d) {
        f_offset += index[d] * mult;
        mult *= arr.shape[d];
      }
      c_order[flat] = arr.values[static_cast<size_t>(f_offset)];
      for (size_t d = rank; d-- > 0;) {  // advance the C-order index
        if (++index[d] < arr.shape[d]) break;
        index[d] = 0;
      }
    }
    arr.values = std::move(c_order);
  }
  return arr;
}

}  // namespace sori::test
