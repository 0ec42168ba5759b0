#include "jobs/job_options.h"

#include "util/error.h"

namespace sori {

bool IsResultFormat(const std::string& format) {
  return format == "json" || format == "text" || format == "srt" || format == "vtt";
}

void JobOptions::Validate() const {
  if (!IsResultFormat(response_format)) {
    throw Error(ErrorCode::kInvalidInput,
                "response_format must be json, text, srt or vtt, got '" + response_format.substr(0, 40) + "'");
  }
  if (beam < 0 || beam > 64) {
    throw Error(ErrorCode::kInvalidInput, "beam must be an integer in [1, 64], got " + std::to_string(beam));
  }
}

nlohmann::json JobOptions::ToJson() const { return {{"response_format", response_format}, {"beam", beam}}; }

JobOptions JobOptions::FromJson(const std::string& text) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    JobOptions o;
    if (const auto it = j.find("response_format"); it != j.end()) o.response_format = it->get<std::string>();
    if (const auto it = j.find("beam"); it != j.end()) o.beam = it->get<int>();
    return o;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kInternal, std::string("a stored job's options do not parse: ") + e.what());
  }
}

RecognizerOptions JobOptions::Recognition(const RecognizerOptions& defaults) const {
  RecognizerOptions r = defaults;
  if (beam > 0) r.beam = beam;
  return r;
}

std::string CheckJobMetadata(const std::string& text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    throw Error(ErrorCode::kTooLarge, "metadata is " + std::to_string(text.size()) + " bytes; the limit is " +
                                          std::to_string(max_bytes) + " bytes");
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw Error(ErrorCode::kInvalidInput, "metadata must be a JSON object, e.g. {\"call\": \"1234\"}; it does not parse as JSON");
  }
  if (!j.is_object()) throw Error(ErrorCode::kInvalidInput, "metadata must be a JSON object, got a JSON " + std::string(j.type_name()));
  return j.dump();
}

}  // namespace sori
