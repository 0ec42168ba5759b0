#include "text/hangul.h"

#include <array>

#include "util/utf8.h"

namespace sori {
namespace {

constexpr int kSyllablesPerChoseong = kJungseongCount * 28;  // 588
constexpr char32_t kJongseongBase = kJongseongFirst - 1;     // T index 0 means "no final"

// Compatibility jamo U+3131..U+314E (30 consonants) -> conjoining jamo.
constexpr std::array<char32_t, 30> kCompatConsonantToConjoining = {
    0x1100,  // ㄱ
    0x1101,  // ㄲ
    0x11AA,  // ㄳ (final only)
    0x1102,  // ㄴ
    0x11AC,  // ㄵ (final only)
    0x11AD,  // ㄶ (final only)
    0x1103,  // ㄷ
    0x1104,  // ㄸ
    0x1105,  // ㄹ
    0x11B0,  // ㄺ (final only)
    0x11B1,  // ㄻ (final only)
    0x11B2,  // ㄼ (final only)
    0x11B3,  // ㄽ (final only)
    0x11B4,  // ㄾ (final only)
    0x11B5,  // ㄿ (final only)
    0x11B6,  // ㅀ (final only)
    0x1106,  // ㅁ
    0x1107,  // ㅂ
    0x1108,  // ㅃ
    0x11B9,  // ㅄ (final only)
    0x1109,  // ㅅ
    0x110A,  // ㅆ
    0x110B,  // ㅇ
    0x110C,  // ㅈ
    0x110D,  // ㅉ
    0x110E,  // ㅊ
    0x110F,  // ㅋ
    0x1110,  // ㅌ
    0x1111,  // ㅍ
    0x1112,  // ㅎ
};
constexpr char32_t kCompatConsonantFirst = 0x3131;
constexpr char32_t kCompatVowelFirst = 0x314F;  // ㅏ; ㅏ..ㅣ are in jungseong order
constexpr char32_t kCompatVowelLast = 0x3163;

// Choseong U+1100..U+1112 -> compatibility jamo.
constexpr std::array<char32_t, kChoseongCount> kChoseongToCompat = {
    0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145,
    0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
};

// Jongseong U+11A8..U+11C2 -> compatibility jamo.
constexpr std::array<char32_t, kJongseongCount> kJongseongToCompat = {
    0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136, 0x3137, 0x3139, 0x313A,
    0x313B, 0x313C, 0x313D, 0x313E, 0x313F, 0x3140, 0x3141, 0x3142, 0x3144,
    0x3145, 0x3146, 0x3147, 0x3148, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
};

char32_t ToCompatibilityJamo(char32_t c) {
  if (IsChoseong(c)) return kChoseongToCompat[c - kChoseongFirst];
  if (IsJungseong(c)) return kCompatVowelFirst + (c - kJungseongFirst);
  if (IsJongseong(c)) return kJongseongToCompat[c - kJongseongFirst];
  return c;
}

}  // namespace

bool IsHangulSyllable(char32_t c) { return c >= kHangulSyllableFirst && c <= kHangulSyllableLast; }
bool IsChoseong(char32_t c) { return c >= kChoseongFirst && c < kChoseongFirst + kChoseongCount; }
bool IsJungseong(char32_t c) { return c >= kJungseongFirst && c < kJungseongFirst + kJungseongCount; }
bool IsJongseong(char32_t c) { return c >= kJongseongFirst && c < kJongseongFirst + kJongseongCount; }

std::u32string DecomposeHangul(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size() * 3);
  for (const char32_t c : text) {
    if (IsHangulSyllable(c)) {
      const char32_t s = c - kHangulSyllableFirst;
      out.push_back(kChoseongFirst + s / kSyllablesPerChoseong);
      out.push_back(kJungseongFirst + (s % kSyllablesPerChoseong) / 28);
      if (s % 28 != 0) out.push_back(kJongseongBase + s % 28);
    } else if (c >= kCompatConsonantFirst && c < kCompatVowelFirst) {
      out.push_back(kCompatConsonantToConjoining[c - kCompatConsonantFirst]);
    } else if (c >= kCompatVowelFirst && c <= kCompatVowelLast) {
      out.push_back(kJungseongFirst + (c - kCompatVowelFirst));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::u32string ComposeHangul(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (const char32_t c : text) {
    if (!out.empty()) {
      const char32_t last = out.back();
      if (IsChoseong(last) && IsJungseong(c)) {
        out.back() = kHangulSyllableFirst + (last - kChoseongFirst) * kSyllablesPerChoseong +
                     (c - kJungseongFirst) * 28;
        continue;
      }
      if (IsHangulSyllable(last) && (last - kHangulSyllableFirst) % 28 == 0 && IsJongseong(c)) {
        out.back() = last + (c - kJongseongBase);
        continue;
      }
    }
    out.push_back(c);
  }
  for (char32_t& c : out) c = ToCompatibilityJamo(c);
  return out;
}

std::string DecomposeHangulUtf8(std::string_view text) {
  return CodepointsToUtf8(DecomposeHangul(Utf8ToCodepoints(text)));
}

std::string ComposeHangulUtf8(std::string_view text) {
  return CodepointsToUtf8(ComposeHangul(Utf8ToCodepoints(text)));
}

}  // namespace sori
