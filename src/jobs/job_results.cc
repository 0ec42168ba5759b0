#include "jobs/job_results.h"

#include "infer/transcript_formats.h"
#include "util/fs.h"

namespace sori {

void WriteJobResults(const std::string& job_dir, const Transcript& transcript, const std::string& model_version) {
  nlohmann::ordered_json json = TranscriptToJson(transcript);
  json["model_version"] = model_version;
  WriteFileAtomic(JobResultPath(job_dir, "json"), json.dump() + "\n");
  WriteFileAtomic(JobResultPath(job_dir, "text"), transcript.text + "\n");
  WriteFileAtomic(JobResultPath(job_dir, "srt"), TranscriptToSrt(transcript));
  WriteFileAtomic(JobResultPath(job_dir, "vtt"), TranscriptToVtt(transcript));
}

std::string JobResultPath(const std::string& job_dir, const std::string& format) {
  const std::string ext = format == "text" ? "txt" : format;
  return job_dir + "/result." + ext;
}

std::string JobResultContentType(const std::string& format) {
  if (format == "json") return "application/json";
  if (format == "srt") return "application/x-subrip; charset=utf-8";
  if (format == "vtt") return "text/vtt; charset=utf-8";
  return "text/plain; charset=utf-8";
}

}  // namespace sori
