// Word lists and templates for the Korean sentence generator (synth_text_ko.cc): the
// hand-written sentences, the vocabulary the "template" kind combines, and the number
// templates. Everything here is Hangul and spaces only; "{}" marks where the generator
// puts a number or a combined phrase. All lists are constexpr arrays, so they cost
// nothing at start-up and have no initialization order.
#pragma once

#include <cstdint>

#include "data/synth/synth_text_random.h"

namespace sori::ko {

// How the phrase that fills a template's "{}" ends: as it is, or with a particle that
// depends on its last syllable (synth_text_korean_particles.h).
enum class Tail { kNone, kSubject, kTopic, kObject, kDirection, kCopula };

// A pattern with one "{}" and what is attached to the phrase put there.
struct Pattern {
  const char* text;
  Tail tail;
};

// ---- sentence -------------------------------------------------------------------
List<const char*> Sentences();

// ---- template -------------------------------------------------------------------
enum class Tense { kPast, kPresent, kFuture };
struct TimeWord {
  const char* word;
  Tense tense;
};
List<TimeWord> TimeWords();
List<const char*> Subjects();  // the topic particle is attached by the generator

// An activity in its three polite forms, and places where it is done ("에서").
struct Activity {
  const char* past;
  const char* present;
  const char* future;
  const char* places[4];  // unused slots are nullptr
};
List<Activity> Activities();

// "{object}{을/를} {verb} {ending}", verbs in their 아/어 form ("열어", "꺼").
struct Request {
  const char* object;
  const char* verbs[3];  // unused slots are nullptr
};
List<Request> Requests();
List<const char*> RequestOpeners();  // "죄송한데", "혹시", ...; may be empty ""
List<const char*> RequestEndings();  // "주세요", "주시겠어요", ...

List<const char*> WeatherDays();
List<const char*> Regions();
List<const char*> ForecastWeather();  // "맑겠습니다", ...

List<const char*> ShopItems();
List<const char*> Intensifiers();
List<const char*> ItemComments();  // "예쁘네요", ...

List<const char*> Places();     // what someone looks for: 약국, 편의점, ...
List<const char*> Landmarks();  // what it is near: 시청, 공원, ...
List<const char*> Relations();  // 바로 옆, 맞은편, ...
List<Pattern> PlaceQuestions();  // "{}" is a place

List<const char*> BodyParts();
List<const char*> SymptomSince();    // 어제부터, ...
List<const char*> SymptomEndings();  // "아파요", ...

// ---- sino_number ----------------------------------------------------------------
// One number: a uniform multiple of `step` in [lo, hi].
struct NumberTemplate {
  const char* pattern;  // one "{}"
  int64_t lo;
  int64_t hi;
  int64_t step;
};
List<NumberTemplate> SinoTemplates();

// ---- native_count ---------------------------------------------------------------
enum class CountUse { kFood, kDrink, kThing, kAnimal, kPerson, kPlant, kFlower };
struct CountNoun {
  const char* noun;
  const char* counter;
  CountUse use;
  int max;  // the largest count that sounds natural for it
};
List<CountNoun> CountNouns();
// "{}" is a counted phrase ("사과 세 개") with `tail` attached.
struct CountTemplate {
  CountUse use;
  Pattern pattern;
};
List<CountTemplate> CountTemplates();
// "{}" is a native attributive number (the counter is in the pattern).
List<NumberTemplate> NativeTemplates();

// ---- date -----------------------------------------------------------------------
List<const char*> Weekdays();  // 월요일 .. 일요일, Monday first
enum class DateForm {
  kYearMonthDay,     // 이천이십육 년 십일월 이십이 일 (with its true weekday half the time)
  kMonthDay,         // 십일월 이십이 일
  kMonthDayWeekday,  // 십일월 이십이 일 일요일 (true for a year the text does not say)
  kYearMonth,        // 이천이십육 년 십일월
  kWeekday,          // 토요일
  kDayRange,         // 십일월 이십이 일부터 이십오 일
};
struct DateTemplate {
  DateForm form;
  const char* pattern;  // one "{}"
  int first_year;       // the years its tense fits: past for "was born", future for
  int last_year;        // "will open", around now for "today is"
};
List<DateTemplate> DateTemplates();

// ---- time -----------------------------------------------------------------------
struct TimePeriod {
  const char* word;  // 오전, 오후, 아침, ...
  int first_hour;    // 12-hour clock, 1..12
  int hours;         // hours it covers from first_hour (wrapping 12 -> 1)
};
List<TimePeriod> TimePeriods();
List<Pattern> TimePatterns();  // "{}" is a clock time ("오후 세 시 이십오 분")

// ---- price ----------------------------------------------------------------------
// `min_scale`..`max_scale` index the amount scales in synth_text_ko.cc
// (0: hundreds of won, 1: tens of thousands, 2: millions, 3: hundreds of millions).
struct PriceTemplate {
  const char* pattern;  // "{}" is the amount in words followed by " 원"
  int min_scale;
  int max_scale;
};
List<PriceTemplate> PriceTemplates();
List<NumberTemplate> ForeignMoneyTemplates();  // dollars, yen, euros: Sino numbers too

// ---- phone / digits ---------------------------------------------------------------
List<const char*> AreaCodes();  // "02", "031", ... as ASCII digits
List<Pattern> PhonePatterns();   // "{}" is the number read digit by digit
List<const char*> EmergencyCalls();  // 일일구, 일일이 in context
struct DigitTemplate {
  Pattern pattern;  // "{}" is the digit groups
  int groups[4];    // digits per group; 0 ends the list
};
List<DigitTemplate> DigitTemplates();
List<const char*> PlateLetters();  // the Hangul letter of a car plate: 가, 나, ...
List<Pattern> PlatePatterns();     // "{}" is a plate ("십이 가 삼사오육")

}  // namespace sori::ko
