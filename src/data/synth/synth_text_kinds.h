// The machinery the Korean and English generators share: a table of named kinds with
// integer weights, a length rule that every text must meet (a candidate outside it is
// drawn again), and "{}" template filling and word joining. The languages differ only in their tables
// (synth_text_ko.cc, synth_text_en.cc); this file knows no words.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "data/synth/synth_text.h"

namespace sori {

struct TextKind {
  std::string name;
  int weight = 0;  // relative; the table's weights need not sum to 100
  std::function<std::string(std::mt19937_64&)> make;
};

// How long a text may be, in units `measure` counts (syllables, words).
struct LengthRule {
  std::function<int(std::string_view)> measure;
  int min = 0;
  int max = 0;
  std::string unit;  // for messages: "syllables", "words"
};

class WeightedKindGenerator : public SentenceGenerator {
 public:
  // Throws Error(kInternal) for an empty table, a weight <= 0 or a repeated name.
  WeightedKindGenerator(std::string lang, std::vector<TextKind> kinds, LengthRule length);

  SynthText Next(std::mt19937_64& rng) const override;
  SynthText NextOfKind(std::mt19937_64& rng, const std::string& kind) const override;
  std::vector<std::string> kinds() const override;
  std::string lang() const override { return lang_; }

 private:
  SynthText Make(std::mt19937_64& rng, const TextKind& kind) const;

  std::string lang_;
  std::vector<TextKind> kinds_;
  LengthRule length_;
  int64_t total_weight_ = 0;
};

// Replaces each "{}" in `pattern` with the next argument, in order. Throws
// Error(kInternal) if the number of "{}" and of arguments differ (a template bug).
std::string FillTemplate(std::string_view pattern, std::initializer_list<std::string_view> args);

// Words joined by single spaces, empty ones left out (optional openers, intensifiers).
std::string JoinWords(std::initializer_list<std::string_view> words);

// Hangul syllables in `text` (the Korean length unit).
int CountHangulSyllables(std::string_view text);

// Words separated by spaces (the English length unit).
int CountWords(std::string_view text);

}  // namespace sori
