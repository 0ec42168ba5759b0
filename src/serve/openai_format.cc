#include "serve/openai_format.h"

#include <algorithm>
#include <cmath>

#include "infer/transcript_formats.h"
#include "serve/responses.h"

namespace sori {

nlohmann::ordered_json OpenAiVerboseJson(const Transcript& t, const std::string& language, bool words, bool segments) {
  nlohmann::ordered_json j;
  j["task"] = "transcribe";
  j["language"] = language;
  j["duration"] = RoundToMillis(t.audio_seconds);
  j["text"] = t.text;
  if (segments) {
    j["segments"] = nlohmann::ordered_json::array();
    int id = 0;
    for (const TextSegment& s : GroupSegments(t)) {
      // avg_logprob: the log of the segment's mean word confidence (Sori has no
      // per-token log-probability average of Whisper's kind; this is the closest).
      j["segments"].push_back({{"id", id++},
                               {"start", RoundToMillis(s.start)},
                               {"end", RoundToMillis(s.end)},
                               {"text", s.text},
                               {"confidence", RoundToMillis(s.confidence)},
                               {"avg_logprob", std::log(std::max(s.confidence, 1e-6f))}});
    }
  }
  if (words) {
    j["words"] = nlohmann::ordered_json::array();
    for (const Word& w : t.words) {
      j["words"].push_back({{"word", w.text}, {"start", RoundToMillis(w.start)}, {"end", RoundToMillis(w.end)}});
    }
  }
  return j;
}

HttpResponse OpenAiTranscriptionResponse(const TranscribeRequest& req, const Transcript& t) {
  const std::string& format = req.response_format;
  if (format == "json") return JsonResponse(200, {{"text", t.text}});
  if (format == "text") return TextResponse(200, t.text + "\n", "text/plain; charset=utf-8");
  if (format == "srt") return TextResponse(200, TranscriptToSrt(t), "text/plain; charset=utf-8");
  if (format == "vtt") return TextResponse(200, TranscriptToVtt(t), "text/vtt; charset=utf-8");
  return JsonResponse(200, OpenAiVerboseJson(t, req.language, req.words, req.segments));
}

}  // namespace sori
