// Random draws for the sentence generators that give the same results with every C++
// standard library. std::uniform_int_distribution and friends are implementation-
// defined (libstdc++ and libc++ turn the same engine output into different numbers), so
// a corpus generated from a seed would change with the toolchain. These helpers use only
// std::mt19937_64's raw outputs, whose sequence the standard fixes, and unbiased
// rejection sampling.
//
// Callers: C++ leaves unspecified the order in which it evaluates function arguments
// and the operands of "+", so two draws in one call's arguments or one sum may run in
// either order on another compiler. Draw into named variables, one statement each, or
// inside a braced list ({a, b}), which is evaluated left to right.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>

namespace sori {

// Uniform in [0, n). n must be > 0 (throws Error(kInternal) otherwise: a caller bug).
uint64_t UniformBelow(std::mt19937_64& rng, uint64_t n);

// Uniform in [lo, hi], both included; lo <= hi.
int64_t UniformInt(std::mt19937_64& rng, int64_t lo, int64_t hi);

// Uniform multiple of `step` in [lo, hi]; lo and hi must be multiples of step.
int64_t UniformStep(std::mt19937_64& rng, int64_t lo, int64_t hi, int64_t step);

// True with probability percent / 100.
bool Chance(std::mt19937_64& rng, int percent);

// A read-only view of a constant array (word lists are constexpr arrays, so they need no
// run-time initialization and have no static-initialization-order hazards).
template <typename T>
struct List {
  const T* items = nullptr;
  size_t size = 0;
  const T& operator[](size_t i) const { return items[i]; }
  const T* begin() const { return items; }
  const T* end() const { return items + size; }
};

template <typename T, size_t N>
constexpr List<T> ListOf(const T (&items)[N]) {
  return List<T>{items, N};
}

template <typename T>
const T& Pick(std::mt19937_64& rng, List<T> list) {
  return list[UniformBelow(rng, list.size)];
}

template <typename T, size_t N>
const T& Pick(std::mt19937_64& rng, const T (&items)[N]) {
  return items[UniformBelow(rng, N)];
}

}  // namespace sori
