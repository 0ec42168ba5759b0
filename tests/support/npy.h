// Reads NumPy .npy files (version 1/2/3, little-endian float32/float64/int64/int32,
// C or Fortran order; values come back in C order) for tests that compare against reference arrays, e.g. NeMo's outputs in
// ../shared/data/nemo-fastconformer-tiny/cases.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sori::test {

struct NpyArray {
  std::string dtype;             // "<f4", "<f8", "<i8", "<i4"
  std::vector<int64_t> shape;
  std::vector<double> values;    // converted to double, C order

  int64_t numel() const;
};

NpyArray LoadNpy(const std::string& path);  // throws std::runtime_error on bad files

}  // namespace sori::test
