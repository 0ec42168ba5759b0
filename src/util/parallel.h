// ParallelFor: runs fn(0..n-1) on `threads` threads (the caller's included), handing
// out indices dynamically so uneven items balance. If any call throws, the remaining
// indices are skipped and the first exception is rethrown in the caller.
#pragma once

#include <cstddef>
#include <functional>

namespace sori {

void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& fn);

// Number of CPUs this process may run on (sched_getaffinity), at least 1.
int AvailableCpus();

}  // namespace sori
