#include "text/normalize_ko.h"

#include "text/hangul.h"
#include "text/unicode.h"
#include "util/utf8.h"

namespace sori {
namespace {

bool IsIn(char32_t c, std::u32string_view set) { return set.find(c) != std::u32string_view::npos; }

bool IsAsciiPunct(char32_t c) {
  return (c >= U'!' && c <= U'/') || (c >= U':' && c <= U'@') || (c >= U'[' && c <= U'`') ||
         (c >= U'{' && c <= U'~');
}

// Letters, digits and any other non-ASCII, non-space character (Hangul, CJK, ...).
bool IsKoreanWordChar(char32_t c) { return !IsUnicodeSpace(c) && !IsAsciiPunct(c); }

// (a) Full-width forms, Unicode spaces, zero-width characters, jamo composition.
std::u32string CleanUp(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (IsZeroWidth(c)) continue;
    c = FullWidthToAscii(c);
    out.push_back(IsUnicodeSpace(c) ? U' ' : c);
  }
  return ComposeHangul(out);
}

// Finds ")" after `from`, failing at "(" or the end. Returns npos on failure.
size_t FindSideEnd(std::u32string_view s, size_t from) {
  for (size_t k = from; k < s.size(); ++k) {
    if (s[k] == U')') return k;
    if (s[k] == U'(') break;
  }
  return std::u32string_view::npos;
}

// Matches "(A) / (B)" plus trailing "+"/"*" marks at s[open] == '('. On success sets
// the chosen side [begin, end) and *next to the index after the match.
bool MatchDual(std::u32string_view s, size_t open, bool spelling, size_t* begin, size_t* end, size_t* next) {
  const size_t a_close = FindSideEnd(s, open + 1);
  if (a_close == std::u32string_view::npos) return false;
  size_t k = a_close + 1;
  while (k < s.size() && s[k] == U' ') ++k;
  if (k >= s.size() || s[k] != U'/') return false;
  ++k;
  while (k < s.size() && s[k] == U' ') ++k;
  if (k >= s.size() || s[k] != U'(') return false;
  const size_t b_open = k;
  const size_t b_close = FindSideEnd(s, b_open + 1);
  if (b_close == std::u32string_view::npos) return false;
  k = b_close + 1;
  while (k < s.size() && (s[k] == U'+' || s[k] == U'*')) ++k;
  *begin = spelling ? open + 1 : b_open + 1;
  *end = spelling ? a_close : b_close;
  *next = k;
  return true;
}

// (b) Dual transcriptions.
std::u32string ResolveDuals(std::u32string_view s, bool spelling) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t begin = 0, end = 0, next = 0;
    if (s[i] == U'(' && MatchDual(s, i, spelling, &begin, &end, &next)) {
      out.append(s.substr(begin, end - begin));
      i = next;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

// (c) Noise tags standing as a token.
std::u32string RemoveNoiseTags(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const bool is_tag = IsIn(s[i], U"blonu") && i + 1 < s.size() && s[i + 1] == U'/' &&
                        (i == 0 || s[i - 1] == U' ' || s[i - 1] == U'(') &&
                        (i + 2 == s.size() || IsIn(s[i + 2], U" .,?!)+*"));
    if (is_tag) {
      ++i;  // skip the "/" too
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

// (d) Disfluency marks; (e) symbols; (f) punctuation; (g) case.
std::u32string RemoveMarks(std::u32string_view s, const KoreanNormalizerOptions& options) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    const bool next_is_word = i + 1 < s.size() && IsKoreanWordChar(s[i + 1]);
    if (IsIn(c, U"*+/")) {
      if (next_is_word) out.push_back(U' ');
      continue;
    }
    if (IsIn(c, U"-@$^&[]=:;#~\"()")) continue;
    if (options.remove_punctuation && IsIn(c, U".,?!")) {
      const bool decimal_point =
          c == U'.' && i > 0 && IsAsciiDigit(s[i - 1]) && i + 1 < s.size() && IsAsciiDigit(s[i + 1]);
      if (!decimal_point) continue;
    }
    out.push_back(options.lowercase_latin ? AsciiToLower(c) : c);
  }
  return out;
}

}  // namespace

std::string NormalizeKorean(std::string_view text, const KoreanNormalizerOptions& options) {
  const bool spelling = options.dual == KoreanNormalizerOptions::Dual::kSpelling;
  std::u32string s = CleanUp(Utf8ToCodepoints(text));
  s = ResolveDuals(s, spelling);
  s = RemoveNoiseTags(s);
  s = RemoveMarks(s, options);
  return CodepointsToUtf8(FoldWhitespace(s));
}

}  // namespace sori
