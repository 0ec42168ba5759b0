// Proleptic Gregorian calendar arithmetic for the date templates, so a generated date
// exists ("이월 삼십 일" and "february thirtieth" never appear) and a weekday written next
// to a full date is that date's true weekday.
#pragma once

namespace sori {

bool IsLeapYear(int year);

// 28..31. Throws Error(kInvalidInput) for a month outside 1..12.
int DaysInMonth(int year, int month);

// 0 = Monday .. 6 = Sunday, for year >= 1. Throws Error(kInvalidInput) for a date that
// does not exist, naming it.
int WeekdayIndex(int year, int month, int day);

}  // namespace sori
