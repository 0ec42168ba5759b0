#include "data/synth/synth_text_calendar.h"

#include <string>

#include "util/error.h"

namespace sori {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) {
    throw Error(ErrorCode::kInvalidInput,
                "month " + std::to_string(month) + " is out of range; accepted: 1 to 12");
  }
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

int WeekdayIndex(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    throw Error(ErrorCode::kInvalidInput, "date " + std::to_string(year) + "-" + std::to_string(month) +
                                              "-" + std::to_string(day) + " does not exist");
  }
  // Sakamoto's method: 0 = Sunday.
  static constexpr int kOffsets[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  const int y = month < 3 ? year - 1 : year;
  const int sunday_first = (y + y / 4 - y / 100 + y / 400 + kOffsets[month - 1] + day) % 7;
  return (sunday_first + 6) % 7;
}

}  // namespace sori
