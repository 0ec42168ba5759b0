#include "text/metrics.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "text/hangul.h"
#include "text/unicode.h"
#include "util/utf8.h"

namespace sori {
namespace {

// Edit counts of a DP cell; its cost is s + d + i (unit costs).
struct Cell {
  int64_t s = 0;
  int64_t d = 0;
  int64_t i = 0;
  int64_t cost() const { return s + d + i; }
};

// Tokens as small integers, so the DP compares ints rather than strings.
void InternTokens(const std::vector<std::string>& ref, const std::vector<std::string>& hyp,
                  std::vector<int>* ref_ids, std::vector<int>* hyp_ids) {
  std::unordered_map<std::string_view, int> ids;
  const auto intern = [&ids](const std::vector<std::string>& tokens, std::vector<int>* out) {
    out->reserve(tokens.size());
    for (const std::string& t : tokens) out->push_back(ids.emplace(t, static_cast<int>(ids.size())).first->second);
  };
  intern(ref, ref_ids);
  intern(hyp, hyp_ids);
}

std::u32string ComposedFolded(std::string_view text) {
  return FoldWhitespace(ComposeHangul(Utf8ToCodepoints(text)));
}

std::string ShowToken(const std::string& token) { return token == " " ? "\xE2\x90\xA3" : token; }  // ␣

void TrimRightSpaces(std::string* s) {
  while (!s->empty() && s->back() == ' ') s->pop_back();
}

}  // namespace

double ErrorCounts::rate() const {
  const int64_t n = ref_length();
  if (n == 0) return errors() == 0 ? 0.0 : 1.0;
  return static_cast<double>(errors()) / static_cast<double>(n);
}

ErrorCounts& ErrorCounts::operator+=(const ErrorCounts& other) {
  hits += other.hits;
  substitutions += other.substitutions;
  deletions += other.deletions;
  insertions += other.insertions;
  return *this;
}

Alignment AlignTokens(const std::vector<std::string>& ref, const std::vector<std::string>& hyp,
                      int64_t max_backtrace_cells) {
  std::vector<int> r, h;
  InternTokens(ref, hyp, &r, &h);
  const size_t n = r.size(), m = h.size();
  const bool keep = static_cast<uint64_t>(n) * static_cast<uint64_t>(m) <=
                    static_cast<uint64_t>(std::max<int64_t>(max_backtrace_cells, 0));
  const size_t width = m + 1;
  std::vector<uint8_t> ops;  // EditOp per cell (i * width + j), only when keep
  if (keep) ops.assign((n + 1) * width, static_cast<uint8_t>(EditOp::kMatch));

  std::vector<Cell> prev(width), cur(width);
  for (size_t j = 1; j <= m; ++j) {
    prev[j].i = static_cast<int64_t>(j);
    if (keep) ops[j] = static_cast<uint8_t>(EditOp::kInsertion);
  }
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = Cell{0, static_cast<int64_t>(i), 0};
    if (keep) ops[i * width] = static_cast<uint8_t>(EditOp::kDeletion);
    for (size_t j = 1; j <= m; ++j) {
      const bool same = r[i - 1] == h[j - 1];
      Cell best = prev[j - 1];
      EditOp op = same ? EditOp::kMatch : EditOp::kSubstitution;
      if (!same) ++best.s;
      if (prev[j].cost() + 1 < best.cost()) {
        best = prev[j];
        ++best.d;
        op = EditOp::kDeletion;
      }
      if (cur[j - 1].cost() + 1 < best.cost()) {
        best = cur[j - 1];
        ++best.i;
        op = EditOp::kInsertion;
      }
      cur[j] = best;
      if (keep) ops[i * width + j] = static_cast<uint8_t>(op);
    }
    std::swap(prev, cur);
  }

  Alignment alignment;
  const Cell& last = prev[m];
  alignment.counts.substitutions = last.s;
  alignment.counts.deletions = last.d;
  alignment.counts.insertions = last.i;
  alignment.counts.hits = static_cast<int64_t>(n) - last.s - last.d;
  alignment.has_tokens = keep;
  if (!keep) return alignment;

  alignment.tokens.reserve(n + m);
  for (size_t i = n, j = m; i > 0 || j > 0;) {
    const auto op = static_cast<EditOp>(ops[i * width + j]);
    switch (op) {
      case EditOp::kMatch:
      case EditOp::kSubstitution:
        alignment.tokens.push_back({op, ref[i - 1], hyp[j - 1]});
        --i, --j;
        break;
      case EditOp::kDeletion:
        alignment.tokens.push_back({op, ref[i - 1], ""});
        --i;
        break;
      case EditOp::kInsertion:
        alignment.tokens.push_back({op, "", hyp[j - 1]});
        --j;
        break;
    }
  }
  std::reverse(alignment.tokens.begin(), alignment.tokens.end());
  return alignment;
}

std::vector<std::string> CharacterTokens(std::string_view text, const CerOptions& options) {
  std::vector<std::string> tokens;
  const std::u32string chars = ComposedFolded(text);
  tokens.reserve(chars.size());
  for (const char32_t c : chars) {
    if (c == U' ' && options.ignore_spaces) continue;
    tokens.emplace_back();
    AppendUtf8(c, &tokens.back());
  }
  return tokens;
}

std::vector<std::string> WordTokens(std::string_view text) {
  std::vector<std::string> words;
  const std::u32string chars = ComposedFolded(text);
  size_t start = 0;
  for (size_t k = 0; k <= chars.size(); ++k) {
    if (k == chars.size() || chars[k] == U' ') {
      if (k > start) words.push_back(CodepointsToUtf8(std::u32string_view(chars).substr(start, k - start)));
      start = k + 1;
    }
  }
  return words;
}

Alignment AlignCharacters(std::string_view ref, std::string_view hyp, const CerOptions& options) {
  return AlignTokens(CharacterTokens(ref, options), CharacterTokens(hyp, options));
}

Alignment AlignWords(std::string_view ref, std::string_view hyp) {
  return AlignTokens(WordTokens(ref), WordTokens(hyp));
}

std::string FormatAlignment(const Alignment& alignment) {
  const ErrorCounts& c = alignment.counts;
  if (!alignment.has_tokens) {
    return "(alignment not kept for inputs this long; S=" + std::to_string(c.substitutions) +
           " D=" + std::to_string(c.deletions) + " I=" + std::to_string(c.insertions) +
           " hits=" + std::to_string(c.hits) + ")\n";
  }
  std::string ref_line = "REF:", hyp_line = "HYP:", op_line = "    ";
  for (const AlignedToken& t : alignment.tokens) {
    const std::string ref = t.op == EditOp::kInsertion ? "***" : ShowToken(t.ref);
    const std::string hyp = t.op == EditOp::kDeletion ? "***" : ShowToken(t.hyp);
    const char* mark = t.op == EditOp::kMatch          ? ""
                       : t.op == EditOp::kSubstitution ? "S"
                       : t.op == EditOp::kDeletion     ? "D"
                                                       : "I";
    const int width = std::max({DisplayWidth(ref), DisplayWidth(hyp), 1});
    ref_line += " " + PadToWidth(ref, width);
    hyp_line += " " + PadToWidth(hyp, width);
    op_line += " " + PadToWidth(mark, width);
  }
  for (std::string* line : {&ref_line, &hyp_line, &op_line}) TrimRightSpaces(line);
  return ref_line + "\n" + hyp_line + "\n" + op_line + "\n";
}

}  // namespace sori
