// A reader for the subset of Python's pickle format that torch.save uses for a state
// dict (protocols 2-4): dicts, lists, tuples, strings, numbers, and the two reductions
// that rebuild tensors (torch._utils._rebuild_tensor_v2 / _rebuild_parameter). It
// builds a value tree and never executes or imports anything: a reduction it does not
// know becomes an opaque kObject (Lightning checkpoints pickle config objects beside
// the weights), and opcodes outside the subset are errors. (libtorch's own torch::pickle_load stops at the `_metadata`
// attribute that torch.save attaches to state dicts, so NeMo and Lightning checkpoints
// need this.)
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sori::pickle {

// A tensor as pickled: which storage record, its element type, and the view on it.
struct TensorRef {
  std::string storage_key;    // record "data/<key>" in the zip
  std::string dtype;          // "float32", "float64", "float16", "bfloat16", "int64", ...
  int64_t storage_numel = 0;  // elements in the storage
  int64_t offset = 0;         // in elements
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;
};

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Value {
  enum class Kind { kNone, kBool, kInt, kFloat, kString, kTuple, kList, kDict, kGlobal, kTensor, kStorage, kObject };
  Kind kind = Kind::kNone;
  bool b = false;
  int64_t i = 0;
  double f = 0.0;
  std::string s;                                   // string; "module.name" for globals
  std::vector<ValuePtr> items;                     // tuple / list
  std::vector<std::pair<ValuePtr, ValuePtr>> dict;  // insertion order kept
  TensorRef tensor;                                // kTensor, and kStorage (no view fields)
};

// Unpickles `data`. `name` is used in errors. Throws Error(kInvalidInput) naming the
// byte offset on malformed input, and Error(kUnsupported) for opcodes or globals outside
// the subset above.
ValuePtr Unpickle(std::string_view data, const std::string& name);

}  // namespace sori::pickle
