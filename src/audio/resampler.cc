#include "audio/resampler.h"

#include <soxr.h>

#include <cmath>
#include <string>

#include "util/error.h"

namespace sori {

Resampler::Resampler(int input_rate, int output_rate)
    : ratio_(static_cast<double>(output_rate) / input_rate) {
  if (input_rate <= 0 || output_rate <= 0) {
    throw Error(ErrorCode::kInvalidInput, "resampler rates must be positive (got " +
                                              std::to_string(input_rate) + " -> " +
                                              std::to_string(output_rate) + " Hz)");
  }
  soxr_error_t err = nullptr;
  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  // One thread: callers parallelize across files; soxr's OpenMP would oversubscribe.
  const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
  soxr_ = soxr_create(input_rate, output_rate, 1, &err, &io, &quality, &runtime);
  if (err != nullptr || soxr_ == nullptr) {
    throw Error(ErrorCode::kInternal, std::string("soxr_create failed: ") + (err ? err : "unknown"));
  }
}

Resampler::~Resampler() { soxr_delete(soxr_); }

void Resampler::Run(const float* input, size_t n, std::vector<float>* output) {
  // soxr may hold back samples for its filter; loop until it has consumed all input
  // (or, when flushing, until it produces nothing more).
  const bool flushing = input == nullptr;
  size_t consumed = 0;
  while (true) {
    const size_t room = static_cast<size_t>(std::ceil((n - consumed) * ratio_)) + 1024;
    const size_t old = output->size();
    output->resize(old + room);
    size_t idone = 0, odone = 0;
    const soxr_error_t err =
        soxr_process(soxr_, flushing ? nullptr : input + consumed, n - consumed, &idone,
                     output->data() + old, room, &odone);
    output->resize(old + odone);
    if (err != nullptr) throw Error(ErrorCode::kInternal, std::string("soxr_process: ") + err);
    consumed += idone;
    if (flushing ? odone == 0 : consumed >= n) break;
  }
}

void Resampler::Process(const float* input, size_t n, std::vector<float>* output) {
  if (n > 0) Run(input, n, output);
}

void Resampler::Flush(std::vector<float>* output) { Run(nullptr, 0, output); }

std::vector<float> Resample(const std::vector<float>& input, int input_rate, int output_rate) {
  if (input_rate == output_rate) return input;
  Resampler r(input_rate, output_rate);
  std::vector<float> out;
  out.reserve(static_cast<size_t>(std::ceil(input.size() * r.ratio())) + 16);
  r.Process(input.data(), input.size(), &out);
  r.Flush(&out);
  return out;
}

}  // namespace sori
