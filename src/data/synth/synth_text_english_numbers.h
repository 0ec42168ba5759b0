// English numbers spelled out in lower-case words, for spoken-form transcripts.
// Conventions (American, and idempotent under NormalizeEnglish):
//   - no hyphens: "thirty five" (the normalizer would turn "thirty-five" into two words
//     anyway, so the transcript is written that way from the start);
//   - no "and" inside a number: "one thousand two hundred five" (it appears only between
//     dollars and cents, which is the caller's wording);
//   - short scale: thousand, million, billion, trillion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sori {

// 0 <= n <= 10^12. 0 is "zero", 10^12 is "one trillion".
// Throws Error(kInvalidInput) outside the range, naming n and the range.
std::string EnglishNumber(int64_t n);

// 1 <= n <= 10^12: "first", "second", "twelfth", "twentieth", "twenty second",
// "one hundredth". Throws Error(kInvalidInput) outside the range.
std::string EnglishOrdinal(int64_t n);

// A year as it is said, 1100 <= year <= 2099: two pairs of digits ("nineteen eighty
// eight", "twenty twenty six"), "oh" for a zero tens digit ("nineteen oh five"),
// "hundred" for a round century ("nineteen hundred", "eleven hundred"), and "two
// thousand", "two thousand five" for 2000..2009. Throws Error(kInvalidInput) outside the
// range.
std::string EnglishYear(int year);

// A string of ASCII digits read one digit at a time, words separated by spaces:
// ("4150", "oh") -> "four one five oh". `zero` is the word for 0 ("zero" or "oh").
// Throws Error(kInvalidInput) for an empty string or a non-digit, naming it.
std::string EnglishDigits(std::string_view digits, std::string_view zero = "zero");

}  // namespace sori
