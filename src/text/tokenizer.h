// The tokenizer interface: text <-> token ids for CTC models, and the tokenizer.json file
// that records which tokenizer a model was trained with.
//
// CTC convention (NeMo's): token ids are 0..vocab_size()-1; the CTC blank is
// vocab_size() and is not part of the tokenizer. Every tokenizer has an unknown token
// (`unk_id()`) for text it cannot represent, and decodes it as U+2047 "⁇" (SentencePiece's
// convention) so unknowns stay visible in transcripts.
//
// tokenizer.json, written by Save() next to the model and read by LoadTokenizer():
//
//   {"type": "jamo", "version": 1, "vocab": ["<unk>", " ", "ᄀ", ...]}
//       Fixed vocabulary (jamo_tokenizer.h); "vocab" is checked against the built-in
//       table so a model is never paired with a reordered vocabulary.
//   {"type": "char", "version": 1, "vocab": ["<unk>", " ", "a", ...]}
//       "<unk>" first, then one code point per entry, no duplicates (char_tokenizer.h).
//   {"type": "spm", "version": 1, "model": "tokenizer.model", "decompose_jamo": false,
//    "vocab_size": 256}
//       A SentencePiece model file ("model" is relative to the directory);
//       "vocab_size" is checked against the model (spm_tokenizer.h).
//
// "version" is the format version; files newer than this build understands are refused
// (kUnsupported) rather than misread. Unknown extra fields are ignored.
//
// All const methods are thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sori {

// U+2047 DOUBLE QUESTION MARK, the decoded form of the unknown token.
inline constexpr char kUnknownSurface[] = "\xE2\x81\x87";
inline constexpr char kUnknownPiece[] = "<unk>";
inline constexpr char kTokenizerJsonName[] = "tokenizer.json";
inline constexpr int kTokenizerFormatVersion = 1;

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  virtual std::string type() const = 0;  // "jamo" | "char" | "spm"
  virtual int vocab_size() const = 0;
  virtual int unk_id() const = 0;
  // Throws Error(kInvalidInput) on invalid UTF-8, naming the byte offset.
  virtual std::vector<int> Encode(std::string_view text) const = 0;
  // Throws Error(kInvalidInput) naming the first id outside 0..vocab_size()-1.
  virtual std::string Decode(const std::vector<int>& ids) const = 0;
  // The vocabulary entry for `id` (for display and debugging); throws like Decode.
  virtual std::string IdToPiece(int id) const = 0;
  // Writes tokenizer.json (and, for spm, tokenizer.model) into `dir`, each file
  // atomically, creating `dir` if needed.
  virtual void Save(const std::string& dir) const = 0;
};

// Reads dir/tokenizer.json and whatever it references. Errors name the file and the bad
// field: kNotFound (missing file), kInvalidInput (not JSON, bad field, unknown type),
// kUnsupported (newer format version).
std::unique_ptr<Tokenizer> LoadTokenizer(const std::string& dir);

// Throws Error(kInvalidInput) for an id outside 0..vocab_size-1, naming the id and,
// when `position` >= 0, its position in the sequence. Shared by the implementations.
void CheckTokenId(int id, int vocab_size, long position = -1);

}  // namespace sori
