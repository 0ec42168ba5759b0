// Code-point classes and small clean-up transforms shared by the text layer
// (tokenizers, normalizers, metrics). They work on code points, never on the process
// locale, so results are the same on every machine.
#pragma once

#include <string>
#include <string_view>

namespace sori {

// White space as Unicode's White_Space property defines it: ASCII TAB..CR and space,
// U+0085 NEL, U+00A0 NBSP, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and
// U+3000 (ideographic space). Zero-width characters are not white space.
bool IsUnicodeSpace(char32_t c);

// Invisible format characters that Sori deletes from text: U+200B zero-width space,
// U+200C ZWNJ, U+200D ZWJ, U+2060 word joiner, U+FEFF BOM / zero-width no-break space.
bool IsZeroWidth(char32_t c);

// U+FF01..U+FF5E (full-width "！" .. "～") to ASCII U+0021..U+007E; other code points
// are returned unchanged.
char32_t FullWidthToAscii(char32_t c);

inline bool IsAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
inline bool IsAsciiUpper(char32_t c) { return c >= U'A' && c <= U'Z'; }
inline bool IsAsciiLower(char32_t c) { return c >= U'a' && c <= U'z'; }
inline bool IsAsciiAlpha(char32_t c) { return IsAsciiUpper(c) || IsAsciiLower(c); }
inline char32_t AsciiToLower(char32_t c) { return IsAsciiUpper(c) ? c + (U'a' - U'A') : c; }

// Every run of white space (IsUnicodeSpace) becomes one U+0020; leading and trailing
// white space is dropped. "  a \t\u3000 b " -> "a b".
std::u32string FoldWhitespace(std::u32string_view text);

}  // namespace sori
