// POST /v1/jobs: the audio (multipart field `file` or `audio`, or the raw body) and the
// job's options, as form fields or query parameters: `response_format` (json | text |
// srt | vtt: the result's default format), `beam`, `callback_url` (http or https; its
// address is vetted against the SSRF policy when the job is submitted and again at each
// delivery), `metadata` (a JSON object, echoed on the job and its webhook). Every
// problem is a sori::Error naming the field.
#pragma once

#include <string>

#include "jobs/job_options.h"
#include "net/url_policy.h"
#include "serve/http_server.h"

namespace sori {

struct JobSubmission {
  std::string audio;
  std::string audio_name;
  JobOptions options;
  std::string callback_url;  // "" if none
  std::string metadata;      // compact JSON object, "" if none
};

struct JobSubmissionLimits {
  size_t max_metadata_bytes = 16 * 1024;
  UrlPolicy callbacks;
};

// Takes the body out of `request`.
JobSubmission ParseJobSubmission(HttpRequest& request, const std::string& query, const JobSubmissionLimits& limits);

}  // namespace sori
