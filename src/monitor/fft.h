// A small radix-2 FFT for the drift meter's spectra (no FFT library is a dependency;
// torch's would pull libtorch into per-request bookkeeping for 512 points).
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace sori {

class RadixTwoFft {
 public:
  // `n` must be a power of two >= 2 (Error(kInvalidInput) otherwise).
  explicit RadixTwoFft(size_t n);
  size_t size() const { return n_; }
  // |X_k|^2 for k = 0 .. n/2 of the real signal `x` (size n), into *power (n/2 + 1 values).
  void PowerSpectrum(const std::vector<double>& x, std::vector<double>* power) const;

 private:
  size_t n_;
  std::vector<size_t> bit_reversed_;
  std::vector<std::complex<double>> twiddles_;  // e^{-2 pi i k / n}, k < n/2
  mutable std::vector<std::complex<double>> work_;
};

}  // namespace sori
