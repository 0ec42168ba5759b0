// OpenAI's transcription answers (POST /v1/audio/transcriptions): `response_format`
// json ({"text"}), text, srt, vtt, or verbose_json (task, language, duration, text, and
// the segments and/or words asked for by `timestamp_granularities[]`).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "infer/transcript.h"
#include "serve/http_server.h"
#include "serve/transcribe_request.h"

namespace sori {

HttpResponse OpenAiTranscriptionResponse(const TranscribeRequest& request, const Transcript& transcript);

// verbose_json's body.
nlohmann::ordered_json OpenAiVerboseJson(const Transcript& transcript, const std::string& language, bool words,
                                         bool segments);

}  // namespace sori
