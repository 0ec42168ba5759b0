#include "data/synth/synth_text_english_numbers.h"

#include "util/error.h"

namespace sori {
namespace {

constexpr int64_t kEnglishLimit = 1'000'000'000'000;  // one trillion, the largest spelled

constexpr const char* kSmall[] = {"zero",    "one",     "two",       "three",    "four",
                                  "five",    "six",     "seven",     "eight",    "nine",
                                  "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                  "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr const char* kTens[] = {"",      "",      "twenty",  "thirty", "forty",
                                 "fifty", "sixty", "seventy", "eighty", "ninety"};

// 1..999
std::string BelowThousand(int64_t n) {
  std::string out;
  if (n >= 100) {
    out = std::string(kSmall[n / 100]) + " hundred";
    n %= 100;
    if (n == 0) return out;
    out += ' ';
  }
  if (n < 20) return out + kSmall[n];
  out += kTens[n / 10];
  if (n % 10 != 0) out += std::string(" ") + kSmall[n % 10];
  return out;
}

void CheckRange(int64_t n, int64_t lo, const char* what) {
  if (n < lo || n > kEnglishLimit) {
    throw Error(ErrorCode::kInvalidInput, std::string(what) + " " + std::to_string(n) +
                                              " is out of range; accepted: " + std::to_string(lo) +
                                              " to " + std::to_string(kEnglishLimit));
  }
}

}  // namespace

std::string EnglishNumber(int64_t n) {
  CheckRange(n, 0, "English number");
  if (n == 0) return kSmall[0];
  static constexpr int64_t kScales[] = {1'000'000'000'000, 1'000'000'000, 1'000'000, 1'000, 1};
  static constexpr const char* kScaleNames[] = {"trillion", "billion", "million", "thousand", ""};
  std::string out;
  for (int i = 0; i < 5; ++i) {
    const int64_t part = n / kScales[i] % 1000;
    if (part == 0) continue;
    if (!out.empty()) out += ' ';
    out += BelowThousand(part);
    if (kScaleNames[i][0] != '\0') out += std::string(" ") + kScaleNames[i];
  }
  return out;
}

std::string EnglishOrdinal(int64_t n) {
  CheckRange(n, 1, "English ordinal");
  std::string words = EnglishNumber(n);
  const size_t space = words.rfind(' ');
  const size_t start = space == std::string::npos ? 0 : space + 1;
  const std::string last = words.substr(start);
  words.erase(start);
  static constexpr const char* kIrregular[][2] = {
      {"one", "first"}, {"two", "second"}, {"three", "third"},  {"five", "fifth"},
      {"eight", "eighth"}, {"nine", "ninth"}, {"twelve", "twelfth"}};
  for (const auto& pair : kIrregular) {
    if (last == pair[0]) return words + pair[1];
  }
  if (last.back() == 'y') return words + last.substr(0, last.size() - 1) + "ieth";  // twentieth
  return words + last + "th";
}

std::string EnglishYear(int year) {
  if (year < 1100 || year > 2099) {
    throw Error(ErrorCode::kInvalidInput,
                "year " + std::to_string(year) + " is out of range; accepted: 1100 to 2099");
  }
  if (year >= 2000 && year <= 2009) return EnglishNumber(year);  // "two thousand five"
  const int high = year / 100;
  const int low = year % 100;
  const std::string head = EnglishNumber(high);
  if (low == 0) return head + " hundred";
  if (low < 10) return head + " oh " + EnglishNumber(low);
  return head + " " + EnglishNumber(low);
}

std::string EnglishDigits(std::string_view digits, std::string_view zero) {
  if (digits.empty()) throw Error(ErrorCode::kInvalidInput, "EnglishDigits: empty digit string");
  std::string out;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      throw Error(ErrorCode::kInvalidInput, "EnglishDigits: '" + std::string(digits) +
                                                "' has a character that is not a digit 0-9");
    }
    if (!out.empty()) out += ' ';
    if (c == '0') {
      out += zero;
    } else {
      out += kSmall[c - '0'];
    }
  }
  return out;
}

}  // namespace sori
