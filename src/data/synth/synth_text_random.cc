#include "data/synth/synth_text_random.h"

#include <string>

#include "util/error.h"

namespace sori {

uint64_t UniformBelow(std::mt19937_64& rng, uint64_t n) {
  if (n == 0) throw Error(ErrorCode::kInternal, "UniformBelow: empty range");
  // Outputs below 2^64 mod n would make the small remainders more likely; draw again.
  const uint64_t reject_below = (0 - n) % n;
  for (;;) {
    const uint64_t x = rng();
    if (x >= reject_below) return x % n;
  }
}

int64_t UniformInt(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  if (lo > hi) {
    throw Error(ErrorCode::kInternal,
                "UniformInt: empty range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  if (span == 0) return static_cast<int64_t>(rng());  // the whole int64 range
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + UniformBelow(rng, span));
}

int64_t UniformStep(std::mt19937_64& rng, int64_t lo, int64_t hi, int64_t step) {
  if (step <= 0 || lo % step != 0 || hi % step != 0) {
    throw Error(ErrorCode::kInternal, "UniformStep: bounds " + std::to_string(lo) + ", " +
                                          std::to_string(hi) + " are not multiples of " +
                                          std::to_string(step));
  }
  return UniformInt(rng, lo / step, hi / step) * step;
}

bool Chance(std::mt19937_64& rng, int percent) {
  return static_cast<int>(UniformBelow(rng, 100)) < percent;
}

}  // namespace sori
