// Reading and writing PyTorch state dicts (name -> tensor) in torch.save's zip format,
// so weights move freely between Sori, Python PyTorch and NVIDIA NeMo:
//  - LoadStateDict reads what torch.save(model.state_dict()) writes (NeMo's
//    model_weights.ckpt), and Lightning .ckpt files (their "state_dict" entry);
//  - SaveStateDict writes with torch::pickle_save, which torch.load reads in Python.
// Order is kept: entries come back in the order they were stored.
#pragma once

#include <ATen/ATen.h>

#include <string>
#include <utility>
#include <vector>

namespace sori {

using StateDict = std::vector<std::pair<std::string, at::Tensor>>;

// Throws Error(kNotFound) for a missing file, kInvalidInput for a file that is not a
// readable checkpoint (naming it and what is wrong), kUnsupported for the pre-1.6
// (non-zip) torch.save format or unknown tensor types.
StateDict LoadStateDict(const std::string& path);
StateDict LoadStateDictFromBytes(const std::string& bytes, const std::string& name);

// Writes atomically; tensors are saved contiguous, on the CPU.
void SaveStateDict(const std::string& path, const StateDict& state);
// The bytes SaveStateDict writes.
std::string StateDictToBytes(const StateDict& state);

}  // namespace sori
