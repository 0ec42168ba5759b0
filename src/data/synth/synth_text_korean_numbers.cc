#include "data/synth/synth_text_korean_numbers.h"

#include "util/error.h"

namespace sori {
namespace {

constexpr const char* kSinoDigits[] = {"영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"};
constexpr const char* kPhoneDigits[] = {"공", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"};
constexpr int64_t kSinoLimit = 10'000'000'000'000'000;  // 경 (10^16), first value not spelled

// 1..9999 within one four-digit group; 일 dropped before 십, 백, 천.
std::string SinoGroup(int64_t group) {
  static constexpr const char* kUnits[] = {"천", "백", "십", ""};
  static constexpr int64_t kPlaces[] = {1000, 100, 10, 1};
  std::string out;
  for (int i = 0; i < 4; ++i) {
    const int64_t digit = group / kPlaces[i] % 10;
    if (digit == 0) continue;
    if (digit != 1 || kPlaces[i] == 1) out += kSinoDigits[digit];
    out += kUnits[i];
  }
  return out;
}

}  // namespace

std::string SinoKoreanNumber(int64_t n) {
  if (n < 0 || n >= kSinoLimit) {
    throw Error(ErrorCode::kInvalidInput, "Sino-Korean number " + std::to_string(n) +
                                              " is out of range; accepted: 0 to " +
                                              std::to_string(kSinoLimit - 1));
  }
  if (n == 0) return kSinoDigits[0];
  static constexpr const char* kGroupUnits[] = {"조", "억", "만", ""};
  static constexpr int64_t kGroupPlaces[] = {1'0000'0000'0000, 1'0000'0000, 1'0000, 1};
  std::string out;
  for (int i = 0; i < 4; ++i) {
    const int64_t group = n / kGroupPlaces[i] % 10000;
    if (group == 0) continue;
    if (!out.empty()) out += ' ';
    const bool bare_man = group == 1 && kGroupPlaces[i] == 1'0000;  // "만", not "일만"
    if (!bare_man) out += SinoGroup(group);
    out += kGroupUnits[i];
  }
  return out;
}

std::string NativeKoreanNumber(int n, bool attributive) {
  if (n < 1 || n > 99) {
    throw Error(ErrorCode::kInvalidInput,
                "native Korean number " + std::to_string(n) + " is out of range; accepted: 1 to 99");
  }
  static constexpr const char* kTens[] = {"",     "열",   "스물", "서른", "마흔",
                                          "쉰",   "예순", "일흔", "여든", "아흔"};
  static constexpr const char* kOnes[] = {"",     "하나", "둘",   "셋",   "넷",
                                          "다섯", "여섯", "일곱", "여덟", "아홉"};
  // Before a counter: 한 개, 두 개, 세 개, 네 개 (and 스무 for 20, below).
  static constexpr const char* kOnesAttributive[] = {"",     "한",   "두",   "세",   "네",
                                                     "다섯", "여섯", "일곱", "여덟", "아홉"};
  const int tens = n / 10;
  const int ones = n % 10;
  if (attributive && n == 20) return "스무";
  std::string out = kTens[tens];
  out += attributive ? kOnesAttributive[ones] : kOnes[ones];
  return out;
}

std::string KoreanDigits(std::string_view digits) {
  if (digits.empty()) throw Error(ErrorCode::kInvalidInput, "KoreanDigits: empty digit string");
  std::string out;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      throw Error(ErrorCode::kInvalidInput, "KoreanDigits: '" + std::string(digits) +
                                                "' has a character that is not a digit 0-9");
    }
    out += kPhoneDigits[c - '0'];
  }
  return out;
}

std::string KoreanMonthName(int month) {
  if (month < 1 || month > 12) {
    throw Error(ErrorCode::kInvalidInput,
                "month " + std::to_string(month) + " is out of range; accepted: 1 to 12");
  }
  if (month == 6) return "유월";   // not 육월
  if (month == 10) return "시월";  // not 십월
  return SinoKoreanNumber(month) + "월";
}

}  // namespace sori
