#include "util/allocator.h"

#include <malloc.h>

namespace sori {

void TuneAllocatorForTensors() {
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);  // also stops glibc's dynamic threshold adjustment
  ::mallopt(M_MMAP_MAX, 0);
  ::mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

}  // namespace sori
