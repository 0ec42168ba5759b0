// glibc malloc tuning for tensor workloads. libtorch frees and re-allocates the same
// large buffers on every call; with glibc's defaults each free of a buffer above the
// (dynamic) mmap threshold is an munmap and each allocation a fresh mmap, so every call
// pays thousands of page faults (zero-filled by the kernel). Keeping freed memory in the
// heap avoids that.
#pragma once

namespace sori {

// Every allocation comes from the heap (no per-block mmap, whatever its size), and the
// heap is trimmed only when more than 512 MiB at its top is free. Process-wide; call
// once at start-up, before other threads allocate.
//
// A threshold alone is not enough: glibc caps the mmap threshold at 32 MiB, and training
// activations (a 60 s batch through the subsampling convolutions) are larger. Turning the
// mmap path off (M_MMAP_MAX = 0) removes the cap. glibc still falls back to mmap when the
// heap cannot grow (a thread arena's 64 MiB heap, a failed brk), so large requests from
// other threads keep working.
void TuneAllocatorForTensors();

}  // namespace sori
