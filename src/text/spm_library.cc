#include "text/spm_library.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "text/spm_shim_api.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace {

struct ShimFunctions {
  decltype(&sori_spm_abi_version) abi_version;
  decltype(&sori_spm_load) load;
  decltype(&sori_spm_free) free;
  decltype(&sori_spm_vocab_size) vocab_size;
  decltype(&sori_spm_unk_id) unk_id;
  decltype(&sori_spm_encode) encode;
  decltype(&sori_spm_decode) decode;
  decltype(&sori_spm_id_to_piece) id_to_piece;
  decltype(&sori_spm_train) train;
};

std::string ExecutableDir() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return ".";
  buf[n] = '\0';
  return std::filesystem::path(buf).parent_path().string();
}

template <typename F>
void Resolve(void* lib, const char* name, F* out, const std::string& path) {
  *out = reinterpret_cast<F>(::dlsym(lib, name));
  if (*out == nullptr) {
    throw Error(ErrorCode::kUnsupported,
                "'" + path + "' does not export " + name + " (a different libsori_spm version?)");
  }
}

const ShimFunctions& Shim() {
  static ShimFunctions fns{};
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    const std::string path = SpmLibraryPath();
    // A new namespace gives SentencePiece its own protobuf (see spm_shim_api.h).
    void* lib = ::dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = ::dlerror();
      failure = "cannot load the SentencePiece support library '" + path + "': " +
                (why ? why : "unknown error") + " (set SORI_SPM_LIBRARY to its path)";
      return;
    }
    try {
      Resolve(lib, "sori_spm_abi_version", &fns.abi_version, path);
      Resolve(lib, "sori_spm_load", &fns.load, path);
      Resolve(lib, "sori_spm_free", &fns.free, path);
      Resolve(lib, "sori_spm_vocab_size", &fns.vocab_size, path);
      Resolve(lib, "sori_spm_unk_id", &fns.unk_id, path);
      Resolve(lib, "sori_spm_encode", &fns.encode, path);
      Resolve(lib, "sori_spm_decode", &fns.decode, path);
      Resolve(lib, "sori_spm_id_to_piece", &fns.id_to_piece, path);
      Resolve(lib, "sori_spm_train", &fns.train, path);
      if (fns.abi_version() != SORI_SPM_ABI_VERSION) {
        failure = "'" + path + "' has ABI version " + std::to_string(fns.abi_version()) +
                  ", expected " + std::to_string(SORI_SPM_ABI_VERSION);
      }
    } catch (const Error& e) {
      failure = e.what();
    }
  });
  if (!failure.empty()) throw Error(ErrorCode::kUnsupported, failure);
  return fns;
}

constexpr size_t kErrCap = 1024;

}  // namespace

struct SpmModel::Handle {
  sori_spm* spm;
};

std::string SpmLibraryPath() {
  if (const char* env = std::getenv("SORI_SPM_LIBRARY"); env != nullptr && *env != '\0') return env;
  const std::string exe_dir = ExecutableDir();
  for (const std::string& candidate :
       {exe_dir + "/libsori_spm.so", exe_dir + "/../lib/sori/libsori_spm.so",
        std::string(SORI_SPM_LIBRARY_BUILD_PATH)}) {
    std::error_code ec;
    if (std::filesystem::exists(candidate, ec)) return candidate;
  }
  return SORI_SPM_LIBRARY_BUILD_PATH;
}

SpmModel::SpmModel(Handle* handle, std::string name) : handle_(handle), name_(std::move(name)) {}

SpmModel::~SpmModel() {
  Shim().free(handle_->spm);
  delete handle_;
}

std::shared_ptr<const SpmModel> SpmModel::FromBytes(const std::string& bytes,
                                                    const std::string& name) {
  const ShimFunctions& shim = Shim();
  char err[kErrCap] = {0};
  sori_spm* spm = nullptr;
  if (shim.load(bytes.data(), bytes.size(), &spm, err, kErrCap) < 0) {
    throw Error(ErrorCode::kInvalidInput,
                "'" + name + "' is not a valid SentencePiece model: " + err);
  }
  return std::shared_ptr<const SpmModel>(new SpmModel(new Handle{spm}, name));
}

std::shared_ptr<const SpmModel> SpmModel::FromFile(const std::string& path) {
  return FromBytes(ReadFileToString(path, 1ull << 30), path);
}

int SpmModel::vocab_size() const { return Shim().vocab_size(handle_->spm); }

int SpmModel::unk_id() const { return Shim().unk_id(handle_->spm); }

namespace {

// Calls fill(buffer) -- a shim function that writes into a caller buffer and returns the
// size it needs (or -1) -- growing the buffer once if the first guess was too small.
template <typename Buffer, typename Fill>
long FillBuffer(Buffer* buffer, Fill fill) {
  long n = fill(buffer->data(), buffer->size());
  if (n >= 0 && static_cast<size_t>(n) > buffer->size()) {
    buffer->resize(static_cast<size_t>(n));
    n = fill(buffer->data(), buffer->size());
  }
  if (n >= 0) buffer->resize(static_cast<size_t>(n));
  return n;
}

}  // namespace

std::vector<int> SpmModel::Encode(std::string_view text) const {
  const ShimFunctions& shim = Shim();
  char err[kErrCap] = {0};
  std::vector<int> ids(text.size() + 8);
  const long n = FillBuffer(&ids, [&](int* out, size_t cap) {
    return shim.encode(handle_->spm, text.data(), text.size(), out, cap, err, kErrCap);
  });
  if (n < 0) throw Error(ErrorCode::kInvalidInput, "SentencePiece encode failed: " + std::string(err));
  return ids;
}

std::string SpmModel::Decode(const std::vector<int>& ids) const {
  const ShimFunctions& shim = Shim();
  const int size = shim.vocab_size(handle_->spm);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 0 || ids[i] >= size) {
      throw Error(ErrorCode::kInvalidInput, "token id " + std::to_string(ids[i]) + " at position " +
                                                std::to_string(i) + " is outside the vocabulary [0, " +
                                                std::to_string(size) + ") of '" + name_ + "'");
    }
  }
  char err[kErrCap] = {0};
  std::string text(ids.size() * 4 + 16, '\0');
  const long n = FillBuffer(&text, [&](char* out, size_t cap) {
    return shim.decode(handle_->spm, ids.data(), ids.size(), out, cap, err, kErrCap);
  });
  if (n < 0) throw Error(ErrorCode::kInvalidInput, "SentencePiece decode failed: " + std::string(err));
  return text;
}

std::string SpmModel::IdToPiece(int id) const {
  const ShimFunctions& shim = Shim();
  std::string piece(64, '\0');
  const long n = FillBuffer(&piece, [&](char* out, size_t cap) {
    return shim.id_to_piece(handle_->spm, id, out, cap);
  });
  if (n < 0) {
    throw Error(ErrorCode::kInvalidInput, "token id " + std::to_string(id) +
                                              " is outside the vocabulary of '" + name_ + "'");
  }
  return piece;
}

void TrainSentencePiece(const std::map<std::string, std::string>& options) {
  std::vector<const char*> keys, values;
  for (const auto& [key, value] : options) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  char err[kErrCap] = {0};
  if (Shim().train(keys.data(), values.data(), keys.size(), err, kErrCap) < 0) {
    throw Error(ErrorCode::kInvalidInput, "SentencePiece training failed: " + std::string(err));
  }
}

}  // namespace sori
