#include "text/normalize.h"

#include "text/normalize_en.h"
#include "text/normalize_ko.h"
#include "text/unicode.h"
#include "util/error.h"
#include "util/utf8.h"

namespace sori {

std::string NormalizeText(std::string_view text, const std::string& lang) {
  if (lang == "ko") return NormalizeKorean(text);
  if (lang == "en") return NormalizeEnglish(text);
  if (lang == "none") return CodepointsToUtf8(FoldWhitespace(Utf8ToCodepoints(text)));
  throw Error(ErrorCode::kInvalidInput,
              "unknown normalization language '" + lang + "'; accepted: ko, en, none");
}

}  // namespace sori
