// File helpers with errors that name the file. Writes are atomic: a crash leaves either
// the old file or the new one, never a torn mix (temp file + fsync + rename + fsync of
// the directory, as leveldb's SetCurrentFile does).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sori {

// Reads a whole regular file (see OpenRegularFile). Throws kNotFound if it does not
// exist, kInvalidInput if it is not a regular file, kTooLarge if it is bigger than
// `max_bytes`, kIo on read failure. `what` names the file in messages.
std::string ReadFileToString(const std::string& path, uint64_t max_bytes, const std::string& what = "file");

// Size in bytes of a regular file; throws as OpenRegularFile does, without opening it.
uint64_t FileSizeOrThrow(const std::string& path, const std::string& what = "file");

// Opens a regular file read-only and returns its descriptor (the caller closes it);
// *size gets its size. Anything else (a directory, FIFO, socket or device) is refused
// with kInvalidInput naming the path and what it is, after a stat() and before any
// open(): opening a FIFO waits for a writer forever, and /dev/zero never ends.
// kNotFound if the path does not exist, kIo for other failures. `what` names the file
// in messages ("audio file", "manifest").
int OpenRegularFile(const std::string& path, const std::string& what, uint64_t* size);

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
