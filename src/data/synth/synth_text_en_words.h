// Word lists and templates for the English sentence generator (synth_text_en.cc): the
// hand-written sentences, the vocabulary the "template" kind combines, and the number
// templates. Everything here is lower-case words and spaces, with an apostrophe only
// inside a contraction ("don't"); "{}" marks where the generator puts a number or a
// combined phrase. All lists are constexpr arrays, so they cost nothing at start-up.
#pragma once

#include <cstdint>

#include "data/synth/synth_text_random.h"

namespace sori::en {

// ---- sentence -------------------------------------------------------------------
List<const char*> Sentences();

// ---- template -------------------------------------------------------------------
// Past tense and "will" need no subject-verb agreement, so any subject fits any verb.
enum class Tense { kPast, kFuture };
struct TimeWord {
  const char* word;
  Tense tense;
};
List<TimeWord> TimeWords();
List<const char*> Subjects();
struct Activity {
  const char* base;       // "drink a coffee"
  const char* past;       // "drank a coffee"
  const char* places[4];  // "at the cafe"; unused slots are nullptr
};
List<Activity> Activities();

struct Request {
  const char* verb;        // "open"
  const char* objects[4];  // "the window"; unused slots are nullptr
};
List<Request> Requests();
List<const char*> RequestPatterns();  // "{}" is "open the window"

List<const char*> WeatherDays();
List<const char*> Cities();
List<const char*> WeatherConditions();

List<const char*> ShopItems();       // singular nouns
List<const char*> ShopComments();    // "really nice", ...
List<const char*> Colors();          // "blue", "a larger size", ...

List<const char*> Places();
List<const char*> Landmarks();
List<const char*> Relations();   // "next to", "across from", ...

List<const char*> BodyParts();
List<const char*> PainDetails();   // "", "a lot", "when i walk", ...
List<const char*> Symptoms();      // "a headache", ...
List<const char*> SymptomSince();  // "yesterday", ...

// ---- number ---------------------------------------------------------------------
// One number, a uniform multiple of `step` in [lo, hi].
struct NumberTemplate {
  const char* pattern;  // one "{}"
  int64_t lo;
  int64_t hi;
  int64_t step;
};
List<NumberTemplate> NumberTemplates();   // cardinals
List<NumberTemplate> OrdinalTemplates();  // ordinals ("the fourth floor")
List<NumberTemplate> YearTemplates();     // years ("nineteen eighty eight")

// ---- count ----------------------------------------------------------------------
enum class CountUse { kFood, kDrink, kThing, kAnimal, kPerson };
struct CountNoun {
  const char* singular;
  const char* plural;
  CountUse use;
  int max;
};
List<CountNoun> CountNouns();
struct CountTemplate {
  CountUse use;
  const char* pattern;  // "{}" is "three apples"
};
List<CountTemplate> CountTemplates();
List<NumberTemplate> PluralTemplates();  // "{}" is a number >= 2 before a plural noun

// ---- date / time / price / phone / digits ---------------------------------------
List<const char*> Months();    // january .. december
List<const char*> Weekdays();  // monday .. sunday
enum class DateForm {
  kMonthDay,       // november twenty second
  kMonthDayYear,   // november twenty second twenty twenty six
  kDayOfMonth,     // twenty second of november (the pattern says "the")
  kWeekdayDate,    // saturday november twenty second
  kMonthYear,      // november twenty twenty six
  kWeekday,        // saturday
};
struct DateTemplate {
  DateForm form;
  const char* pattern;  // one "{}"
  int first_year;       // the years its tense fits: past for "was born", future for
  int last_year;        // "will open", around now for "today is"
};
List<DateTemplate> DateTemplates();

List<const char*> TimePatterns();  // "{}" is a clock time ("three twenty five in the afternoon")

// Prices: scales index the amount ranges in synth_text_en.cc (0: under ten dollars
// with cents, 1: under a hundred with cents, 2: whole dollars to ten thousand,
// 3: whole thousands of dollars).
struct PriceTemplate {
  const char* pattern;  // "{}" is the amount with its currency words
  int min_scale;
  int max_scale;
};
List<PriceTemplate> PriceTemplates();

List<const char*> PhonePatterns();  // "{}" is ten digits read one by one
List<const char*> ShortNumbers();   // nine one one in context
struct DigitTemplate {
  const char* pattern;  // "{}" is the digits read one by one
  int digits;
};
List<DigitTemplate> DigitTemplates();

}  // namespace sori::en
