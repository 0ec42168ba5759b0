// sori version: build and runtime facts worth pasting into a bug report.
#include <iostream>

#include "cli/command.h"
#include "cli/runtime.h"
#include "text/spm_library.h"
#include "util/parallel.h"

namespace sori::cli {

void AddVersionCommand(CLI::App& app, Registry& registry) {
  CLI::App* cmd = app.add_subcommand("version", "Print version, libtorch, BLAS and thread settings");
  registry.Add(cmd, [&registry] {
    const RuntimeInfo& info = registry.global().runtime;
    std::cout << "sori " << SORI_VERSION << "\n"
              << "libtorch " << info.torch_version << "\n"
              << "blas " << (info.blas_library.empty() ? "(not found)" : info.blas_library)
              << (info.blas_optimized ? " (optimized)" : " (REFERENCE: slow)")
              << (info.blas_threads == 1 ? ", 1 thread (torch's threads parallelize around it)"
                                         : info.blas_threads == 0 ? ", its own thread pool" : "")
              << "\n"
              << "threads " << info.threads << " of " << AvailableCpus() << " CPUs\n"
              << "sentencepiece " << SpmLibraryPath() << "\n";
    return 0;
  });
}

}  // namespace sori::cli
