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
//
// NeMo character models (`labels` in their configs) have no unknown token: ids are the
// labels' positions, and characters outside the labels are dropped when encoding, as
// NeMo's CharParser drops them. FromLabels builds that variant; its tokenizer.json says
// "unk": false and its vocab is the labels, in order. unk_id() is then -1.
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

  // NeMo's `labels`: distinct single code points, in id order, no <unk>. Throws
  // Error(kInvalidInput) naming the offending label.
  static CharTokenizer FromLabels(const std::vector<std::string>& labels);

  // From a parsed tokenizer.json of type "char"; errors name the file and field.
  static std::unique_ptr<CharTokenizer> FromJson(const TokenizerJson& file);

  std::string type() const override { return "char"; }
  int vocab_size() const override { return static_cast<int>(pieces_.size()) + first_piece_id_; }
  int unk_id() const override { return has_unk() ? 0 : -1; }
  bool has_unk() const { return first_piece_id_ == 1; }
  std::vector<int> Encode(std::string_view text) const override;
  std::string Decode(const std::vector<int>& ids) const override;
  std::string IdToPiece(int id) const override;
  void Save(const std::string& dir) const override;

  // The vocabulary in id order, as IdToPiece returns it.
  std::vector<std::string> Vocabulary() const;

 private:
  CharTokenizer(std::u32string pieces, bool with_unk);
  static std::u32string DistinctCodepoints(const std::vector<std::string>& entries, size_t first,
                                           const std::string& what);

  std::u32string pieces_;  // pieces_[i] is the code point of id i + first_piece_id_
  int first_piece_id_ = 1;  // 1: id 0 is <unk>; 0: NeMo labels, no <unk>
  std::unordered_map<char32_t, int> ids_;
};

}  // namespace sori
