// Korean jamo tokenizer: one token per letter (jamo) rather than per syllable, so a CTC
// model needs 112 outputs instead of thousands, and rare syllables are spelled out of
// common letters.
//
// The vocabulary is FIXED and is a contract with every model trained on it: never
// reorder or insert; a new vocabulary needs a new tokenizer type.
//
//   id        piece                                           code points
//   0         <unk>                                           (none)
//   1         space                                           U+0020
//   2..20     choseong  ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ      U+1100..U+1112
//   21..41    jungseong ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ  U+1161..U+1175
//   42..68    jongseong ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
//                                                             U+11A8..U+11C2
//   69..78    digits 0..9                                     U+0030..U+0039
//   79..104   Latin a..z                                      U+0061..U+007A
//   105..111  . , ? ! ' - %                                   in this order
//
// vocab_size() is 112, so the CTC blank is 112. (The letters are shown above in their
// compatibility forms for legibility; the pieces are the conjoining code points listed
// on the right, in Unicode order.)
//
// Encode policy, applied in this order:
//   1. The text is decomposed with DecomposeHangul (syllables and compatibility jamo
//      become conjoining jamo): "각" -> ᄀ ᅡ ᆨ.
//   2. Runs of white space (IsUnicodeSpace) become one space; leading and trailing white
//      space is dropped: "  가  나 " -> 가 space 나.
//   3. Latin A..Z are case-folded to a..z.
//   4. Anything else not in the table (other letters and symbols, archaic jamo,
//      full-width forms, zero-width characters) becomes <unk>. Normalize text first
//      (normalize_ko.h) to keep these rare.
// Decode maps ids to pieces, <unk> to U+2047 "⁇", and recomposes syllables with
// ComposeHangul (stray jamo come out as compatibility letters). Decode(Encode(s)) == s
// for every string of syllables, single spaces and in-table characters.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/tokenizer.h"

namespace sori {

struct TokenizerJson;

class JamoTokenizer : public Tokenizer {
 public:
  static constexpr int kVocabSize = 112;
  static constexpr int kUnkId = 0;
  static constexpr int kSpaceId = 1;
  static constexpr int kFirstChoseongId = 2;
  static constexpr int kFirstJungseongId = 21;
  static constexpr int kFirstJongseongId = 42;
  static constexpr int kFirstDigitId = 69;
  static constexpr int kFirstLatinId = 79;
  static constexpr int kFirstPunctuationId = 105;

  JamoTokenizer() = default;

  // From a parsed tokenizer.json of type "jamo"; its "vocab" must equal the table above.
  static std::unique_ptr<JamoTokenizer> FromJson(const TokenizerJson& file);

  // The vocabulary in id order, as IdToPiece returns it ("<unk>", " ", "ᄀ", ...).
  static std::vector<std::string> Vocabulary();

  std::string type() const override { return "jamo"; }
  int vocab_size() const override { return kVocabSize; }
  int unk_id() const override { return kUnkId; }
  std::vector<int> Encode(std::string_view text) const override;
  std::string Decode(const std::vector<int>& ids) const override;
  std::string IdToPiece(int id) const override;
  void Save(const std::string& dir) const override;
};

}  // namespace sori
