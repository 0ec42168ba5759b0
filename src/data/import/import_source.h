// Reading a corpus source for the importers: walking a folder tree, pairing audio with
// same-stem transcript files, splitting script and table files into numbered lines.
// Internal to src/data.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "data/import/import_pipeline.h"

namespace sori {

// `path` made absolute against the current directory, lexically normalized.
std::string AbsolutePath(const std::string& path);

// True if something exists at `path` (following symbolic links).
bool PathExists(const std::string& path);

// Every file under `root` (absolute), recursively, sorted byte-wise. Symbolic links are
// followed; each directory is entered once (by device and inode), so link cycles end.
// Links that point nowhere are listed as files, so opening them reports the problem.
// Directories that cannot be read are added to *problems.
std::vector<std::string> WalkFiles(const std::string& root, ProblemList* problems);

std::string FileName(std::string_view path);        // "a/b.c.wav" -> "b.c.wav"
std::string FileStem(std::string_view path);        // "a/b.c.wav" -> "b.c"
std::string LowerExtension(std::string_view path);  // "a/B.WAV"   -> ".wav"; "" if none

// Audio extensions every importer that scans folders accepts (lower case, with dot):
// .wav .flac .ogg .opus .mp3 .pcm.
const std::set<std::string>& AudioExtensions();

// An audio file and its transcript file (same folder, same stem, extension .txt in any
// letter case).
struct SidecarPair {
  std::string audio;
  std::string transcript;
};

// Pairs every file in `files` whose lower-case extension is in `audio_extensions` with
// its .txt. Audio without a .txt, .txt files without audio, and audio with more than one
// .txt (a.txt and a.TXT) go to *problems; `audio_names` describes the audio expected
// next to an orphan transcript in that message ("a.pcm", "an audio file").
std::vector<SidecarPair> PairWithSidecars(const std::vector<std::string>& files,
                                          const std::set<std::string>& audio_extensions,
                                          const std::string& audio_names, ProblemList* problems);

// A line of a script or table file: 1-based number, text without "\r\n", and the byte
// offset of its start in the file (for encoding error positions).
struct SourceLine {
  int64_t number = 0;
  std::string_view text;
  size_t offset = 0;
};

// Splits a file's contents into lines; a UTF-8 byte order mark at the start is dropped.
std::vector<SourceLine> SplitLines(std::string_view contents);

// Reads a script or table file whole (up to 4 GiB, like manifests). Throws as
// ReadFileToString does.
std::string ReadSourceFile(const std::string& path);

// A line split at its first run of white space: "utt1  some text" -> key "utt1", rest
// "some text" (trimmed) with rest_offset its position in the line.
struct KeyedLine {
  std::string key;
  std::string_view rest;
  size_t rest_offset = 0;
};
KeyedLine SplitKey(std::string_view line);

}  // namespace sori
