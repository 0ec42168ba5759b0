#include "data/synth/synth_text_en_words.h"

namespace sori::en {
namespace {

// Everyday sentences, grouped by topic. Numbers inside them are spelled as spoken.
constexpr const char* kSentences[] = {
    // greetings and courtesy
    "good morning how are you today",
    "it's nice to finally meet you in person",
    "thank you so much for your help",
    "i'm sorry i'm late the traffic was terrible",
    "don't worry about it it happens to everyone",
    "have a great weekend",
    "see you tomorrow at the office",
    "long time no see how have you been",
    "happy birthday i hope you like the present",
    "congratulations on your new job",
    "take care and get home safely",
    "thanks for coming on such short notice",
    "it was a pleasure working with you",
    "excuse me do you have a minute",
    "welcome back we missed you",
    "good night and sleep well",
    "please make yourself at home",
    "enjoy your meal",
    "i really appreciate everything you've done",
    "let me introduce you to my colleague",
    // requests
    "could you close the door please",
    "would you mind turning the music down",
    "can you send me the report by friday",
    "please wait here for a moment",
    "could you speak a little more slowly",
    "can you help me carry these boxes",
    "would you take a picture of us",
    "please turn off your phones during the show",
    "could you pass me the salt",
    "can you remind me to call my mother tonight",
    "please sign your name at the bottom of the page",
    "could you check if the meeting room is free",
    "would you lend me your umbrella",
    "can you pick up some milk on the way home",
    "please keep the noise down after ten o'clock",
    "could you explain that one more time",
    "can i borrow your charger for a minute",
    "please leave a message after the tone",
    // weather
    "it looks like it's going to rain this afternoon",
    "don't forget your umbrella today",
    "the sky is clear and the air is cool",
    "it's way too hot to go outside right now",
    "we had a lot of snow last night",
    "the wind is really strong this morning",
    "the roads are icy so drive carefully",
    "it's a perfect day for a picnic",
    "the forecast says it will be sunny all week",
    "there's a storm coming in from the west",
    "the fog made it hard to see the road",
    "spring is finally here and the flowers are blooming",
    "it's been raining nonstop since monday",
    "bring a warm jacket because it gets cold at night",
    "the leaves are starting to change color",
    "the heat wave should end by the weekend",
    // food
    "what do you want for lunch",
    "i'll have the chicken salad please",
    "this soup is a little too salty",
    "can we get the check please",
    "let's order a pizza tonight",
    "i'm trying to eat more vegetables",
    "the coffee here is really good",
    "do you have any vegetarian options",
    "i'm allergic to peanuts",
    "breakfast is the most important meal of the day",
    "could i get this to go",
    "the bread is fresh out of the oven",
    "let's grab a bite after work",
    "i burned the rice again",
    "my grandmother makes the best apple pie",
    "we're out of eggs and milk",
    "this restaurant is always crowded on weekends",
    "would you like some more tea",
    "dinner will be ready in a few minutes",
    "i skipped breakfast so i'm starving",
    // transport
    "does this bus go downtown",
    "the next train to the airport leaves soon",
    "you need to change trains at the next station",
    "how long does it take to get there by car",
    "the traffic is really heavy this morning",
    "my flight was delayed because of the weather",
    "where can i buy a ticket",
    "please fasten your seat belt",
    "i usually ride my bike to work",
    "the parking lot is completely full",
    "we missed the last bus home",
    "is this seat taken",
    "please stand clear of the closing doors",
    "let's take a taxi it's getting late",
    "the road is closed for construction",
    "we're stopping for gas at the next exit",
    "my car wouldn't start this morning",
    "the subway is the fastest way to get around",
    // work
    "the meeting has been moved to the afternoon",
    "can we go over the numbers one more time",
    "i'll send you the updated schedule tonight",
    "our team finished the project ahead of time",
    "i'm working from home today",
    "the printer on our floor is out of paper",
    "let's schedule a call for next week",
    "please review the draft before friday",
    "the client approved the new design",
    "i have back to back meetings all day",
    "who's taking notes for this meeting",
    "the deadline has been pushed back a week",
    "i need to finish this presentation first",
    "our manager is on vacation until monday",
    "we're hiring two new engineers this quarter",
    "the server went down during the night",
    "could you share your screen",
    "thanks everyone that's all for today",
    "i'll follow up with an email",
    "sales were up compared to last year",
    // shopping
    "how much does this cost",
    "do you have this in a smaller size",
    "can i try this on",
    "i'd like to pay by card",
    "do you need a bag",
    "is this on sale",
    "i'd like to return this shirt",
    "we only accept cash at the moment",
    "the store closes in fifteen minutes",
    "i'm just looking thanks",
    "can you gift wrap this for me",
    "my package still hasn't arrived",
    "this one is sold out but we can order it",
    "could i have a receipt please",
    "the line at the checkout is really long",
    "these shoes are very comfortable",
    // directions
    "excuse me where is the restroom",
    "is there a pharmacy near here",
    "go straight and turn left at the lights",
    "the bank is right next to the post office",
    "it's about a ten minute walk from here",
    "i think we're lost",
    "take the second street on your right",
    "the museum is across from the park",
    "you can't miss it it's a big red building",
    "keep going until you see the church",
    "the elevator is at the end of the hall",
    "the entrance is around the back",
    "which way is the train station",
    "follow the signs to the parking garage",
    // health
    "i have a terrible headache",
    "i think i'm coming down with a cold",
    "take this medicine three times a day after meals",
    "i'd like to make an appointment with the doctor",
    "drink plenty of water and get some rest",
    "my back has been hurting for a week",
    "i've started running in the mornings",
    "i didn't sleep well last night",
    "you should see a dentist about that tooth",
    "wash your hands before you eat",
    "i twisted my ankle playing soccer",
    "the pharmacy is open until nine tonight",
    "my test results came back normal",
    "stretching after exercise really helps",
    "i got my flu shot yesterday",
    "try to get at least seven hours of sleep",
    // daily life
    "what are you doing this weekend",
    "i finally finished reading that book",
    "the kids are playing in the backyard",
    "i need to do the laundry tonight",
    "have you seen my keys anywhere",
    "my phone battery is almost dead",
    "the internet keeps cutting out",
    "let's watch a movie tonight",
    "i'm going to visit my parents this weekend",
    "we're planning a trip to the mountains",
    "the dog needs to go for a walk",
    "i forgot to water the plants",
    "my sister is moving to a new apartment",
    "i'm learning to play the guitar",
    "the package is sitting by the front door",
    "it's already getting dark outside",
    "i stayed up all night studying for the exam",
    "the library is quiet in the mornings",
    "we should clean the garage this weekend",
    "my neighbor has a very friendly cat",
};

constexpr TimeWord kTimeWords[] = {
    {"yesterday", Tense::kPast},        {"last night", Tense::kPast},
    {"this morning", Tense::kPast},     {"last weekend", Tense::kPast},
    {"on monday", Tense::kPast},        {"two days ago", Tense::kPast},
    {"last summer", Tense::kPast},      {"earlier today", Tense::kPast},
    {"tomorrow", Tense::kFuture},       {"tonight", Tense::kFuture},
    {"next week", Tense::kFuture},      {"this weekend", Tense::kFuture},
    {"later today", Tense::kFuture},    {"on friday", Tense::kFuture},
    {"next summer", Tense::kFuture},    {"after work", Tense::kFuture},
};

constexpr const char* kSubjects[] = {
    "i",          "we",            "my sister",     "my brother",  "our teacher",
    "my friend",  "the kids",      "my parents",    "our neighbor", "the new intern",
    "my grandmother", "the whole team", "my roommate", "my cousin",  "our manager",
    "she",        "he",            "they",
};

constexpr Activity kActivities[] = {
    {"drink a coffee", "drank a coffee", {"at the cafe", "at home", "at the office", nullptr}},
    {"read a book", "read a book", {"at the library", "in the park", "at home", nullptr}},
    {"meet an old friend", "met an old friend", {"downtown", "at the cafe", "at the station", nullptr}},
    {"go for a walk", "went for a walk", {"in the park", "by the river", "around the block", nullptr}},
    {"play tennis", "played tennis", {"at the club", "in the park", nullptr, nullptr}},
    {"cook dinner", "cooked dinner", {"at home", "for the family", nullptr, nullptr}},
    {"watch a movie", "watched a movie", {"at the theater", "at home", nullptr, nullptr}},
    {"buy some bread", "bought some bread", {"at the bakery", "at the store", nullptr, nullptr}},
    {"study for the exam", "studied for the exam", {"at the library", "at home", "at school", nullptr}},
    {"take a nap", "took a nap", {"on the couch", "at home", nullptr, nullptr}},
    {"wash the car", "washed the car", {"in the driveway", "at the car wash", nullptr, nullptr}},
    {"clean the kitchen", "cleaned the kitchen", {"before dinner", "after lunch", nullptr, nullptr}},
    {"work late", "worked late", {"at the office", "at home", nullptr, nullptr}},
    {"go swimming", "went swimming", {"at the pool", "in the lake", "at the beach", nullptr}},
    {"ride a bike", "rode a bike", {"along the river", "in the park", nullptr, nullptr}},
    {"take some photos", "took some photos", {"at the beach", "downtown", "in the garden", nullptr}},
    {"give a presentation", "gave a presentation",
     {"at work", "at school", "at the conference", nullptr}},
    {"paint the fence", "painted the fence", {"in the backyard", "behind the house", nullptr, nullptr}},
    {"visit the museum", "visited the museum", {"downtown", "with the kids", nullptr, nullptr}},
    {"plant some flowers", "planted some flowers",
     {"in the garden", "by the front door", nullptr, nullptr}},
};

constexpr Request kRequests[] = {
    {"open", {"the window", "the door", "the curtains", "this jar"}},
    {"close", {"the window", "the door", "the curtains", nullptr}},
    {"turn on", {"the lights", "the heater", "the radio", "the fan"}},
    {"turn off", {"the lights", "the heater", "the television", "the oven"}},
    {"pass", {"the salt", "the pepper", "the bread", "the water"}},
    {"check", {"my email", "the schedule", "the report", "the tire pressure"}},
    {"send", {"the report", "the photos", "the address", "the invoice"}},
    {"bring", {"the menu", "the bill", "some water", "an extra chair"}},
    {"call", {"a taxi", "the front desk", "the manager", nullptr}},
    {"print", {"the report", "the tickets", "two copies of this", nullptr}},
    {"hold", {"the door", "my bag", "this for a second", nullptr}},
    {"feed", {"the cat", "the dog", "the fish", nullptr}},
};

constexpr const char* kRequestPatterns[] = {
    "could you {} please",        "can you {} for me",        "please {}",
    "would you {} when you have a minute", "don't forget to {}", "i need you to {}",
    "when you get a chance could you {}",
};

constexpr const char* kWeatherDays[] = {
    "today", "tomorrow", "tonight", "this afternoon", "on saturday", "on sunday",
    "later this week", "tomorrow morning",
};

constexpr const char* kCities[] = {
    "seattle", "boston", "chicago", "london", "denver", "miami", "toronto", "sydney",
    "paris", "tokyo", "seoul", "dublin", "houston", "atlanta", "vancouver", "berlin",
};

constexpr const char* kWeatherConditions[] = {
    "sunny",        "cloudy",          "rainy",             "windy",
    "cold",         "warm",            "hot and humid",     "foggy in the morning",
    "mostly clear", "cool and breezy", "stormy",            "snowy",
    "partly cloudy with a chance of showers",
};

constexpr const char* kShopItems[] = {
    "jacket", "bag", "lamp", "chair", "watch", "sweater", "shirt", "scarf", "table",
    "phone case", "hat", "dress", "backpack", "coat", "wallet", "mug",
};

constexpr const char* kShopComments[] = {
    "really nice",           "a bit expensive",   "too small for me",  "very comfortable",
    "on sale today",         "perfect for the office", "lighter than it looks", "exactly what i wanted",
    "a little too bright",   "well made",         "surprisingly cheap",
};

constexpr const char* kColors[] = {
    "blue", "black", "red", "green", "gray", "white", "navy", "brown", "a larger size",
    "a smaller size", "a different color",
};

constexpr const char* kPlaces[] = {
    "pharmacy", "bank", "post office", "train station", "bus stop", "library", "bakery",
    "grocery store", "hospital", "coffee shop", "parking lot", "museum", "gas station",
    "hotel",
};

constexpr const char* kLandmarks[] = {
    "church", "park", "city hall", "school", "bridge", "fire station", "police station",
    "shopping mall", "movie theater", "town square",
};

constexpr const char* kRelations[] = {
    "next to", "across from", "behind", "in front of", "around the corner from",
    "just past", "two blocks from", "right beside",
};

constexpr const char* kBodyParts[] = {
    "head", "back", "neck", "shoulder", "knee", "stomach", "ankle", "wrist", "tooth",
    "ear", "left foot", "right arm",
};

constexpr const char* kPainDetails[] = {
    "",              "a lot",           "a little",     "when i walk",
    "when i sit down", "after running", "all the time", "in the morning",
};

constexpr const char* kSymptoms[] = {
    "a headache", "a sore throat", "a fever", "a bad cough", "a runny nose",
    "a stomach ache", "an earache", "trouble sleeping",
};

constexpr const char* kSymptomSince[] = {
    "yesterday", "last night", "this morning", "monday", "the weekend", "last week",
};

constexpr NumberTemplate kNumberTemplates[] = {
    {"take bus number {} to get downtown", 1, 999, 1},
    {"the {} bus stops right outside", 1, 199, 1},
    {"my room number is {}", 100, 999, 1},
    {"please turn to page {}", 1, 500, 1},
    {"the city is about {} miles from here", 2, 900, 1},
    {"we drove {} kilometers today", 20, 1200, 10},
    {"the discount is {} percent", 5, 80, 5},
    {"my battery is at {} percent", 1, 100, 1},
    {"the temperature will drop to {} degrees tonight", 1, 60, 1},
    {"it was {} degrees in the shade", 70, 110, 1},
    {"the city has a population of about {}", 20000, 9900000, 10000},
    {"the stadium holds {} people", 5000, 99000, 500},
    {"your flight boards at gate {}", 1, 80, 1},
    {"the speed limit here is {} miles per hour", 15, 75, 5},
    {"the company has {} employees", 12, 50000, 1},
    {"the mountain is {} feet tall", 1000, 29000, 1},
    {"the book has {} pages", 80, 1200, 1},
    {"question number {} was the hardest", 1, 50, 1},
    {"turn to channel {} for the news", 2, 99, 1},
    {"our order number is {}", 100, 9999, 1},
    {"the package weighs {} grams", 100, 9900, 100},
    {"i scored {} out of one hundred", 40, 100, 1},
    {"the bridge is {} meters long", 100, 3000, 10},
    {"the project cost about {} dollars", 1000000, 900000000, 1000000},
};

constexpr NumberTemplate kOrdinalTemplates[] = {
    {"the office is on the {} floor", 2, 60, 1},
    {"take the {} exit", 1, 5, 1},
    {"she finished {} in the race", 1, 30, 1},
    {"this is our {} anniversary", 1, 60, 1},
    {"it's the {} house on the left", 1, 9, 1},
};

constexpr NumberTemplate kYearTemplates[] = {
    {"she was born in {}", 1930, 2024, 1},
    {"the bridge was built in {}", 1850, 2020, 1},
    {"we moved to this town in {}", 1970, 2025, 1},
    {"the company was founded in {}", 1880, 2023, 1},
    {"the next olympics are in {}", 2026, 2040, 2},
};

constexpr CountNoun kCountNouns[] = {
    {"apple", "apples", CountUse::kFood, 12},
    {"egg", "eggs", CountUse::kFood, 12},
    {"banana", "bananas", CountUse::kFood, 10},
    {"slice of pizza", "slices of pizza", CountUse::kFood, 6},
    {"loaf of bread", "loaves of bread", CountUse::kFood, 4},
    {"sandwich", "sandwiches", CountUse::kFood, 6},
    {"cookie", "cookies", CountUse::kFood, 20},
    {"cup of coffee", "cups of coffee", CountUse::kDrink, 6},
    {"bottle of water", "bottles of water", CountUse::kDrink, 12},
    {"glass of milk", "glasses of milk", CountUse::kDrink, 4},
    {"cup of tea", "cups of tea", CountUse::kDrink, 5},
    {"book", "books", CountUse::kThing, 20},
    {"ticket", "tickets", CountUse::kThing, 10},
    {"chair", "chairs", CountUse::kThing, 20},
    {"box", "boxes", CountUse::kThing, 30},
    {"pair of shoes", "pairs of shoes", CountUse::kThing, 5},
    {"bag", "bags", CountUse::kThing, 6},
    {"umbrella", "umbrellas", CountUse::kThing, 4},
    {"cat", "cats", CountUse::kAnimal, 4},
    {"dog", "dogs", CountUse::kAnimal, 4},
    {"goldfish", "goldfish", CountUse::kAnimal, 10},
    {"chicken", "chickens", CountUse::kAnimal, 20},
    {"rabbit", "rabbits", CountUse::kAnimal, 5},
    {"person", "people", CountUse::kPerson, 50},
    {"child", "children", CountUse::kPerson, 8},
    {"student", "students", CountUse::kPerson, 40},
    {"guest", "guests", CountUse::kPerson, 60},
};

constexpr CountTemplate kCountTemplates[] = {
    {CountUse::kFood, "i bought {} at the market"},
    {CountUse::kFood, "can i have {} please"},
    {CountUse::kFood, "we need {} for the party"},
    {CountUse::kFood, "she ate {} for lunch"},
    {CountUse::kDrink, "i've had {} today"},
    {CountUse::kDrink, "could we get {} please"},
    {CountUse::kDrink, "he ordered {} for the table"},
    {CountUse::kThing, "i ordered {} online"},
    {CountUse::kThing, "we still need {}"},
    {CountUse::kThing, "she brought {} to the office"},
    {CountUse::kAnimal, "my aunt has {}"},
    {CountUse::kAnimal, "we saw {} in the yard"},
    {CountUse::kAnimal, "the farmer is selling {}"},
    {CountUse::kPerson, "{} came to the meeting"},
    {CountUse::kPerson, "we invited {} to the wedding"},
    {CountUse::kPerson, "the table is set for {}"},
};

constexpr NumberTemplate kPluralTemplates[] = {
    {"my daughter is {} years old", 2, 40, 1},
    {"my grandfather turned {} last month", 60, 99, 1},
    {"we've lived here for {} years", 2, 50, 1},
    {"it takes about {} minutes to get there", 2, 59, 1},
    {"please wait {} more minutes", 2, 30, 1},
    {"the movie is {} minutes long", 80, 190, 1},
    {"i've been working here for {} months", 2, 11, 1},
    {"the hotel is {} blocks from the beach", 2, 12, 1},
    {"we need {} more volunteers", 2, 30, 1},
    {"there are {} students in my class", 10, 40, 1},
    {"the recipe calls for {} eggs", 2, 6, 1},
};

constexpr const char* kMonths[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};

constexpr const char* kWeekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

constexpr DateTemplate kDateTemplates[] = {
    {DateForm::kMonthDay, "my birthday is on {}", 2020, 2030},
    {DateForm::kMonthDay, "the deadline is {}", 2020, 2030},
    {DateForm::kMonthDay, "school starts on {}", 2020, 2030},
    {DateForm::kMonthDayYear, "i was born on {}", 1940, 2020},
    {DateForm::kMonthDayYear, "the contract ends on {}", 2024, 2035},
    {DateForm::kMonthDayYear, "today is {}", 2020, 2030},
    {DateForm::kDayOfMonth, "the store reopens on the {}", 2020, 2030},  // "twenty second of november"
    {DateForm::kDayOfMonth, "we're leaving on the {}", 2020, 2030},
    {DateForm::kWeekdayDate, "today is {}", 2020, 2030},
    {DateForm::kWeekdayDate, "the concert is on {}", 2020, 2030},
    {DateForm::kWeekdayDate, "your appointment is on {}", 2020, 2030},
    {DateForm::kMonthYear, "we moved here in {}", 1970, 2025},
    {DateForm::kMonthYear, "the bridge will open in {}", 2026, 2035},
    {DateForm::kWeekday, "the meeting was moved to {}", 2020, 2030},
    {DateForm::kWeekday, "the museum is closed on {}", 2020, 2030},
    {DateForm::kWeekday, "let's meet again next {}", 2020, 2030},
};

constexpr const char* kTimePatterns[] = {
    "the train leaves at {}",
    "let's meet at {}",
    "it's {}",
    "the store closes at {}",
    "my alarm is set for {}",
    "the movie starts at {}",
    "i'll call you back at {}",
    "the flight lands at {}",
    "dinner is at {}",
    "the meeting was moved to {}",
    "please be here by {}",
    "the pharmacy opens at {}",
};

constexpr PriceTemplate kPriceTemplates[] = {
    {"that comes to {}", 0, 1},
    {"the ticket costs {}", 1, 2},
    {"i paid {} for these shoes", 1, 2},
    {"your total is {}", 0, 2},
    {"the rent is {} a month", 2, 2},
    {"it's on sale for {}", 0, 2},
    {"a cup of coffee here costs {}", 0, 0},
    {"the repair will cost about {}", 2, 3},
    {"they sold the car for {}", 3, 3},
    {"i found {} in my old coat", 0, 1},
    {"the parking fee is {}", 0, 1},
    {"we raised {} for the school", 2, 3},
};

constexpr const char* kPhonePatterns[] = {
    "my number is {}",
    "call me at {}",
    "you can reach our office at {}",
    "for more information call {}",
    "the number for the front desk is {}",
    "did you call from {}",
    "please text me at {}",
};

constexpr const char* kShortNumbers[] = {
    "in an emergency call nine one one",
    "dial nine one one if anyone is hurt",
    "she called nine one one right away",
    "press zero to speak to an operator",
};

constexpr DigitTemplate kDigitTemplates[] = {
    {"your verification code is {}", 6},
    {"the card ends in {}", 4},
    {"my order number is {}", 8},
    {"the zip code is {}", 5},
    {"the door code is {}", 4},
    {"your confirmation number is {}", 6},
    {"please enter the code {}", 4},
    {"the tracking number ends with {}", 6},
    {"my account number is {}", 10},
    {"the serial number is {}", 7},
};

}  // namespace

List<const char*> Sentences() { return ListOf(kSentences); }
List<TimeWord> TimeWords() { return ListOf(kTimeWords); }
List<const char*> Subjects() { return ListOf(kSubjects); }
List<Activity> Activities() { return ListOf(kActivities); }
List<Request> Requests() { return ListOf(kRequests); }
List<const char*> RequestPatterns() { return ListOf(kRequestPatterns); }
List<const char*> WeatherDays() { return ListOf(kWeatherDays); }
List<const char*> Cities() { return ListOf(kCities); }
List<const char*> WeatherConditions() { return ListOf(kWeatherConditions); }
List<const char*> ShopItems() { return ListOf(kShopItems); }
List<const char*> ShopComments() { return ListOf(kShopComments); }
List<const char*> Colors() { return ListOf(kColors); }
List<const char*> Places() { return ListOf(kPlaces); }
List<const char*> Landmarks() { return ListOf(kLandmarks); }
List<const char*> Relations() { return ListOf(kRelations); }
List<const char*> BodyParts() { return ListOf(kBodyParts); }
List<const char*> PainDetails() { return ListOf(kPainDetails); }
List<const char*> Symptoms() { return ListOf(kSymptoms); }
List<const char*> SymptomSince() { return ListOf(kSymptomSince); }
List<NumberTemplate> NumberTemplates() { return ListOf(kNumberTemplates); }
List<NumberTemplate> OrdinalTemplates() { return ListOf(kOrdinalTemplates); }
List<NumberTemplate> YearTemplates() { return ListOf(kYearTemplates); }
List<CountNoun> CountNouns() { return ListOf(kCountNouns); }
List<CountTemplate> CountTemplates() { return ListOf(kCountTemplates); }
List<NumberTemplate> PluralTemplates() { return ListOf(kPluralTemplates); }
List<const char*> Months() { return ListOf(kMonths); }
List<const char*> Weekdays() { return ListOf(kWeekdays); }
List<DateTemplate> DateTemplates() { return ListOf(kDateTemplates); }
List<const char*> TimePatterns() { return ListOf(kTimePatterns); }
List<PriceTemplate> PriceTemplates() { return ListOf(kPriceTemplates); }
List<const char*> PhonePatterns() { return ListOf(kPhonePatterns); }
List<const char*> ShortNumbers() { return ListOf(kShortNumbers); }
List<DigitTemplate> DigitTemplates() { return ListOf(kDigitTemplates); }

}  // namespace sori::en
