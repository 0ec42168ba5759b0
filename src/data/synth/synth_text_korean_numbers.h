// Korean numerals spelled out in Hangul, for spoken-form transcripts. Korean counts
// with two systems: Sino-Korean (일, 이, 삼, ...) for dates, minutes, money, measures,
// floors and numbers read as labels, and native Korean (하나, 둘, 셋, ...) for ages,
// counted objects and clock hours. Which one a context takes is the caller's choice.
//
// The transcript follows the spelling, not the pronunciation: 16 is "십육" although it
// is said [심뉵], 10월 is "시월" because that is how it is spelled.
//
// Spacing convention (한글 맞춤법 제44항: numbers are written with a space every four
// digits, at 만, 억, 조): the digits within one group of four are written together and
// the groups are separated by one space, a group of zero being left out:
//   12345 -> "만 이천삼백사십오", 123456 -> "십이만 삼천사백오십육",
//   123456789 -> "일억 이천삼백사십오만 육천칠백팔십구", 100000001 -> "일억 일".
// A leading 일 is dropped before 십, 백, 천 and 만 ("십", "백", "천", "만", "만 원",
// "일억 만"), as Koreans say them, and kept before 억 and 조 ("일억", "일조").
// A counter or unit after a number is a separate word ("삼십오 번", "세 개"), as is the
// day in a date ("이십이 일"); month names are single words ("유월", "십일월").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sori {

// 0 <= n <= 9999'9999'9999'9999 (below 경, 10^16). 0 is "영".
// Throws Error(kInvalidInput) outside the range, naming n and the range.
std::string SinoKoreanNumber(int64_t n);

// 1 <= n <= 99, written as one word ("서른다섯"). attributive = true gives the form
// used before a counter, where 1, 2, 3, 4 and 20 change: 한, 두, 세, 네, 스무
// ("한 개", "스물한 살", "스무 명"); otherwise 하나, 둘, 셋, 넷, 스물.
// Throws Error(kInvalidInput) outside the range.
std::string NativeKoreanNumber(int n, bool attributive);

// A string of ASCII digits read one digit at a time, as phone numbers, account numbers
// and codes are: Sino-Korean digits with "공" for 0, written together ("010" ->
// "공일공"). Callers put spaces between groups. Throws Error(kInvalidInput) for an
// empty string or a non-digit, naming it.
std::string KoreanDigits(std::string_view digits);

// 1..12 -> "일월" .. "십이월", with the irregular 유월 (6) and 시월 (10).
// Throws Error(kInvalidInput) outside the range.
std::string KoreanMonthName(int month);

}  // namespace sori
