// Picks the transcript normalizer for a language code, with each normalizer's default
// options. Used where a manifest or command line names the language.
//   "ko"   NormalizeKorean (normalize_ko.h)
//   "en"   NormalizeEnglish (normalize_en.h)
//   "none" white space folding only (runs become one space, trimmed); text is
//          otherwise unchanged
#pragma once

#include <string>
#include <string_view>

namespace sori {

// Throws Error(kInvalidInput) for an unknown `lang`, naming it and the accepted values,
// and for invalid UTF-8 (naming the byte offset).
std::string NormalizeText(std::string_view text, const std::string& lang);

}  // namespace sori
