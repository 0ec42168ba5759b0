#include "util/utf8.h"

#include "util/error.h"

namespace sori {
namespace {

// Decodes one code point starting at text[i]; returns its length in bytes, or 0 if
// the sequence is malformed.
size_t DecodeOne(std::string_view text, size_t i, char32_t* out) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    *out = b0;
    return 1;
  }
  size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *out = cp;
  return len;
}

}  // namespace

bool IsValidUtf8(std::string_view text, size_t* bad_offset) {
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    const size_t n = DecodeOne(text, i, &cp);
    if (n == 0) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += n;
  }
  return true;
}

std::u32string Utf8ToCodepoints(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    const size_t n = DecodeOne(text, i, &cp);
    if (n == 0) {
      throw Error(ErrorCode::kInvalidInput,
                  "text is not valid UTF-8: malformed byte sequence at byte offset " +
                      std::to_string(i));
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string CodepointsToUtf8(std::u32string_view codepoints) {
  std::string out;
  out.reserve(codepoints.size() * 3);
  for (char32_t c : codepoints) AppendUtf8(c, &out);
  return out;
}

int CodepointDisplayWidth(char32_t c) {
  if (c == 0) return 0;
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  // Combining marks and Hangul medial vowels / final consonants (they join the
  // preceding leading consonant into one wide cell).
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1160 && c <= 0x11FF) ||
      (c >= 0xD7B0 && c <= 0xD7FF) || c == 0x200B || (c >= 0xFE00 && c <= 0xFE0F)) {
    return 0;
  }
  if ((c >= 0x1100 && c <= 0x115F) ||   // Hangul leading jamo
      (c >= 0x2E80 && c <= 0x303E) ||   // CJK radicals, punctuation
      (c >= 0x3041 && c <= 0x33FF) ||   // kana, Hangul compatibility jamo, CJK symbols
      (c >= 0x3400 && c <= 0x4DBF) ||   // CJK extension A
      (c >= 0x4E00 && c <= 0x9FFF) ||   // CJK unified
      (c >= 0xA960 && c <= 0xA97F) ||   // Hangul jamo extended-A
      (c >= 0xAC00 && c <= 0xD7A3) ||   // Hangul syllables
      (c >= 0xF900 && c <= 0xFAFF) ||   // CJK compatibility
      (c >= 0xFE30 && c <= 0xFE4F) ||   // CJK compatibility forms
      (c >= 0xFF00 && c <= 0xFF60) ||   // full-width forms
      (c >= 0xFFE0 && c <= 0xFFE6) ||   // full-width signs
      (c >= 0x1F300 && c <= 0x1FAFF) || // emoji
      (c >= 0x20000 && c <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

int DisplayWidth(std::string_view utf8) {
  int width = 0;
  for (size_t i = 0; i < utf8.size();) {
    char32_t cp;
    const size_t n = DecodeOne(utf8, i, &cp);
    if (n == 0) {  // show a malformed byte as one replacement cell
      width += 1;
      i += 1;
      continue;
    }
    width += CodepointDisplayWidth(cp);
    i += n;
  }
  return width;
}

std::string PadToWidth(std::string_view text, int width) {
  std::string out(text);
  const int have = DisplayWidth(text);
  if (have < width) out.append(static_cast<size_t>(width - have), ' ');
  return out;
}

}  // namespace sori
