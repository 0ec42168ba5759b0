// A transcript written out for people and programs: plain text, Sori's JSON, subtitles
// (SubRip, WebVTT), and the segment grouping those and OpenAI's verbose_json share.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "infer/transcript.h"

namespace sori {

// A run of words shown together: a subtitle cue, or one of verbose_json's segments.
struct TextSegment {
  std::string text;
  double start = 0.0, end = 0.0;  // seconds
  size_t first_word = 0, end_word = 0;  // words[first_word, end_word)
  float confidence = 0.0f;        // mean of the words' confidences
};

struct SegmentRules {
  size_t max_chars = 84;        // two subtitle lines of 42
  double max_seconds = 7.0;     // a cue longer than this is hard to read along
  double max_gap_seconds = 1.0; // a pause this long starts a new segment
};

std::vector<TextSegment> GroupSegments(const Transcript& t, const SegmentRules& rules = {});

// Sori's own shape: {text, confidence, duration, words:[{word,start,end,confidence}]}.
nlohmann::ordered_json TranscriptToJson(const Transcript& t);
std::string TranscriptToSrt(const Transcript& t, const SegmentRules& rules = {});
std::string TranscriptToVtt(const Transcript& t, const SegmentRules& rules = {});

// Seconds (or a 0..1 confidence) rounded to three decimals, as every JSON output writes them.
double RoundToMillis(double x);

// "00:01:02,345" (SubRip) or "00:01:02.345" (WebVTT).
std::string FormatTimestamp(double seconds, char millis_separator);

}  // namespace sori
