// A finished job's results: the transcript written once, in every format a client may
// ask for, into the job's folder (result.json, result.txt, result.srt, result.vtt), each
// file atomically, so reading a result never needs the model or the audio again.
#pragma once

#include <string>

#include "infer/transcript.h"

namespace sori {

// Writes the four files into `job_dir`.
void WriteJobResults(const std::string& job_dir, const Transcript& transcript, const std::string& model_version);
// The file holding `format` (json | text | srt | vtt).
std::string JobResultPath(const std::string& job_dir, const std::string& format);
// The content type of `format`.
std::string JobResultContentType(const std::string& format);

}  // namespace sori
