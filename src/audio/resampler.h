// Streaming mono resampler (libsoxr, "high quality" preset: 20-bit precision, 91%
// pass-band, linear phase). Deterministic: the same input gives the same output.
// Feeding a signal in pieces gives the same samples as feeding it at once.
#pragma once

#include <cstddef>
#include <vector>

struct soxr;

namespace sori {

class Resampler {
 public:
  Resampler(int input_rate, int output_rate);  // throws Error on bad rates
  ~Resampler();
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  // Appends the output produced so far for `n` more input samples.
  void Process(const float* input, size_t n, std::vector<float>* output);
  // Signals end of input and appends the remaining output. Call once.
  void Flush(std::vector<float>* output);

  double ratio() const { return ratio_; }

 private:
  void Run(const float* input, size_t n, std::vector<float>* output);

  soxr* soxr_ = nullptr;
  double ratio_;
};

// One-shot convenience for whole signals.
std::vector<float> Resample(const std::vector<float>& input, int input_rate, int output_rate);

}  // namespace sori
