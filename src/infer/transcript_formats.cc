#include "infer/transcript_formats.h"

#include <cmath>
#include <cstdio>

#include "util/utf8.h"

namespace sori {
namespace {

std::string Subtitles(const Transcript& t, const SegmentRules& rules, char separator) {
  std::string out;
  int index = 1;
  for (const TextSegment& s : GroupSegments(t, rules)) {
    if (separator == ',') out += std::to_string(index++) + "\n";
    out += FormatTimestamp(s.start, separator) + " --> " + FormatTimestamp(s.end, separator) + "\n" + s.text + "\n\n";
  }
  return out;
}

}  // namespace

std::vector<TextSegment> GroupSegments(const Transcript& t, const SegmentRules& rules) {
  std::vector<TextSegment> out;
  float confidence_sum = 0.0f;
  const auto close = [&](size_t end_word) {
    TextSegment& s = out.back();
    s.end_word = end_word;
    s.end = t.words[end_word - 1].end;
    s.confidence = confidence_sum / static_cast<float>(end_word - s.first_word);
  };
  for (size_t i = 0; i < t.words.size(); ++i) {
    const Word& w = t.words[i];
    bool start_new = out.empty();
    if (!start_new) {
      const TextSegment& s = out.back();
      const size_t chars = Utf8ToCodepoints(s.text).size() + 1 + Utf8ToCodepoints(w.text).size();
      start_new = chars > rules.max_chars || w.end - s.start > rules.max_seconds ||
                  w.start - t.words[i - 1].end > rules.max_gap_seconds;
      if (start_new) close(i);
    }
    if (start_new) {
      out.push_back(TextSegment{w.text, w.start, w.end, i, i + 1, w.confidence});
      confidence_sum = 0.0f;
    } else {
      out.back().text += " " + w.text;
    }
    confidence_sum += w.confidence;
  }
  if (!out.empty()) close(t.words.size());
  return out;
}

nlohmann::ordered_json TranscriptToJson(const Transcript& t) {
  nlohmann::ordered_json j;
  j["text"] = t.text;
  j["confidence"] = RoundToMillis(t.confidence);
  j["duration"] = RoundToMillis(t.audio_seconds);
  j["words"] = nlohmann::ordered_json::array();
  for (const Word& w : t.words) {
    j["words"].push_back({{"word", w.text}, {"start", RoundToMillis(w.start)}, {"end", RoundToMillis(w.end)},
                          {"confidence", RoundToMillis(w.confidence)}});
  }
  return j;
}

std::string TranscriptToSrt(const Transcript& t, const SegmentRules& rules) { return Subtitles(t, rules, ','); }

std::string TranscriptToVtt(const Transcript& t, const SegmentRules& rules) {
  return "WEBVTT\n\n" + Subtitles(t, rules, '.');
}

double RoundToMillis(double x) { return std::round(x * 1000.0) / 1000.0; }

std::string FormatTimestamp(double seconds, char millis_separator) {
  const long long ms = std::llround(std::max(0.0, seconds) * 1000.0);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld%c%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
                millis_separator, ms % 1000);
  return buf;
}

}  // namespace sori
