#include "cli/runtime.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>

#include <filesystem>
#include <spdlog/spdlog.h>
#include <torch/version.h>

#include "util/allocator.h"
#include "util/parallel.h"
#include "util/strings.h"

namespace sori {

std::string BlasLibraryPath() {
  void* sym = ::dlsym(RTLD_DEFAULT, "sgemm_");
  if (sym == nullptr) return "";
  Dl_info info{};
  if (::dladdr(sym, &info) == 0 || info.dli_fname == nullptr) return "";
  // Debian selects the BLAS with alternatives symlinks (libblas.so.3 ->
  // openblas-pthread/libblas.so.3 or blas/libblas.so.3): report the real file.
  std::error_code ec;
  const std::filesystem::path real = std::filesystem::canonical(info.dli_fname, ec);
  return ec ? std::string(info.dli_fname) : real.string();
}

bool IsOptimizedBlas(const std::string& path) {
  const std::string p = AsciiLower(path);
  for (const char* name : {"openblas", "mkl", "blis", "atlas", "armpl", "accelerate"}) {
    if (p.find(name) != std::string::npos) return true;
  }
  return false;
}

RuntimeInfo ConfigureRuntime(int threads) {
  TuneAllocatorForTensors();

  RuntimeInfo info;
  info.threads = threads > 0 ? threads : AvailableCpus();
  at::set_num_threads(info.threads);
  // OpenBLAS's pthread build keeps its own pool of spinning threads, one per CPU. When
  // torch runs an OpenMP team too, the two pools fight for the cores: measured on 2
  // vCPUs (sori bench, tiny model, 5 s clips, --threads 2) 72 -> 193 audio-s/s at batch 1
  // and 186 -> 288 at batch 16 with OpenBLAS limited to one thread. With one torch
  // thread OpenBLAS keeps its pool (the only parallelism left).
  using SetThreads = void (*)(int);
  if (auto set_blas_threads = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    if (info.threads > 1) set_blas_threads(1);
    info.blas_threads = info.threads > 1 ? 1 : 0;
  }
  info.blas_library = BlasLibraryPath();
  info.blas_optimized = IsOptimizedBlas(info.blas_library);
  info.torch_version = TORCH_VERSION;
  if (!info.blas_optimized) {
    spdlog::warn(
        "libtorch uses an unoptimized BLAS ({}); matrix products will be several times "
        "slower. Install libopenblas0-pthread (scripts/install-deps.sh does) or select it "
        "with update-alternatives --config libblas.so.3-x86_64-linux-gnu",
        info.blas_library.empty() ? "no sgemm_ found" : info.blas_library);
  }
  return info;
}

void ReexecWithPassiveOpenMp(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr || std::getenv("SORI_NO_REEXEC") != nullptr) return;
  ::setenv("OMP_WAIT_POLICY", "passive", 1);
  ::execv("/proc/self/exe", argv);
  // exec failed (no /proc?): carry on with the active policy rather than fail.
  ::unsetenv("OMP_WAIT_POLICY");
}

}  // namespace sori
