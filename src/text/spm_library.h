// SentencePiece for sori_core, reached through libsori_spm.so in its own link-map
// namespace (spm_shim_api.h explains the protobuf clash that makes this necessary).
// SpmModel is a loaded model: thread-safe for concurrent Encode/Decode.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sori {

class SpmModel {
 public:
  // `bytes` is a serialized .model file; `name` is used in error messages.
  // Throws Error(kInvalidInput) with SentencePiece's message if it does not parse.
  static std::shared_ptr<const SpmModel> FromBytes(const std::string& bytes, const std::string& name);
  static std::shared_ptr<const SpmModel> FromFile(const std::string& path);
  ~SpmModel();
  SpmModel(const SpmModel&) = delete;
  SpmModel& operator=(const SpmModel&) = delete;

  int vocab_size() const;
  int unk_id() const;
  std::vector<int> Encode(std::string_view text) const;
  // Throws Error(kInvalidInput) naming the first id outside [0, vocab_size).
  std::string Decode(const std::vector<int>& ids) const;
  std::string IdToPiece(int id) const;

  struct Handle;

 private:
  explicit SpmModel(Handle* handle, std::string name);
  Handle* handle_;
  std::string name_;
};

// Runs SentencePiece training with trainer options ({"input", path}, {"vocab_size",
// "256"}, ...: the flags of spm_train without "--"). Throws Error(kInvalidInput) with
// SentencePiece's message on failure.
void TrainSentencePiece(const std::map<std::string, std::string>& options);

// The libsori_spm.so that is (or would be) loaded: $SORI_SPM_LIBRARY if set, else the
// first that exists of <exe dir>/libsori_spm.so, <exe dir>/../lib/sori/libsori_spm.so,
// and the build tree's copy.
std::string SpmLibraryPath();

}  // namespace sori
