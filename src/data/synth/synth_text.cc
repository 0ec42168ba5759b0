#include "data/synth/synth_text.h"

#include "data/synth/synth_text_en.h"
#include "data/synth/synth_text_ko.h"
#include "util/error.h"

namespace sori {

std::unique_ptr<SentenceGenerator> MakeSentenceGenerator(const std::string& lang) {
  if (lang == "ko") return MakeKoreanSentenceGenerator();
  if (lang == "en") return MakeEnglishSentenceGenerator();
  throw Error(ErrorCode::kInvalidInput,
              "no sentence generator for language '" + lang + "'; accepted: ko, en");
}

}  // namespace sori
