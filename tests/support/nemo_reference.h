// The NeMo reference model and its outputs in ../shared/data/nemo-fastconformer-tiny
// (see that folder's README): shared by the model parity and NeMo import tests.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sori::test {

const std::string& NemoReferenceDir();
// cases/<file> (a .npy) as a float32 tensor of its shape.
at::Tensor NemoReferenceTensor(const std::string& file);
// cases/<file> (a .npy of integers).
std::vector<int64_t> NemoReferenceInts(const std::string& file);
// Greedy CTC over the first `length` frames of log_probs [T, V]: argmax, collapse
// repeats, drop `blank` (as NeMo's greedy decoder).
std::vector<int64_t> GreedyCtc(const at::Tensor& log_probs, int64_t length, int64_t blank);

}  // namespace sori::test
