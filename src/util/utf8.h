// UTF-8 <-> code points, and terminal display width. Text in Sori is UTF-8 everywhere;
// algorithms that work on characters (jamo, CER, char tokenizer) work on code points.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sori {

// Decodes UTF-8. Throws Error(kInvalidInput) naming the byte offset of the first
// malformed sequence (overlong forms, surrogates and values above U+10FFFF included).
std::u32string Utf8ToCodepoints(std::string_view text);

// True if `text` is well-formed UTF-8; otherwise sets *bad_offset (if given).
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);

std::string CodepointsToUtf8(std::u32string_view codepoints);
void AppendUtf8(char32_t codepoint, std::string* out);

// Columns a code point occupies in a terminal: 2 for East Asian wide characters
// (Hangul syllables, CJK, full-width forms, leading jamo), 0 for combining marks and
// Hangul medial/final jamo, 1 otherwise. A small wcwidth() that does not depend on
// the process locale.
int CodepointDisplayWidth(char32_t c);
int DisplayWidth(std::string_view utf8);

// Pads `text` with spaces on the right to `width` display columns.
std::string PadToWidth(std::string_view text, int width);

}  // namespace sori
