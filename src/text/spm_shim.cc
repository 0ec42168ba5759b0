// libsori_spm: SentencePiece behind the C interface of spm_shim_api.h. Built as its own
// shared library and loaded with dlmopen() (see that header for why). Exceptions never
// cross the boundary.
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "text/spm_shim_api.h"

struct sori_spm {
  sentencepiece::SentencePieceProcessor processor;
};

namespace {

int Fail(const std::string& message, char* err, size_t err_cap) {
  if (err != nullptr && err_cap > 0) {
    const size_t n = std::min(message.size(), err_cap - 1);
    std::memcpy(err, message.data(), n);
    err[n] = '\0';
  }
  return -1;
}

long CopyOut(const std::string& s, char* out, size_t cap) {
  if (out != nullptr && cap > 0) std::memcpy(out, s.data(), std::min(s.size(), cap));
  return static_cast<long>(s.size());
}

}  // namespace

extern "C" {

int sori_spm_abi_version(void) { return SORI_SPM_ABI_VERSION; }

int sori_spm_load(const char* model_bytes, size_t size, sori_spm** out, char* err, size_t err_cap) {
  try {
    auto spm = std::make_unique<sori_spm>();
    const auto status = spm->processor.LoadFromSerializedProto(std::string(model_bytes, size));
    if (!status.ok()) return Fail(status.ToString(), err, err_cap);
    *out = spm.release();
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what(), err, err_cap);
  }
}

void sori_spm_free(sori_spm* spm) { delete spm; }

int sori_spm_vocab_size(const sori_spm* spm) { return spm->processor.GetPieceSize(); }

int sori_spm_unk_id(const sori_spm* spm) { return spm->processor.unk_id(); }

long sori_spm_encode(const sori_spm* spm, const char* text, size_t size, int* ids, size_t cap,
                     char* err, size_t err_cap) {
  try {
    std::vector<int> v;
    const auto status = spm->processor.Encode(std::string(text, size), &v);
    if (!status.ok()) return Fail(status.ToString(), err, err_cap);
    if (ids != nullptr) std::memcpy(ids, v.data(), std::min(v.size(), cap) * sizeof(int));
    return static_cast<long>(v.size());
  } catch (const std::exception& e) {
    return Fail(e.what(), err, err_cap);
  }
}

long sori_spm_decode(const sori_spm* spm, const int* ids, size_t n, char* out, size_t cap,
                     char* err, size_t err_cap) {
  try {
    std::string text;
    const auto status = spm->processor.Decode(std::vector<int>(ids, ids + n), &text);
    if (!status.ok()) return Fail(status.ToString(), err, err_cap);
    return CopyOut(text, out, cap);
  } catch (const std::exception& e) {
    return Fail(e.what(), err, err_cap);
  }
}

long sori_spm_id_to_piece(const sori_spm* spm, int id, char* out, size_t cap) {
  if (id < 0 || id >= spm->processor.GetPieceSize()) return -1;
  return CopyOut(spm->processor.IdToPiece(id), out, cap);
}

int sori_spm_train(const char* const* keys, const char* const* values, size_t n, char* err,
                   size_t err_cap) {
  try {
    std::unordered_map<std::string, std::string> kwargs;
    for (size_t i = 0; i < n; ++i) kwargs[keys[i]] = values[i];
    const auto status = sentencepiece::SentencePieceTrainer::Train(kwargs);
    if (!status.ok()) return Fail(status.ToString(), err, err_cap);
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what(), err, err_cap);
  }
}

}  // extern "C"
