#include "monitor/fft.h"

#include <cmath>
#include <utility>

#include "util/error.h"

namespace sori {

RadixTwoFft::RadixTwoFft(size_t n) : n_(n), bit_reversed_(n), twiddles_(n / 2), work_(n) {
  if (n < 2 || (n & (n - 1)) != 0) {
    throw Error(ErrorCode::kInvalidInput, "FFT size must be a power of two >= 2, got " + std::to_string(n));
  }
  int bits = 0;
  while ((size_t{1} << bits) < n) ++bits;
  for (size_t i = 0; i < n; ++i) {
    size_t r = 0;
    for (int b = 0; b < bits; ++b) r |= ((i >> b) & 1) << (bits - 1 - b);
    bit_reversed_[i] = r;
  }
  for (size_t k = 0; k < n / 2; ++k) twiddles_[k] = std::polar(1.0, -2.0 * M_PI * static_cast<double>(k) / static_cast<double>(n));
}

// Iterative Cooley-Tukey: bit-reversed load, then log2(n) butterfly passes.
void RadixTwoFft::PowerSpectrum(const std::vector<double>& x, std::vector<double>* power) const {
  for (size_t i = 0; i < n_; ++i) work_[bit_reversed_[i]] = {x[i], 0.0};
  for (size_t len = 2; len <= n_; len <<= 1) {
    const size_t half = len / 2, step = n_ / len;
    for (size_t start = 0; start < n_; start += len) {
      for (size_t j = 0; j < half; ++j) {
        const std::complex<double> t = twiddles_[j * step] * work_[start + j + half];
        work_[start + j + half] = work_[start + j] - t;
        work_[start + j] += t;
      }
    }
  }
  power->resize(n_ / 2 + 1);
  for (size_t k = 0; k <= n_ / 2; ++k) (*power)[k] = std::norm(work_[k]);
}

}  // namespace sori
