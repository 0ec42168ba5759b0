// Process-wide runtime set-up done once at start-up by the CLI: allocator tuning, torch's
// thread count, and a check that libtorch's matrix products run on an optimized BLAS.
#pragma once

#include <string>

namespace sori {

struct RuntimeInfo {
  int threads = 0;            // torch intra-op threads in effect
  int blas_threads = -1;      // OpenBLAS threads set by Sori: 1, 0 = OpenBLAS's default, -1 = not OpenBLAS
  std::string blas_library;   // file that provides sgemm_, or "" if unknown
  bool blas_optimized = false;
  std::string torch_version;
};

// threads <= 0 means all CPUs this process may use. Logs a warning if the BLAS behind
// libtorch is the slow reference implementation.
RuntimeInfo ConfigureRuntime(int threads);

// For the long-running, torch-heavy commands (train, eval): if OMP_WAIT_POLICY is not
// set, sets it to "passive" and re-executes this binary with the same arguments, because
// libgomp reads it once, before main. With the default (spinning) policy, idle OpenMP
// threads burn the cores the other threads need: measured on 2 vCPUs, a training step
// ran at 15.8 audio-s/s active vs 25 passive, feature extraction 1.7-2.3x slower.
// Costs one more libtorch start-up (~0.6 s). Returns only if it did not re-execute
// (already set, SORI_NO_REEXEC set, or exec failed).
void ReexecWithPassiveOpenMp(char** argv);

// Which shared object provides sgemm_ (the BLAS libtorch calls), and whether it is an
// optimized implementation (OpenBLAS, MKL, BLIS, ATLAS, ...).
std::string BlasLibraryPath();
bool IsOptimizedBlas(const std::string& path);

}  // namespace sori
