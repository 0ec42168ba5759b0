// File helpers with errors that name the file. Writes are atomic: a crash leaves either
// the old file or the new one, never a torn mix (temp file + fsync + rename + fsync of
// the directory, as leveldb's SetCurrentFile does).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sori {

// Reads a whole file. Throws kNotFound if it does not exist, kTooLarge if it is bigger
// than `max_bytes`, kIo on read failure.
std::string ReadFileToString(const std::string& path, uint64_t max_bytes);

// Size in bytes; throws kNotFound / kIo.
uint64_t FileSizeOrThrow(const std::string& path);

// Writes `contents` to `path` atomically, creating parent directories.
void WriteFileAtomic(const std::string& path, std::string_view contents);

// Moves the finished folder `ready` to `target`, replacing what was there: the old
// folder is renamed aside (".<name>.old.<pid>"), `ready` renamed into place, then the old
// one removed. A kill leaves `target` whole (old or new) or, between the two renames,
// only the ".old" copy, which the owner can put back (see CheckpointExists).
void ReplaceDirectory(const std::string& ready, const std::string& target);

// `path` if absolute, else `path` resolved against `base_dir` (lexically normalized).
std::string ResolveRelativeTo(const std::string& base_dir, const std::string& path);

// Directory part of a path ("." if none).
std::string ParentDir(const std::string& path);

}  // namespace sori
