// glibc malloc tuning for tensor workloads. libtorch frees and re-allocates the same
// large buffers on every call; with glibc's defaults each free of a buffer above the
// (dynamic) mmap threshold is an munmap and each allocation a fresh mmap, so every call
// pays thousands of page faults. Keeping freed memory in the heap avoids that.
#pragma once

namespace sori {

// Large allocations (up to 32 MiB) come from the heap, and the heap is trimmed only
// when more than 512 MiB at its top is free. Process-wide; call once at start-up.
void TuneAllocatorForTensors();

}  // namespace sori
