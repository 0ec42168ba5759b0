// Process-wide runtime set-up done once at start-up by the CLI: allocator tuning, torch's
// thread count, and a check that libtorch's matrix products run on an optimized BLAS.
#pragma once

#include <string>

namespace sori {

struct RuntimeInfo {
  int threads = 0;            // torch intra-op threads in effect
  std::string blas_library;   // file that provides sgemm_, or "" if unknown
  bool blas_optimized = false;
  std::string torch_version;
};

// threads <= 0 means all CPUs this process may use. Logs a warning if the BLAS behind
// libtorch is the slow reference implementation.
RuntimeInfo ConfigureRuntime(int threads);

// Which shared object provides sgemm_ (the BLAS libtorch calls), and whether it is an
// optimized implementation (OpenBLAS, MKL, BLIS, ATLAS, ...).
std::string BlasLibraryPath();
bool IsOptimizedBlas(const std::string& path);

}  // namespace sori
