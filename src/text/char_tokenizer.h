// Character tokenizer: one token per code point, with the vocabulary taken from a
// training corpus. Suits languages written in syllables or ideographs when a model
// should predict whole characters (for Korean: syllables, unlike jamo_tokenizer.h).
//
// Vocabulary: id 0 is <unk>; then every code point that occurs at least `min_count`
// times in the corpus, sorted by code point, so the same corpus always yields the same
// ids. Encode maps each code point to its id (no normalization, no case folding: run a
// normalizer first) and unseen code points to <unk>. Decode concatenates the pieces and
// writes <unk> as U+2047 "⁇".
//
// tokenizer.json: {"type": "char", "version": 1, "vocab": ["<unk>", " ", "a", ...]}.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/tokenizer.h"

namespace sori {

struct TokenizerJson;

class CharTokenizer : public Tokenizer {
 public:
  // Counts code points over `texts` (each must be valid UTF-8; errors name the text's
  // index and the byte offset). min_count must be >= 1.
  static CharTokenizer Build(const std::vector<std::string>& texts, int min_count = 1);

  // From an explicit vocabulary: "<unk>" first, then distinct single code points (any
  // order). Throws Error(kInvalidInput) naming the offending entry.
  static CharTokenizer FromVocabulary(const std::vector<std::string>& vocab);

  // From a parsed tokenizer.json of type "char"; errors name the file and field.
  static std::unique_ptr<CharTokenizer> FromJson(const TokenizerJson& file);

  std::string type() const override { return "char"; }
  int vocab_size() const override { return static_cast<int>(pieces_.size()) + 1; }
  int unk_id() const override { return 0; }
  std::vector<int> Encode(std::string_view text) const override;
  std::string Decode(const std::vector<int>& ids) const override;
  std::string IdToPiece(int id) const override;
  void Save(const std::string& dir) const override;

  // The vocabulary in id order, as IdToPiece returns it.
  std::vector<std::string> Vocabulary() const;

 private:
  explicit CharTokenizer(std::u32string pieces);

  std::u32string pieces_;  // pieces_[i] is the code point of id i + 1
  std::unordered_map<char32_t, int> ids_;
};

}  // namespace sori
