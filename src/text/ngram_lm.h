// A token-level n-gram language model for CTC shallow fusion.
//
// The model's own tokens are the LM's words (NeMo does the same for its subword models:
// it trains KenLM on token ids), so one LM works for every tokenizer, an unseen word
// still gets a probability from its pieces, and fusion scores each token as the beam
// search emits it. A jamo model with order 8 sees about two syllables of context.
//
// Built with interpolated Kneser-Ney smoothing (Chen & Goodman 1998, one discount per
// order, D = n1 / (n1 + 2 n2)): the highest order uses raw counts, lower orders count
// distinct left contexts, and every vocabulary token gets probability (unseen ones from
// the uniform floor), so the distribution over the vocabulary plus </s> sums to one in
// every context.
//
// Stored as an ARPA file (the format SRILM and KenLM read and write), words being the
// tokenizer's pieces with spaces written as U+2581 "▁". A comment before "\data\" names
// the tokenizer type and its vocabulary hash; loading checks them, so an LM is never
// paired with a model whose vocabulary it does not know. ARPA files from other tools
// load too if their words are the tokenizer's pieces.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "text/tokenizer.h"

namespace sori {

class NgramLm {
 public:
  // `sentences`: token ids of each training sentence (0..vocab_size-1); order 1..12.
  // Throws Error(kInvalidInput) for a bad order, an id outside the vocabulary, or no
  // tokens at all.
  static NgramLm Build(const std::vector<std::vector<int>>& sentences, int vocab_size, int order);

  // Reads an ARPA file; `tokenizer` maps its words to ids, `vocab_sha256` is checked
  // against the header's when both are there. Errors (kInvalidInput, naming the file and
  // line): malformed sections or lines, counts that disagree with "\data\", a word that
  // is not one of the tokenizer's pieces, a header naming another vocabulary; kNotFound
  // for a missing file.
  static NgramLm LoadArpa(const std::string& path, const Tokenizer& tokenizer, const std::string& vocab_sha256);
  // Writes the ARPA file atomically. `vocab_sha256`: recorded in the header comment.
  void SaveArpa(const std::string& path, const Tokenizer& tokenizer, const std::string& vocab_sha256) const;

  int order() const { return order_; }
  int vocab_size() const { return vocab_size_; }
  int64_t num_ngrams() const { return static_cast<int64_t>(entries_.size()); }

  // Natural-log probability of `token` (or of the sentence end, for kEndOfSentence)
  // after `history`, the tokens so far (only the last order-1 count; the sentence start
  // is implied before them).
  static constexpr int kEndOfSentence = -1;
  float LogProb(const std::vector<int>& history, int token) const;
  // Same, with the history as the last tokens of `prefix` (one token per char32_t; the
  // beam search's representation).
  float LogProb(const std::u32string& prefix, int token) const;

 private:
  struct Entry {
    float log_prob = 0.0f;  // natural log
    float backoff = 0.0f;   // natural log; 0 for n-grams that are no one's context
  };
  // N-grams are keyed as u32strings of internal ids: tokens as they are, then <s> and
  // </s> after the vocabulary.
  int bos() const { return vocab_size_; }
  int eos() const { return vocab_size_ + 1; }
  float Query(const std::u32string& context, char32_t word) const;

  int order_ = 0;
  int vocab_size_ = 0;
  std::unordered_map<std::u32string, Entry> entries_;
};

// The word an ARPA file uses for each tokenizer piece: spaces as "▁", and pieces that
// would read as ARPA's own "<s>" / "</s>" as "<piece:ID>". Throws Error(kInvalidInput)
// if two pieces would write as the same word or a piece is empty.
std::vector<std::string> ArpaWords(const Tokenizer& tokenizer);

}  // namespace sori
