// Error rates (CER, WER) from a Levenshtein alignment of reference and hypothesis
// tokens, with unit costs for substitution, deletion and insertion.
//
// Tie-breaking (several alignments can have the same minimum cost): walking back from
// the end, prefer the diagonal (match or substitution), then deletion, then insertion.
// The counts follow that one alignment, so S/D/I are reproducible across runs and across
// the two memory modes below.
//
// Memory: the alignment itself (which tokens line up) needs a backtrace matrix of
// ref.size() * hyp.size() cells (one byte each), kept only up to kMaxBacktraceCells
// (2^26 cells, 64 MiB). Larger inputs are counted with two rows of (cost, S, D, I) that
// apply the same tie-break, so the counts are exact and identical, but
// Alignment::has_tokens is false and `tokens` is empty.
//
// Corpus-level rates are sum(errors) / sum(reference lengths), not the mean of
// per-utterance rates: add ErrorCounts with += and call rate() once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sori {

enum class EditOp { kMatch, kSubstitution, kDeletion, kInsertion };

// ref is empty for insertions, hyp empty for deletions.
struct AlignedToken {
  EditOp op;
  std::string ref;
  std::string hyp;
};

struct ErrorCounts {
  int64_t hits = 0;
  int64_t substitutions = 0;
  int64_t deletions = 0;
  int64_t insertions = 0;

  int64_t ref_length() const { return hits + substitutions + deletions; }
  int64_t errors() const { return substitutions + deletions + insertions; }
  // errors() / ref_length(). With an empty reference: 0 if there are no errors (both
  // empty), else 1.0 (every hypothesis token is wrong; a rate above 1 would depend on an
  // arbitrary denominator). Can exceed 1 otherwise, through insertions.
  double rate() const;
  ErrorCounts& operator+=(const ErrorCounts& other);
};

struct Alignment {
  std::vector<AlignedToken> tokens;  // in order; empty when !has_tokens
  ErrorCounts counts;
  bool has_tokens = true;
};

constexpr int64_t kMaxBacktraceCells = int64_t{1} << 26;

// Minimum edit distance alignment. `max_backtrace_cells` is for tests; beyond it only
// counts are computed (see above).
Alignment AlignTokens(const std::vector<std::string>& ref, const std::vector<std::string>& hyp,
                      int64_t max_backtrace_cells = kMaxBacktraceCells);

struct CerOptions {
  bool ignore_spaces = false;  // drop spaces instead of counting them as tokens
};

// Characters for CER: the text's code points after ComposeHangul (so Korean CER counts
// syllables, and NFD input equals NFC input) and white space folding (runs become one
// space, trimmed). Spaces are tokens unless ignore_spaces. Throws Error(kInvalidInput)
// on invalid UTF-8.
std::vector<std::string> CharacterTokens(std::string_view text, const CerOptions& options);

// Words for WER: the text, composed like CharacterTokens, split at Unicode white space.
std::vector<std::string> WordTokens(std::string_view text);

Alignment AlignCharacters(std::string_view ref, std::string_view hyp, const CerOptions& options = {});
Alignment AlignWords(std::string_view ref, std::string_view hyp);

// Three lines, each ending in "\n", columns padded by display width (Hangul is two
// columns wide) to the wider of the two tokens:
//   REF: the cat sat on the mat
//   HYP: the cat sit on *** mat
//                S      D
// Deletions show "***" in HYP, insertions "***" in REF; a space token shows as "␣"
// (U+2423). Trailing spaces are trimmed. Without tokens (has_tokens false) it returns
// one line saying so, with the counts.
std::string FormatAlignment(const Alignment& alignment);

}  // namespace sori
