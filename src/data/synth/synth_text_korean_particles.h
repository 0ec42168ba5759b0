// Korean particles that change shape with the word they follow: after a final consonant
// (받침) 이/은/을/으로/이에요/과, after a vowel 가/는/를/로/예요/와, and 로 (not 으로)
// after a final ㄹ ("지하철로"). The sentence templates combine words from lists, so the
// particle is chosen here rather than written into the template.
#pragma once

#include <string>
#include <string_view>

namespace sori {

enum class KoreanParticle {
  kSubject,    // 이 / 가
  kTopic,      // 은 / 는
  kObject,     // 을 / 를
  kDirection,  // 으로 / 로
  kCopula,     // 이에요 / 예요 (polite "is")
  kAnd,        // 과 / 와
};

// True if the last character of `word` is a Hangul syllable with a final consonant.
// Throws Error(kInvalidInput) if `word` does not end in a Hangul syllable, naming it.
bool HasFinalConsonant(std::string_view word);

// `word` with the particle attached (no space): ("사과", kObject) -> "사과를",
// ("책", kObject) -> "책을", ("지하철", kDirection) -> "지하철로".
// Throws like HasFinalConsonant.
std::string WithParticle(std::string_view word, KoreanParticle particle);

}  // namespace sori
