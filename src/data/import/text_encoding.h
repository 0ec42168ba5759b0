// Transcript encodings for corpus importers. Sori's text is UTF-8 everywhere, but
// Korean corpora predate that: KsponSpeech's per-utterance .txt files are CP949, and
// AI Hub describes some of its scripts as EUC-KR. CP949 (Microsoft's "Unified Hangul
// Code") is a superset of EUC-KR that adds the 8,822 Hangul syllables outside KS X 1001's
// 2,350 (샾 똠 됬 ... occur in KsponSpeech), so strict EUC-KR decoding would reject real
// transcripts; EUC-KR input is therefore always read as CP949.
//
// Conversion goes through glibc's iconv ("CP949" is its UHC gconv module), so no
// mapping table lives in this repository.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sori {

enum class TextEncoding {
  kAuto,  // UTF-8 if the bytes are valid UTF-8, otherwise CP949
  kUtf8,
  kCp949,
};

// Parses "auto", "utf-8" (or "utf8"), "cp949" (or "euc-kr", read as its superset CP949),
// case-insensitively. Throws Error(kInvalidInput) naming the value and the accepted ones.
TextEncoding ParseTextEncoding(const std::string& name);
const char* TextEncodingName(TextEncoding encoding);  // "auto", "utf-8", "cp949"

// Converts `bytes` from a definite encoding (kUtf8 or kCp949) to UTF-8. Returns false
// and sets *bad_offset to the offset of the first byte that does not start a valid
// character (a truncated character at the end counts). kUtf8 only validates.
// Throws Error(kUnsupported) if this system's iconv has no CP949 converter.
bool ConvertToUtf8(std::string_view bytes, TextEncoding encoding, std::string* out,
                   size_t* bad_offset);

// Decodes one transcript. kAuto tries UTF-8, then CP949. Throws Error(kInvalidInput)
// naming the encoding(s) tried and the offending byte and its offset; offsets are
// reported plus `base_offset`, so callers can give a position within a line or file.
std::string DecodeTranscript(std::string_view bytes, TextEncoding encoding, size_t base_offset = 0);

// For files holding many transcripts (a .trn script, a Kaldi `text` file): resolves
// kAuto to one encoding for the whole file, the one under which fewer transcripts fail
// to decode (UTF-8 on a tie). Deciding per file rather than per line keeps a short CP949
// line that happens to be valid UTF-8 ("\xc8\xa1") from being read as UTF-8, and one
// corrupt line from switching a whole UTF-8 file to CP949. A definite encoding is
// returned unchanged.
TextEncoding ChooseFileEncoding(const std::vector<std::string_view>& transcripts,
                                TextEncoding requested);

}  // namespace sori
