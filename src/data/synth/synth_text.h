// Sentence generators for the synthetic speech corpus (`sori data synth`). Each text is
// read aloud by espeak-ng AND used as the transcript a model trains on, so it is the
// spoken form, fully spelled out: Korean in Hangul syllables and spaces only, English in
// lower-case words and spaces (an apostrophe only inside a contraction: "don't",
// "o'clock", as LibriSpeech writes them and NormalizeEnglish keeps them). No digits, no
// other symbols, no punctuation, and already normalized: for every text,
// NormalizeText(text, lang) == text.
//
// A generator is a fixed table of kinds, each a set of templates filled from word lists
// and number spellers (synth_text_korean_numbers.h, synth_text_english_numbers.h).
// Next() picks a kind with these fixed weights (percent):
//
//   ko:  sentence 25  template 15  sino_number 10  native_count 10
//        date 10      time 10      price 10        phone 5       digits 5
//   en:  sentence 25  template 15  number 10       count 10
//        date 10      time 10      price 10        phone 5       digits 5
//
//   sentence      a hand-written everyday sentence (greetings, requests, weather, food,
//                 transport, work, shopping, directions, health, daily life), sometimes
//                 two in a row
//   template      a sentence combined from subject/place/object/verb lists
//   sino_number   ko: Sino-Korean numbers in context (bus, floor, year, percent, ...)
//   native_count  ko: native numbers with counters (ages, objects, "세 시간 이십 분")
//   number        en: cardinal numbers in context
//   count         en: counted nouns, ages, durations
//   date / time / price   dates, clock times, amounts of money
//   phone         phone numbers read digit by digit
//   digits        other digit strings read digit by digit (codes, account numbers)
//
// Lengths are kept to what espeak-ng speaks in roughly 1.5 to 8 seconds: Korean texts
// have kKoreanMinSyllables..kKoreanMaxSyllables Hangul syllables, English texts
// kEnglishMinWords..kEnglishMaxWords words (a candidate outside the range is drawn
// again, so the range is a guarantee). Measured with espeak-ng at its default rate on
// 400 texts each: Korean 1.6 to 6.2 s (median 2.9 s), English 1.3 to 4.8 s (median 2.6 s).
//
// Determinism: all draws go through synth_text_random.h, which uses only the raw
// 64-bit outputs of std::mt19937_64 (whose sequence the C++ standard fixes), never the
// library's distributions (whose algorithms it does not). The same rng state gives the
// same text with any standard library.
#pragma once

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace sori {

constexpr int kKoreanMinSyllables = 4;
constexpr int kKoreanMaxSyllables = 40;
constexpr int kEnglishMinWords = 4;
constexpr int kEnglishMaxWords = 25;

struct SynthText {
  std::string text;  // spoken form = transcript; NormalizeText(text, lang) == text
  std::string kind;  // the kind that made it, one of kinds()
};

class SentenceGenerator {
 public:
  virtual ~SentenceGenerator() = default;

  // A text of a kind drawn by the weights above. Deterministic in the rng state.
  virtual SynthText Next(std::mt19937_64& rng) const = 0;

  // A text of the named kind. Throws Error(kInvalidInput) for a kind this generator
  // does not have, naming it and the accepted kinds.
  virtual SynthText NextOfKind(std::mt19937_64& rng, const std::string& kind) const = 0;

  // Kind names in table order.
  virtual std::vector<std::string> kinds() const = 0;

  // The language code ("ko", "en"), as NormalizeText takes it.
  virtual std::string lang() const = 0;
};

// "ko" or "en". Throws Error(kInvalidInput) for anything else, naming `lang` and the
// accepted values.
std::unique_ptr<SentenceGenerator> MakeSentenceGenerator(const std::string& lang);

}  // namespace sori
