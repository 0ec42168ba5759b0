#include "serve/job_request.h"

#include "serve/multipart.h"
#include "serve/transcribe_request.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {

JobSubmission ParseJobSubmission(HttpRequest& request, const std::string& query, const JobSubmissionLimits& limits) {
  // The fields are read before the audio is taken out of the body (they are views into it).
  std::vector<FormPart> parts;
  const std::string content_type(request[boost::beast::http::field::content_type]);
  const bool multipart = StartsWith(AsciiLower(content_type), "multipart/");
  if (multipart) parts = ParseMultipart(request.body(), MultipartBoundary(content_type));
  const auto field = [&](const std::string& name) {
    const FormPart* p = FindPart(parts, name);
    return p ? std::string(p->data) : QueryParam(query, name);
  };
  JobSubmission out;
  if (const std::string format = field("response_format"); !format.empty()) out.options.response_format = format;
  out.callback_url = field("callback_url");
  if (const std::string metadata = field("metadata"); !metadata.empty()) {
    out.metadata = CheckJobMetadata(metadata, limits.max_metadata_bytes);
  }
  if (!out.callback_url.empty()) {
    try {
      VetUrl(out.callback_url, limits.callbacks);
    } catch (const Error& e) {
      throw Error(e.code(), std::string("callback_url: ") + e.what());
    }
  }
  TranscribeRequest audio = ParseTranscribeRequest(request, false, query, RecognizerOptions{});
  out.options.beam = audio.options.beam;
  out.options.Validate();
  out.audio = std::move(audio.audio);
  out.audio_name = audio.audio_name;
  return out;
}

}  // namespace sori
