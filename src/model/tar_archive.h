// Reading and writing tar archives (plain or gzip-compressed), as NVIDIA NeMo stores
// models: a `.nemo` file is a tar of model_config.yaml, model_weights.ckpt and any
// tokenizer files. Built on libarchive, which detects the compression by content.
//
// Members are read into memory (a .nemo holds a few files; its weights are needed in
// memory anyway). Names are normalized ("./a/b" -> "a/b"); only regular files are kept;
// nothing is ever written to disk from an archive, so hostile names ("../x", "/etc/x")
// cannot escape anywhere. Limits stop an archive from claiming more memory than allowed.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace sori {

struct TarReadLimits {
  int64_t max_member_bytes = int64_t{4} << 30;  // one file
  int64_t max_total_bytes = int64_t{8} << 30;   // all files together
  int max_members = 10000;
};

// name -> content. Throws Error(kNotFound) for a missing file, kInvalidInput naming the
// archive for anything that is not a readable tar (truncated, corrupt, not a tar), a
// duplicate member, or a limit exceeded (also naming the member).
std::map<std::string, std::string> ReadTarArchive(const std::string& path, const TarReadLimits& limits = {});

// Writes `members` (name -> content, names relative, no "..") as a tar, gzip-compressed
// if `gzip`, atomically (a temporary file renamed into place). Throws Error(kIo).
void WriteTarArchive(const std::string& path, const std::map<std::string, std::string>& members, bool gzip);

}  // namespace sori
