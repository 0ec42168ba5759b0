#include "monitor/traffic_split.h"

#include <cmath>

#include "util/error.h"

namespace sori {
namespace {

constexpr uint64_t kBuckets = 10000;

uint64_t Fnv1a(uint64_t h, const std::string& bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t SplitMix64Finalize(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

bool RoutesToCandidate(const std::string& salt, const std::string& sticky_key, uint64_t request_hash, double percent) {
  if (!(percent >= 0.0 && percent <= 100.0)) {
    throw Error(ErrorCode::kInvalidInput, "canary traffic percent must be in [0, 100], got " + std::to_string(percent));
  }
  uint64_t h = Fnv1a(0xcbf29ce484222325ULL, salt);
  h = Fnv1a(h, std::string(1, '\0'));
  h = sticky_key.empty() ? h ^ request_hash : Fnv1a(h, sticky_key);
  const uint64_t bucket = SplitMix64Finalize(h) % kBuckets;
  return static_cast<double>(bucket) < percent * 100.0;
}

bool SpreadsToCandidate(uint64_t sequence, double percent) {
  if (!(percent >= 0.0 && percent <= 100.0)) {
    throw Error(ErrorCode::kInvalidInput, "canary traffic percent must be in [0, 100], got " + std::to_string(percent));
  }
  constexpr double kGoldenFraction = 0.6180339887498949;
  const double position = std::fmod(static_cast<double>(sequence % (uint64_t{1} << 40)) * kGoldenFraction, 1.0);
  return position < percent / 100.0;
}

}  // namespace sori
