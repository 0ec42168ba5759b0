#include "data/synth/synth_text_korean_particles.h"

#include "text/hangul.h"
#include "util/error.h"
#include "util/utf8.h"

namespace sori {
namespace {

constexpr int kFinalRieul = 8;  // T index of ㄹ (U+11AF - U+11A7)

// T index (0 = no final consonant) of the last syllable of `word`.
int FinalIndex(std::string_view word) {
  const std::u32string cps = Utf8ToCodepoints(word);
  if (cps.empty() || !IsHangulSyllable(cps.back())) {
    throw Error(ErrorCode::kInvalidInput,
                "Korean particle: '" + std::string(word) + "' does not end in a Hangul syllable");
  }
  return static_cast<int>((cps.back() - kHangulSyllableFirst) % (kJongseongCount + 1));
}

}  // namespace

bool HasFinalConsonant(std::string_view word) { return FinalIndex(word) != 0; }

std::string WithParticle(std::string_view word, KoreanParticle particle) {
  const int final_index = FinalIndex(word);
  const bool consonant = final_index != 0;
  std::string out(word);
  switch (particle) {
    case KoreanParticle::kSubject:
      return out + (consonant ? "이" : "가");
    case KoreanParticle::kTopic:
      return out + (consonant ? "은" : "는");
    case KoreanParticle::kObject:
      return out + (consonant ? "을" : "를");
    case KoreanParticle::kDirection:
      return out + (consonant && final_index != kFinalRieul ? "으로" : "로");
    case KoreanParticle::kCopula:
      return out + (consonant ? "이에요" : "예요");
    case KoreanParticle::kAnd:
      return out + (consonant ? "과" : "와");
  }
  throw Error(ErrorCode::kInternal, "unknown Korean particle");
}

}  // namespace sori
