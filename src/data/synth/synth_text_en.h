// The English sentence generator: its kinds, weights and length rule are described in
// synth_text.h; its word lists are in synth_text_en_words.cc. Use
// MakeSentenceGenerator("en") rather than this directly.
#pragma once

#include <memory>

#include "data/synth/synth_text.h"

namespace sori {

std::unique_ptr<SentenceGenerator> MakeEnglishSentenceGenerator();

}  // namespace sori
