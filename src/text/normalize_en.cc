#include "text/normalize_en.h"

#include "text/unicode.h"
#include "util/utf8.h"

namespace sori {
namespace {

char32_t MapLookalike(char32_t c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x2032:
      return U'\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
      return U'"';
    case 0x2212:
      return U'-';
    default:
      break;
  }
  if (c >= 0x2010 && c <= 0x2015) return U'-';
  return FullWidthToAscii(c);
}

char32_t ToLower(char32_t c) {
  if (IsAsciiUpper(c)) return AsciiToLower(c);
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  return c;
}

bool IsPunctuation(char32_t c) {
  const bool ascii = (c >= U'!' && c <= U'/') || (c >= U':' && c <= U'@') || (c >= U'[' && c <= U'`') ||
                     (c >= U'{' && c <= U'~');
  return ascii || c == 0xA1 || c == 0xAB || c == 0xBB || c == 0xBF || (c >= 0x2016 && c <= 0x2027) ||
         (c >= 0x2030 && c <= 0x205E);
}

// A letter or digit in any script: not white space and not punctuation.
bool IsEnglishWordChar(char32_t c) { return !IsUnicodeSpace(c) && !IsPunctuation(c) && !IsZeroWidth(c); }

}  // namespace

std::string NormalizeEnglish(std::string_view text, const EnglishNormalizerOptions& options) {
  std::u32string s;
  for (char32_t c : Utf8ToCodepoints(text)) {
    if (IsZeroWidth(c)) continue;
    c = MapLookalike(c);
    if (IsUnicodeSpace(c)) c = U' ';
    s.push_back(options.lowercase ? ToLower(c) : c);
  }
  if (options.remove_punctuation) {
    std::u32string kept;
    kept.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      const char32_t c = s[i];
      const bool between_words = i > 0 && i + 1 < s.size() && IsEnglishWordChar(s[i - 1]) && IsEnglishWordChar(s[i + 1]);
      if (c == U'\'') {
        if (options.keep_apostrophes && between_words) kept.push_back(c);
      } else if (c == U'-' || c == U'/') {
        kept.push_back(U' ');
      } else if (c == U'.' && i > 0 && i + 1 < s.size() && IsAsciiDigit(s[i - 1]) && IsAsciiDigit(s[i + 1])) {
        kept.push_back(c);
      } else if (!IsPunctuation(c)) {
        kept.push_back(c);
      }
    }
    s = std::move(kept);
  }
  return CodepointsToUtf8(FoldWhitespace(s));
}

}  // namespace sori
