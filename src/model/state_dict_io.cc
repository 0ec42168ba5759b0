#include "model/state_dict_io.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/serialize.h>

#include <fstream>
#include <sstream>

#include "model/pickle.h"
#include "model/zip_directory.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace {

at::ScalarType ScalarTypeOf(const std::string& dtype) {
  if (dtype == "float32") return at::kFloat;
  if (dtype == "float64") return at::kDouble;
  if (dtype == "float16") return at::kHalf;
  if (dtype == "bfloat16") return at::kBFloat16;
  if (dtype == "int64") return at::kLong;
  if (dtype == "int32") return at::kInt;
  if (dtype == "int16") return at::kShort;
  if (dtype == "int8") return at::kChar;
  if (dtype == "uint8") return at::kByte;
  if (dtype == "bool") return at::kBool;
  throw Error(ErrorCode::kUnsupported, "tensor type " + dtype + " is not supported");
}

// The dict of tensors: the root itself, or its "state_dict" entry (Lightning).
const pickle::Value& StateDictValue(const pickle::Value& root, const std::string& name) {
  if (root.kind != pickle::Value::Kind::kDict) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "' does not hold a dict of tensors");
  }
  for (const auto& [k, v] : root.dict) {
    if (k->kind == pickle::Value::Kind::kString && k->s == "state_dict" && v->kind == pickle::Value::Kind::kDict) {
      return *v;
    }
  }
  return root;
}

at::Tensor Materialize(caffe2::serialize::PyTorchStreamReader& zip, const pickle::TensorRef& ref,
                       const std::string& key, const std::string& name) {
  const at::ScalarType type = ScalarTypeOf(ref.dtype);
  const int64_t item = static_cast<int64_t>(c10::elementSize(type));
  const std::string record = "data/" + ref.storage_key;
  if (!zip.hasRecord(record)) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "': tensor '" + key + "' points at missing record " + record);
  }
  auto [data, bytes] = zip.getRecord(record);
  if (static_cast<int64_t>(bytes) < ref.storage_numel * item) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "': record " + record + " is shorter than its storage");
  }
  // Highest element the view touches must lie inside the storage.
  int64_t last = ref.offset;
  for (size_t d = 0; d < ref.sizes.size(); ++d) {
    if (ref.sizes[d] < 0 || ref.strides[d] < 0) {
      throw Error(ErrorCode::kInvalidInput, "'" + name + "': tensor '" + key + "' has a negative size or stride");
    }
    if (ref.sizes[d] == 0) last = ref.offset - 1;
    if (last >= ref.offset) last += (ref.sizes[d] - 1) * ref.strides[d];
  }
  if (ref.offset < 0 || last >= ref.storage_numel) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "': tensor '" + key + "' reaches past the end of its storage");
  }
  auto* base = static_cast<char*>(data.get()) + ref.offset * item;
  return at::from_blob(base, ref.sizes, ref.strides, at::TensorOptions().dtype(type)).clone(at::MemoryFormat::Contiguous);
}

StateDict Load(std::unique_ptr<caffe2::serialize::PyTorchStreamReader> zip, const std::string& name) {
  const std::vector<std::string> records = zip->getAllRecords();
  if (zip->hasRecord("byteorder")) {
    auto [bo, n] = zip->getRecord("byteorder");
    if (std::string(static_cast<char*>(bo.get()), n) != "little") {
      throw Error(ErrorCode::kUnsupported, "'" + name + "' was saved on a big-endian machine");
    }
  }
  if (!zip->hasRecord("data.pkl")) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "' is a zip file but not a torch.save checkpoint (no data.pkl)");
  }
  auto [pkl, pkl_size] = zip->getRecord("data.pkl");
  const pickle::ValuePtr root = pickle::Unpickle(std::string_view(static_cast<char*>(pkl.get()), pkl_size), name);
  StateDict out;
  for (const auto& [k, v] : StateDictValue(*root, name).dict) {
    if (k->kind != pickle::Value::Kind::kString || v->kind != pickle::Value::Kind::kTensor) continue;
    out.emplace_back(k->s, Materialize(*zip, v->tensor, k->s, name));
  }
  if (out.empty()) throw Error(ErrorCode::kInvalidInput, "'" + name + "' holds no tensors");
  return out;
}

template <typename F>
auto Guarded(const std::string& name, F f) {
  try {
    return f();
  } catch (const Error&) {
    throw;
  } catch (const c10::Error& e) {
    const std::string msg = e.what_without_backtrace();
    throw Error(ErrorCode::kInvalidInput, "'" + name + "' is not a readable PyTorch checkpoint: " + msg.substr(0, msg.find('\n')));
  }
}

}  // namespace

StateDict LoadStateDict(const std::string& path) {
  FileSizeOrThrow(path);  // kNotFound / directory errors name the file
  char magic[2] = {0, 0};
  std::ifstream(path, std::ios::binary).read(magic, 2);
  {
    if (magic[0] != 'P' || magic[1] != 'K') {
      throw Error(ErrorCode::kUnsupported, "'" + path + "' is not a zip-format torch.save file (saved before "
                                                "PyTorch 1.6 or not a checkpoint); re-save it with a recent torch");
    }
  }
  std::ifstream file(path, std::ios::binary);
  const ZipReadAt read_at = [&](uint64_t offset, size_t n) {
    std::string out(n, '\0');
    file.seekg(static_cast<std::streamoff>(offset));
    if (!file.read(out.data(), static_cast<std::streamsize>(n))) {
      throw Error(ErrorCode::kIo, "cannot read '" + path + "' at byte " + std::to_string(offset));
    }
    return out;
  };
  CheckTorchArchiveLayout(ZipEntryNames(read_at, FileSizeOrThrow(path), path), path);
  return Guarded(path, [&] { return Load(std::make_unique<caffe2::serialize::PyTorchStreamReader>(path), path); });
}

StateDict LoadStateDictFromBytes(const std::string& bytes, const std::string& name) {
  if (bytes.size() < 2 || bytes.compare(0, 2, "PK") != 0) {
    throw Error(ErrorCode::kUnsupported, "'" + name + "' is not a zip-format torch.save file");
  }
  const ZipReadAt read_at = [&](uint64_t offset, size_t n) { return bytes.substr(offset, n); };
  CheckTorchArchiveLayout(ZipEntryNames(read_at, bytes.size(), name), name);
  return Guarded(name, [&] {
    auto stream = std::make_unique<std::istringstream>(bytes);
    auto zip = std::make_unique<caffe2::serialize::PyTorchStreamReader>(stream.get());
    return Load(std::move(zip), name);
  });
}

std::string StateDictToBytes(const StateDict& state) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [name, tensor] : state) dict.insert(name, tensor.detach().cpu().contiguous());
  const std::vector<char> bytes = torch::pickle_save(dict);
  return std::string(bytes.data(), bytes.size());
}

void SaveStateDict(const std::string& path, const StateDict& state) { WriteFileAtomic(path, StateDictToBytes(state)); }

}  // namespace sori
