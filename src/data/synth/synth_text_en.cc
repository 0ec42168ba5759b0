#include "data/synth/synth_text_en.h"

#include <string>
#include <string_view>
#include <vector>

#include "data/synth/synth_text_calendar.h"
#include "data/synth/synth_text_en_words.h"
#include "data/synth/synth_text_english_numbers.h"
#include "data/synth/synth_text_kinds.h"
#include "data/synth/synth_text_random.h"

namespace sori {
namespace {

using Rng = std::mt19937_64;

int64_t Draw(Rng& rng, const en::NumberTemplate& t) { return UniformStep(rng, t.lo, t.hi, t.step); }

// The first non-null entry count of a fixed slot array.
template <size_t N>
size_t Used(const char* const (&slots)[N]) {
  size_t n = 0;
  while (n < N && slots[n] != nullptr) ++n;
  return n;
}

template <size_t N>
const char* PickUsed(Rng& rng, const char* const (&slots)[N]) {
  return slots[UniformBelow(rng, Used(slots))];
}

// `count` random ASCII digits; the first is 2..9 if `area_style` (North American area
// codes and exchanges never start with 0 or 1).
std::string RandomDigits(Rng& rng, int count, bool area_style) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += static_cast<char>('0' + UniformInt(rng, area_style && i == 0 ? 2 : 0, 9));
  }
  return out;
}

// Each utterance says 0 one way: "zero" or "oh".
const char* ZeroWord(Rng& rng) { return Chance(rng, 50) ? "zero" : "oh"; }

// ---- sentence -----------------------------------------------------------------------

std::string MakeSentence(Rng& rng) {
  const std::string first = Pick(rng, en::Sentences());
  // Sometimes two in a row, more often after a short one (espeak-ng says five words in
  // well under two seconds), for longer utterances.
  const bool short_one = CountWords(first) <= 5;
  if (Chance(rng, short_one ? 50 : 15)) return first + " " + Pick(rng, en::Sentences());
  return first;
}

// ---- template -----------------------------------------------------------------------

std::string MakeActivity(Rng& rng) {
  const en::TimeWord& when = Pick(rng, en::TimeWords());
  const en::Activity& what = Pick(rng, en::Activities());
  const std::string verb =
      when.tense == en::Tense::kPast ? what.past : std::string("will ") + what.base;
  return JoinWords({Pick(rng, en::Subjects()), verb, PickUsed(rng, what.places), when.word});
}

std::string MakeRequest(Rng& rng) {
  const en::Request& request = Pick(rng, en::Requests());
  const std::string action = JoinWords({request.verb, PickUsed(rng, request.objects)});
  return FillTemplate(Pick(rng, en::RequestPatterns()), {action});
}

std::string MakeWeather(Rng& rng) {
  const std::string day = Pick(rng, en::WeatherDays());
  const std::string city = Pick(rng, en::Cities());
  const std::string condition = Pick(rng, en::WeatherConditions());
  switch (UniformBelow(rng, 3)) {
    case 0:
      return JoinWords({day, "it will be", condition, "in", city});
    case 1:
      return JoinWords({"it's going to be", condition, "in", city, day});
    default:
      return JoinWords({"the forecast for", city, day, "is", condition});
  }
}

std::string MakeShop(Rng& rng) {
  const std::string item = Pick(rng, en::ShopItems());
  switch (UniformBelow(rng, 4)) {
    case 0:
      return JoinWords({"this", item, "is", Pick(rng, en::ShopComments())});
    case 1:
      return JoinWords({"do you have this", item, "in", Pick(rng, en::Colors())});
    case 2:
      return JoinWords({"how much is this", item});
    default:
      return JoinWords({"i'd like to return this", item});
  }
}

std::string MakeDirections(Rng& rng) {
  const std::string place = Pick(rng, en::Places());
  const std::string landmark = Pick(rng, en::Landmarks());
  switch (UniformBelow(rng, 4)) {
    case 0:
      return JoinWords({"the", place, "is", Pick(rng, en::Relations()), "the", landmark});
    case 1:
      return JoinWords({"excuse me where is the nearest", place});
    case 2:
      return JoinWords({"turn", Chance(rng, 50) ? "left" : "right", "at the", landmark, "and the",
                        place, "is on your", Chance(rng, 50) ? "left" : "right"});
    default:
      return JoinWords({"how do i get to the", place, "from here"});
  }
}

std::string MakeHealth(Rng& rng) {
  switch (UniformBelow(rng, 3)) {
    case 0:
      return JoinWords({"my", Pick(rng, en::BodyParts()), "hurts", Pick(rng, en::PainDetails())});
    case 1:
      return JoinWords(
          {"i've had", Pick(rng, en::Symptoms()), "since", Pick(rng, en::SymptomSince())});
    default:
      return JoinWords({"i've had", Pick(rng, en::Symptoms()), "for",
                        EnglishNumber(UniformInt(rng, 2, 10)), "days"});
  }
}

std::string MakeTemplate(Rng& rng) {
  static constexpr std::string (*kMakers[])(Rng&) = {
      MakeActivity, MakeActivity, MakeRequest, MakeWeather, MakeShop, MakeDirections, MakeHealth,
  };
  return Pick(rng, kMakers)(rng);
}

// ---- number -------------------------------------------------------------------------

std::string MakeNumber(Rng& rng) {
  const uint64_t choice = UniformBelow(rng, 20);
  if (choice < 12) {
    const en::NumberTemplate& t = Pick(rng, en::NumberTemplates());
    return FillTemplate(t.pattern, {EnglishNumber(Draw(rng, t))});
  }
  if (choice < 15) {
    const en::NumberTemplate& t = Pick(rng, en::OrdinalTemplates());
    return FillTemplate(t.pattern, {EnglishOrdinal(Draw(rng, t))});
  }
  if (choice < 18) {
    const en::NumberTemplate& t = Pick(rng, en::YearTemplates());
    return FillTemplate(t.pattern, {EnglishYear(static_cast<int>(Draw(rng, t)))});
  }
  if (choice < 19) {  // a decimal: "three point five percent"
    return JoinWords({"interest rates rose to", EnglishNumber(UniformInt(rng, 0, 9)), "point",
                      EnglishNumber(UniformInt(rng, 1, 9)), "percent"});
  }
  const int64_t winner = UniformInt(rng, 1, 120);
  return JoinWords({"the final score was", EnglishNumber(winner), "to",
                    EnglishNumber(UniformInt(rng, 0, winner - 1))});
}

// ---- count --------------------------------------------------------------------------

std::string MakeCount(Rng& rng) {
  if (Chance(rng, 55)) {
    const en::CountNoun& noun = Pick(rng, en::CountNouns());
    std::vector<const en::CountTemplate*> fitting;
    for (const en::CountTemplate& t : en::CountTemplates()) {
      if (t.use == noun.use) fitting.push_back(&t);
    }
    const en::CountTemplate& t = *fitting[UniformBelow(rng, fitting.size())];
    const int64_t n = UniformInt(rng, 1, noun.max);
    const std::string counted = JoinWords({EnglishNumber(n), n == 1 ? noun.singular : noun.plural});
    return FillTemplate(t.pattern, {counted});
  }
  const en::NumberTemplate& t = Pick(rng, en::PluralTemplates());
  return FillTemplate(t.pattern, {EnglishNumber(Draw(rng, t))});
}

// ---- date ---------------------------------------------------------------------------

std::string MakeDate(Rng& rng) {
  const en::DateTemplate& t = Pick(rng, en::DateTemplates());
  const int year = static_cast<int>(UniformInt(rng, t.first_year, t.last_year));
  const int month = static_cast<int>(UniformInt(rng, 1, 12));
  const int day = static_cast<int>(UniformInt(rng, 1, DaysInMonth(year, month)));
  const std::string month_name = en::Months()[static_cast<size_t>(month - 1)];
  const std::string ordinal = EnglishOrdinal(day);
  std::string phrase;
  switch (t.form) {
    case en::DateForm::kMonthDay:
      phrase = JoinWords({month_name, ordinal});
      break;
    case en::DateForm::kMonthDayYear:
      phrase = JoinWords({month_name, ordinal, EnglishYear(year)});
      break;
    case en::DateForm::kDayOfMonth:
      phrase = JoinWords({ordinal, "of", month_name});
      break;
    case en::DateForm::kWeekdayDate:
      // The true weekday of that date in `year`, though the year is not said.
      phrase = Chance(rng, 70)
                   ? JoinWords({en::Weekdays()[WeekdayIndex(year, month, day)], month_name, ordinal})
                       : JoinWords({en::Weekdays()[WeekdayIndex(year, month, day)], "the", ordinal});
      break;
    case en::DateForm::kMonthYear:
      phrase = JoinWords({month_name, EnglishYear(year)});
      break;
    case en::DateForm::kWeekday:
      phrase = Pick(rng, en::Weekdays());
      break;
  }
  return FillTemplate(t.pattern, {phrase});
}

// ---- time ---------------------------------------------------------------------------

struct DayPeriod {
  const char* words;
  int first_hour;  // 12-hour clock
  int hours;
};
constexpr DayPeriod kDayPeriods[] = {
    {"in the morning", 5, 7},  // five .. eleven
    {"in the afternoon", 1, 5},
    {"in the evening", 6, 4},
    {"at night", 9, 3},
};

// "three twenty five in the afternoon", "nine oh five", "half past seven", "quarter to
// nine in the morning", "six o'clock", "noon". Never "a m" / "p m", which are letters.
std::string ClockTime(Rng& rng) {
  const uint64_t special = UniformBelow(rng, 20);
  if (special == 0) return "noon";
  if (special == 1) return "midnight";
  int hour = static_cast<int>(UniformInt(rng, 1, 12));
  const char* period = "";
  if (Chance(rng, 60)) {
    const DayPeriod& p = Pick(rng, kDayPeriods);
    hour = p.first_hour + static_cast<int>(UniformBelow(rng, p.hours));
    period = p.words;
  }
  const std::string h = EnglishNumber(hour);
  std::string clock;
  const uint64_t style = UniformBelow(rng, 20);
  if (style < 4) {
    clock = h + " o'clock";
  } else if (style < 7) {
    clock = h;
  } else if (style < 10) {
    clock = "half past " + h;
  } else if (style < 12) {
    clock = "quarter past " + h;
  } else if (style < 14) {
    clock = "quarter to " + h;
  } else {
    const int64_t minute = UniformInt(rng, 1, 59);
    clock = h + (minute < 10 ? " oh " : " ") + EnglishNumber(minute);
  }
  return JoinWords({clock, period});
}

std::string MakeTime(Rng& rng) { return FillTemplate(Pick(rng, en::TimePatterns()), {ClockTime(rng)}); }

// ---- price --------------------------------------------------------------------------

std::string Dollars(int64_t dollars, int64_t cents) {
  std::string out;
  if (dollars > 0) out = EnglishNumber(dollars) + (dollars == 1 ? " dollar" : " dollars");
  if (cents > 0) {
    if (!out.empty()) out += " and ";
    out += EnglishNumber(cents) + (cents == 1 ? " cent" : " cents");
  }
  return out;
}

// Scale 0: under ten dollars with cents; 1: ten to a hundred with cents; 2: a hundred to
// ten thousand, whole or with cents; 3: whole thousands up to a million.
std::string Amount(Rng& rng, int scale) {
  switch (scale) {
    case 0: {
      const int64_t total = UniformInt(rng, 5, 999);
      return Dollars(total / 100, total % 100);
    }
    case 1: {
      const int64_t cents = Chance(rng, 30) ? 0 : UniformInt(rng, 1, 99);
      return Dollars(UniformInt(rng, 10, 99), cents);
    }
    case 2: {
      const int64_t dollars = UniformInt(rng, 100, 9999);
      if (Chance(rng, 30)) return Dollars(dollars, UniformInt(rng, 1, 99));
      if (Chance(rng, 20)) return EnglishNumber(dollars) + (Chance(rng, 50) ? " euros" : " pounds");
      return Dollars(dollars, 0);
    }
    default:
      return Dollars(UniformStep(rng, 10000, 990000, 1000), 0);
  }
}

std::string MakePrice(Rng& rng) {
  const en::PriceTemplate& t = Pick(rng, en::PriceTemplates());
  const int scale = static_cast<int>(UniformInt(rng, t.min_scale, t.max_scale));
  return FillTemplate(t.pattern, {Amount(rng, scale)});
}

// ---- phone / digits -----------------------------------------------------------------

std::string MakePhone(Rng& rng) {
  if (Chance(rng, 8)) return Pick(rng, en::ShortNumbers());
  const std::string area = RandomDigits(rng, 3, true);
  const std::string exchange = RandomDigits(rng, 3, true);
  const std::string line = RandomDigits(rng, 4, false);
  const char* zero = ZeroWord(rng);
  const char* pattern = Pick(rng, en::PhonePatterns());
  return FillTemplate(pattern, {EnglishDigits(area + exchange + line, zero)});
}

std::string MakeDigits(Rng& rng) {
  const en::DigitTemplate& t = Pick(rng, en::DigitTemplates());
  const std::string digits = RandomDigits(rng, t.digits, false);
  const char* zero = ZeroWord(rng);
  return FillTemplate(t.pattern, {EnglishDigits(digits, zero)});
}

}  // namespace

std::unique_ptr<SentenceGenerator> MakeEnglishSentenceGenerator() {
  std::vector<TextKind> kinds = {
      {"sentence", 25, MakeSentence}, {"template", 15, MakeTemplate}, {"number", 10, MakeNumber},
      {"count", 10, MakeCount},       {"date", 10, MakeDate},         {"time", 10, MakeTime},
      {"price", 10, MakePrice},       {"phone", 5, MakePhone},        {"digits", 5, MakeDigits},
  };
  LengthRule length{CountWords, kEnglishMinWords, kEnglishMaxWords, "words"};
  return std::make_unique<WeightedKindGenerator>("en", std::move(kinds), std::move(length));
}

}  // namespace sori
