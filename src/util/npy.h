// Writes NumPy .npy files (format 1.0, little-endian float32, C order) so arrays Sori
// computes can be inspected with numpy.load().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sori {

void WriteNpyFloat32(const std::string& path, const std::vector<int64_t>& shape, const float* data);

}  // namespace sori
