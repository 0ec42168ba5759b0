// The fields of a transcription request, read and checked before any audio is decoded:
// Sori's POST /v1/transcribe (multipart field `audio` or a raw audio body; `beam` as a
// form field or in the query) and OpenAI's POST /v1/audio/transcriptions (multipart
// `file`, `model`, `language`, `prompt`, `temperature` accepted, `response_format`,
// `timestamp_granularities[]`). Every problem is Error(kInvalidInput) naming the field.
#pragma once

#include <string>

#include "infer/recognizer.h"
#include "serve/http_server.h"

namespace sori {

struct TranscribeRequest {
  std::string audio;       // the audio file's bytes
  std::string audio_name;  // for messages (the decoder quotes it): "clip.wav" or "request body"
  RecognizerOptions options;
  std::string response_format = "json";  // json | text | srt | vtt | verbose_json (OpenAI)
  bool words = false;                    // verbose_json: word timestamps
  bool segments = false;                 // verbose_json: segment timestamps
  std::string language;                  // as given (checked), echoed by verbose_json
  std::string model;                     // the model asked for (`model` field or ?model=), "" if none
};

// Takes the body out of `request`. `query` is the target's part after '?'.
TranscribeRequest ParseTranscribeRequest(HttpRequest& request, bool openai, const std::string& query,
                                         const RecognizerOptions& defaults);

// A language tag as OpenAI takes it ("ko", "en", "en-US", "yue"): 2-3 letters and up
// to three subtags of 1-8 letters or digits. Throws Error(kInvalidInput) otherwise.
void CheckLanguageTag(const std::string& language);

// The value of `key` in an "a=1&b=2" query ("" when absent).
std::string QueryParam(std::string_view query, const std::string& key);

}  // namespace sori
