// What a client asks of a job besides its audio, checked once when the job is submitted
// and stored with it as JSON (JobRecord::options_json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "infer/recognizer.h"

namespace sori {

struct JobOptions {
  std::string response_format = "json";  // the default format of the result: json | text | srt | vtt
  int beam = 0;                          // as RecognizerOptions::beam; 0: the server's default

  // Error(kInvalidInput) naming the field and what is accepted.
  void Validate() const;
  nlohmann::json ToJson() const;
  // From the stored JSON; a row that does not parse is Error(kInternal).
  static JobOptions FromJson(const std::string& text);
  // The server's defaults with this job's beam.
  RecognizerOptions Recognition(const RecognizerOptions& defaults) const;
};

// Result formats a job's result can be read in.
bool IsResultFormat(const std::string& format);

// The client's `metadata`: a JSON object of at most `max_bytes` serialized, returned
// compact. Error(kInvalidInput) for text that is not a JSON object, kTooLarge when it
// exceeds max_bytes.
std::string CheckJobMetadata(const std::string& text, size_t max_bytes);

}  // namespace sori
