#include "data/synth/synth_text_ko.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "data/synth/synth_text_calendar.h"
#include "data/synth/synth_text_kinds.h"
#include "data/synth/synth_text_korean_numbers.h"
#include "data/synth/synth_text_korean_particles.h"
#include "data/synth/synth_text_ko_words.h"
#include "data/synth/synth_text_random.h"
#include "util/error.h"

namespace sori {
namespace {

using Rng = std::mt19937_64;

std::string Attach(const std::string& phrase, ko::Tail tail) {
  switch (tail) {
    case ko::Tail::kNone:
      return phrase;
    case ko::Tail::kSubject:
      return WithParticle(phrase, KoreanParticle::kSubject);
    case ko::Tail::kTopic:
      return WithParticle(phrase, KoreanParticle::kTopic);
    case ko::Tail::kObject:
      return WithParticle(phrase, KoreanParticle::kObject);
    case ko::Tail::kDirection:
      return WithParticle(phrase, KoreanParticle::kDirection);
    case ko::Tail::kCopula:
      return WithParticle(phrase, KoreanParticle::kCopula);
  }
  throw Error(ErrorCode::kInternal, "unknown Korean template tail");
}

std::string Fill(const ko::Pattern& pattern, const std::string& phrase) {
  return FillTemplate(pattern.text, {Attach(phrase, pattern.tail)});
}

int64_t Draw(Rng& rng, const ko::NumberTemplate& t) { return UniformStep(rng, t.lo, t.hi, t.step); }

// `count` random ASCII digits; the first is 1..9 if `first_nonzero`.
std::string RandomDigits(Rng& rng, int count, bool first_nonzero) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    const bool nonzero = first_nonzero && i == 0;
    out += static_cast<char>('0' + UniformInt(rng, nonzero ? 1 : 0, 9));
  }
  return out;
}

// ---- sentence ---------------------------------------------------------------------

std::string MakeSentence(Rng& rng) {
  const std::string first = Pick(rng, ko::Sentences());
  // Sometimes two in a row, as a speaker would say them: more often after a short one
  // (espeak-ng says eight syllables in about two seconds), for longer utterances.
  const bool short_one = CountHangulSyllables(first) <= 8;
  if (Chance(rng, short_one ? 50 : 15)) return first + " " + Pick(rng, ko::Sentences());
  return first;
}

// ---- template -----------------------------------------------------------------------

std::string MakeActivity(Rng& rng) {
  const ko::TimeWord& when = Pick(rng, ko::TimeWords());
  const ko::Activity& what = Pick(rng, ko::Activities());
  size_t places = 0;
  while (places < 4 && what.places[places] != nullptr) ++places;
  const std::string place = std::string(what.places[UniformBelow(rng, places)]) + "에서";
  const char* verb = when.tense == ko::Tense::kPast      ? what.past
                     : when.tense == ko::Tense::kPresent ? what.present
                                                         : what.future;
  const std::string subject = WithParticle(Pick(rng, ko::Subjects()), KoreanParticle::kTopic);
  return JoinWords({subject, when.word, place, verb});
}

std::string MakeRequest(Rng& rng) {
  const ko::Request& request = Pick(rng, ko::Requests());
  size_t verbs = 0;
  while (verbs < 3 && request.verbs[verbs] != nullptr) ++verbs;
  const char* verb = request.verbs[UniformBelow(rng, verbs)];
  return JoinWords({Pick(rng, ko::RequestOpeners()),
                    WithParticle(request.object, KoreanParticle::kObject),
                    Chance(rng, 50) ? "좀" : "", verb, Pick(rng, ko::RequestEndings())});
}

std::string MakeForecast(Rng& rng) {
  return JoinWords({Pick(rng, ko::WeatherDays()),
                    WithParticle(Pick(rng, ko::Regions()), KoreanParticle::kTopic),
                    Pick(rng, ko::ForecastWeather())});
}

std::string MakeShopComment(Rng& rng) {
  const std::string item = Pick(rng, ko::ShopItems());
  return JoinWords({"이", Chance(rng, 50) ? WithParticle(item, KoreanParticle::kTopic) : item,
                    Pick(rng, ko::Intensifiers()), Pick(rng, ko::ItemComments())});
}

std::string MakeDirections(Rng& rng) {
  const std::string place = Pick(rng, ko::Places());
  if (Chance(rng, 40)) return Fill(Pick(rng, ko::PlaceQuestions()), place);
  return JoinWords({WithParticle(place, KoreanParticle::kTopic), Pick(rng, ko::Landmarks()),
                    Pick(rng, ko::Relations()), "있어요"});
}

std::string MakeSymptom(Rng& rng) {
  return JoinWords({Pick(rng, ko::SymptomSince()),
                    WithParticle(Pick(rng, ko::BodyParts()), KoreanParticle::kSubject),
                    Pick(rng, ko::SymptomEndings())});
}

std::string MakeTemplate(Rng& rng) {
  static constexpr std::string (*kMakers[])(Rng&) = {
      MakeActivity, MakeActivity, MakeRequest, MakeForecast, MakeShopComment, MakeDirections,
      MakeSymptom,
  };
  return Pick(rng, kMakers)(rng);
}

// ---- sino_number --------------------------------------------------------------------

std::string MakeSinoNumber(Rng& rng) {
  switch (UniformBelow(rng, 10)) {
    case 0: {  // apartment: 백일 동 천이백삼 호
      const int64_t building = UniformInt(rng, 101, 130);
      const int64_t unit = UniformInt(rng, 1, 25) * 100 + UniformInt(rng, 1, 6);
      return SinoKoreanNumber(building) + " 동 " + SinoKoreanNumber(unit) + " 호로 배달해 주세요";
    }
    case 1: {  // school grade and class
      const int64_t grade = UniformInt(rng, 1, 6);
      const int64_t group = UniformInt(rng, 1, 12);
      return "저는 " + SinoKoreanNumber(grade) + " 학년 " + SinoKoreanNumber(group) + " 반이에요";
    }
    case 2: {  // decimal: 삼 점 오 퍼센트
      const int64_t whole = UniformInt(rng, 0, 9);
      const int64_t tenths = UniformInt(rng, 1, 9);
      const std::string rate = SinoKoreanNumber(whole) + " 점 " + SinoKoreanNumber(tenths);
      return Chance(rng, 50) ? "금리가 " + rate + " 퍼센트로 올랐어요"
                             : "올해 경제 성장률은 " + rate + " 퍼센트로 예상됩니다";
    }
    case 3: {  // score: 이 대 일로 이겼어요
      const int64_t winner = UniformInt(rng, 1, 9);
      const int64_t loser = UniformInt(rng, 0, winner - 1);
      return "우리 팀이 " + SinoKoreanNumber(winner) + " 대 " +
             WithParticle(SinoKoreanNumber(loser), KoreanParticle::kDirection) + " 이겼어요";
    }
    default: {
      const ko::NumberTemplate& t = Pick(rng, ko::SinoTemplates());
      return FillTemplate(t.pattern, {SinoKoreanNumber(Draw(rng, t))});
    }
  }
}

// ---- native_count -------------------------------------------------------------------

std::string MakeNativeCount(Rng& rng) {
  const uint64_t choice = UniformBelow(rng, 20);
  if (choice < 10) {  // 사과 세 개를 먹었어요
    const ko::CountNoun& noun = Pick(rng, ko::CountNouns());
    std::vector<const ko::CountTemplate*> fitting;
    for (const ko::CountTemplate& t : ko::CountTemplates()) {
      if (t.use == noun.use) fitting.push_back(&t);
    }
    const ko::CountTemplate& t = *fitting[UniformBelow(rng, fitting.size())];
    const int count = static_cast<int>(UniformInt(rng, 1, noun.max));
    const std::string phrase = JoinWords({noun.noun, NativeKoreanNumber(count, true), noun.counter});
    return Fill(t.pattern, phrase);
  }
  if (choice < 16) {  // 서른다섯 살이에요, 세 시간씩
    const ko::NumberTemplate& t = Pick(rng, ko::NativeTemplates());
    return FillTemplate(t.pattern, {NativeKoreanNumber(static_cast<int>(Draw(rng, t)), true)});
  }
  // Both systems in one sentence: native hours or ages, Sino minutes or years.
  if (choice < 18) {
    const int hours = static_cast<int>(UniformInt(rng, 1, 12));
    const int64_t minutes = UniformStep(rng, 5, 55, 5);
    return NativeKoreanNumber(hours, true) + " 시간 " + SinoKoreanNumber(minutes) + " 분 걸렸어요";
  }
  const int age = static_cast<int>(UniformInt(rng, 4, 15));
  const int64_t years = UniformInt(rng, 1, 20);
  return NativeKoreanNumber(age, true) + " 살 때부터 " + SinoKoreanNumber(years) +
         " 년 동안 피아노를 배웠어요";
}

// ---- date ---------------------------------------------------------------------------

std::string MonthDay(int month, int day) {
  return KoreanMonthName(month) + " " + SinoKoreanNumber(day) + " 일";
}

std::string Year(int year) { return SinoKoreanNumber(year) + " 년"; }

std::string MakeDate(Rng& rng) {
  const ko::DateTemplate& t = Pick(rng, ko::DateTemplates());
  const int year = static_cast<int>(UniformInt(rng, t.first_year, t.last_year));
  const int month = static_cast<int>(UniformInt(rng, 1, 12));
  const int days = DaysInMonth(year, month);
  const int day = static_cast<int>(UniformInt(rng, 1, days));
  std::string phrase;
  switch (t.form) {
    case ko::DateForm::kYearMonthDay:
      phrase = Year(year) + " " + MonthDay(month, day);
      if (Chance(rng, 50)) phrase += std::string(" ") + ko::Weekdays()[WeekdayIndex(year, month, day)];
      break;
    case ko::DateForm::kMonthDay:
      phrase = MonthDay(month, day);
      break;
    case ko::DateForm::kMonthDayWeekday:
      phrase = MonthDay(month, day) + " " + ko::Weekdays()[WeekdayIndex(year, month, day)];
      break;
    case ko::DateForm::kYearMonth:
      phrase = Year(year) + " " + KoreanMonthName(month);
      break;
    case ko::DateForm::kWeekday:
      phrase = Pick(rng, ko::Weekdays());
      break;
    case ko::DateForm::kDayRange: {
      const int first = static_cast<int>(UniformInt(rng, 1, days - 1));
      const int last = static_cast<int>(UniformInt(rng, first + 1, std::min(days, first + 14)));
      phrase = MonthDay(month, first) + "부터 " + SinoKoreanNumber(last) + " 일";
      break;
    }
  }
  return FillTemplate(t.pattern, {phrase});
}

// ---- time ---------------------------------------------------------------------------

// "오후 세 시 이십오 분", "아침 여덟 시 반", "열두 시 정각": hours native, minutes Sino.
std::string ClockTime(Rng& rng, bool with_period) {
  int hour = static_cast<int>(UniformInt(rng, 1, 12));
  std::string out;
  if (with_period) {
    const ko::TimePeriod& period = Pick(rng, ko::TimePeriods());
    hour = (period.first_hour - 1 + static_cast<int>(UniformBelow(rng, period.hours))) % 12 + 1;
    out = std::string(period.word) + " ";
  }
  out += NativeKoreanNumber(hour, true) + " 시";
  const uint64_t minutes = UniformBelow(rng, 20);
  if (minutes < 7) return out;                                    // on the hour
  if (minutes < 10) return out + " 반";                           // half past
  if (minutes < 11) return out + " 정각";                         // sharp
  return out + " " + SinoKoreanNumber(UniformInt(rng, 1, 59)) + " 분";
}

std::string MakeTime(Rng& rng) {
  const uint64_t choice = UniformBelow(rng, 10);
  if (choice == 0) {  // 세 시 십 분 전: minutes before the hour
    const int hour = static_cast<int>(UniformInt(rng, 1, 12));
    const int64_t minutes = UniformStep(rng, 5, 15, 5);
    return "지금 " + NativeKoreanNumber(hour, true) + " 시 " + SinoKoreanNumber(minutes) +
           " 분 전이에요";
  }
  if (choice == 1) {  // 오후 두 시부터 네 시 반까지
    const char* period = Chance(rng, 50) ? "오전" : "오후";
    const int first = static_cast<int>(UniformInt(rng, 1, 9));
    const int last = static_cast<int>(UniformInt(rng, first + 1, 11));
    const char* half = Chance(rng, 30) ? " 반" : "";
    return std::string("회의는 ") + period + " " + NativeKoreanNumber(first, true) + " 시부터 " +
           NativeKoreanNumber(last, true) + " 시" + half + "까지예요";
  }
  const ko::Pattern& pattern = Pick(rng, ko::TimePatterns());
  const bool with_period = Chance(rng, 75);
  return Fill(pattern, ClockTime(rng, with_period));
}

// ---- price --------------------------------------------------------------------------

// Amounts in won by scale: 0 hundreds (백 .. 구천구백), 1 tens of thousands (만 ..
// 구십구만), 2 millions (백만 .. 구천구백만), 3 hundreds of millions (일억 .. 삼십억).
int64_t Amount(Rng& rng, int scale) {
  switch (scale) {
    case 0:
      return UniformStep(rng, 100, 9900, 100);
    case 1: {
      static constexpr int64_t kSteps[] = {500, 1000, 1000, 10000};
      const int64_t step = Pick(rng, kSteps);
      return UniformStep(rng, 10000, 990000, step);
    }
    case 2: {
      static constexpr int64_t kSteps[] = {10000, 100000, 1000000};
      const int64_t step = Pick(rng, kSteps);
      return UniformStep(rng, 1000000, 99000000, step);
    }
    default:
      return UniformStep(rng, 100000000, 3000000000, 10000000);
  }
}

std::string MakePrice(Rng& rng) {
  if (Chance(rng, 15)) {
    const ko::NumberTemplate& t = Pick(rng, ko::ForeignMoneyTemplates());
    return FillTemplate(t.pattern, {SinoKoreanNumber(Draw(rng, t))});
  }
  const ko::PriceTemplate& t = Pick(rng, ko::PriceTemplates());
  const int scale = static_cast<int>(UniformInt(rng, t.min_scale, t.max_scale));
  return FillTemplate(t.pattern, {SinoKoreanNumber(Amount(rng, scale)) + " 원"});
}

// ---- phone / digits -----------------------------------------------------------------

// Digit groups read one digit at a time; between groups a pause (space) or, as many
// speakers say the hyphen, "에".
std::string ReadGroups(Rng& rng, const std::vector<std::string>& groups) {
  const char* separator = Chance(rng, 20) ? "에 " : " ";
  std::string out;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i > 0) out += separator;
    out += KoreanDigits(groups[i]);
  }
  return out;
}

std::string MakePhone(Rng& rng) {
  const uint64_t choice = UniformBelow(rng, 20);
  if (choice == 0) return Pick(rng, ko::EmergencyCalls());
  std::vector<std::string> groups;
  if (choice < 13) {  // mobile: 010 1234 5678
    groups = {"010", RandomDigits(rng, 4, false), RandomDigits(rng, 4, false)};
  } else if (choice < 17) {  // landline: 02 123 4567, 031 1234 5678
    groups = {Pick(rng, ko::AreaCodes()), RandomDigits(rng, Chance(rng, 50) ? 3 : 4, true),
              RandomDigits(rng, 4, false)};
  } else {  // nationwide service numbers: 1588 1234
    static constexpr const char* kPrefixes[] = {"1588", "1577", "1544", "1644", "1566", "1600"};
    groups = {Pick(rng, kPrefixes), RandomDigits(rng, 4, false)};
  }
  const ko::Pattern& pattern = Pick(rng, ko::PhonePatterns());
  return Fill(pattern, ReadGroups(rng, groups));
}

std::string MakeDigits(Rng& rng) {
  if (Chance(rng, 20)) {  // car plate: 십이 가 삼사오육
    const int64_t front = UniformInt(rng, 10, 99);
    const std::string letter = Pick(rng, ko::PlateLetters());
    const std::string back = RandomDigits(rng, 4, true);
    const std::string plate = SinoKoreanNumber(front) + " " + letter + " " + KoreanDigits(back);
    return Fill(Pick(rng, ko::PlatePatterns()), plate);
  }
  const ko::DigitTemplate& t = Pick(rng, ko::DigitTemplates());
  std::vector<std::string> groups;
  for (int size : t.groups) {
    if (size == 0) break;
    groups.push_back(RandomDigits(rng, size, false));
  }
  return Fill(t.pattern, ReadGroups(rng, groups));
}

}  // namespace

std::unique_ptr<SentenceGenerator> MakeKoreanSentenceGenerator() {
  std::vector<TextKind> kinds = {
      {"sentence", 25, MakeSentence},   {"template", 15, MakeTemplate},
      {"sino_number", 10, MakeSinoNumber}, {"native_count", 10, MakeNativeCount},
      {"date", 10, MakeDate},           {"time", 10, MakeTime},
      {"price", 10, MakePrice},         {"phone", 5, MakePhone},
      {"digits", 5, MakeDigits},
  };
  LengthRule length{CountHangulSyllables, kKoreanMinSyllables, kKoreanMaxSyllables, "syllables"};
  return std::make_unique<WeightedKindGenerator>("ko", std::move(kinds), std::move(length));
}

}  // namespace sori
