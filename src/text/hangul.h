// Hangul syllables <-> conjoining jamo, by the algorithm of the Unicode Standard,
// section 3.12 "Conjoining Jamo Behavior". Korean ASR models often predict jamo (letters)
// rather than the 11,172 precomposed syllables, so the tokenizers decompose text before
// encoding and compose it after decoding; the normalizer and CER use composition so NFD
// and NFC input compare equal.
//
//   syllable U+AC00..U+D7A3:  S = 0xAC00 + (L * 21 + V) * 28 + T
//   L (choseong,  initial):   U+1100..U+1112, 19 letters, L = code - 0x1100
//   V (jungseong, medial):    U+1161..U+1175, 21 letters, V = code - 0x1161
//   T (jongseong, final):     U+11A8..U+11C2, 27 letters, T = code - 0x11A7 (T = 0: none)
//
// Only these modern jamo take part; archaic conjoining jamo (U+1113.., U+1176.., U+11C3..,
// Jamo Extended-A/B) and archaic compatibility jamo (U+3164..U+318E) pass through as they
// are.
#pragma once

#include <string>
#include <string_view>

namespace sori {

constexpr char32_t kHangulSyllableFirst = 0xAC00;
constexpr char32_t kHangulSyllableLast = 0xD7A3;
constexpr char32_t kChoseongFirst = 0x1100;
constexpr char32_t kJungseongFirst = 0x1161;
constexpr char32_t kJongseongFirst = 0x11A8;
constexpr int kChoseongCount = 19;
constexpr int kJungseongCount = 21;
constexpr int kJongseongCount = 27;
constexpr int kHangulSyllableCount = 11172;  // 19 * 21 * 28

bool IsHangulSyllable(char32_t c);  // U+AC00..U+D7A3
bool IsChoseong(char32_t c);        // U+1100..U+1112
bool IsJungseong(char32_t c);       // U+1161..U+1175
bool IsJongseong(char32_t c);       // U+11A8..U+11C2

// Syllables become L V or L V T conjoining jamo. Modern compatibility jamo (the
// stand-alone letters of a Korean keyboard, U+3131..U+3163) become conjoining jamo too:
// a consonant becomes the choseong when one exists (ㄱ U+3131 -> ᄀ U+1100), otherwise
// the jongseong (the clusters ㄳ ㄵ ㄶ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅄ); a vowel becomes the
// jungseong (ㅏ U+314F -> ᅡ U+1161). Everything else is unchanged.
//
// The mapping is not injective: "ㄱㅏ" decomposes like "가", and "가ㄳ" like "갃", so
// composing the result gives "가" and "갃". Stand-alone letters next to each other in
// real text ("ㅋㅋ", "ㅠㅠ") survive the round trip because L L and V V do not compose.
std::u32string DecomposeHangul(std::u32string_view text);

// The inverse: L V -> syllable, L V T -> syllable, and a precomposed LV syllable
// followed by T -> LVT syllable (so NFD text and precomposed text compose alike).
// Modern jamo left over (an L without a V, a V without an L, a T that cannot attach)
// become compatibility jamo (ᄀ -> ㄱ, ᅡ -> ㅏ, ᆨ -> ㄱ, ᆪ -> ㄳ) so they display as
// letters rather than as invisible or half-width combining marks. Everything else is
// unchanged.
std::u32string ComposeHangul(std::u32string_view text);

// UTF-8 wrappers; throw Error(kInvalidInput) naming the byte offset of malformed UTF-8.
std::string DecomposeHangulUtf8(std::string_view text);
std::string ComposeHangulUtf8(std::string_view text);

}  // namespace sori
