#include "jobs/job_view.h"

#include <cmath>
#include <ctime>

namespace sori {

nlohmann::ordered_json IsoTime(double unix_seconds) {
  if (unix_seconds <= 0) return nullptr;
  const std::time_t whole = static_cast<std::time_t>(std::floor(unix_seconds));
  const int millis = static_cast<int>((unix_seconds - static_cast<double>(whole)) * 1000);
  std::tm tm{};
  gmtime_r(&whole, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof(out), "%s.%03dZ", buf, millis);
  return out;
}

nlohmann::ordered_json JobToJson(const JobRecord& job) {
  nlohmann::ordered_json j;
  j["id"] = job.id;
  j["object"] = "transcription.job";
  j["status"] = job.status;
  j["progress"] = std::round(job.progress * 10) / 10;
  j["created_at"] = IsoTime(job.created_at);
  j["started_at"] = IsoTime(job.started_at);
  j["finished_at"] = IsoTime(job.finished_at);
  j["audio"] = {{"name", job.audio_name}, {"bytes", job.audio_bytes}, {"seconds", std::round(job.audio_seconds * 1000) / 1000}};
  j["options"] = nlohmann::ordered_json::parse(job.options_json.empty() ? "{}" : job.options_json);
  j["metadata"] = job.metadata_json.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json::parse(job.metadata_json);
  j["attempts"] = job.attempts;
  j["model_version"] = job.model_version.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(job.model_version);
  j["error"] = job.error_code.empty() ? nlohmann::ordered_json(nullptr)
                                      : nlohmann::ordered_json{{"code", job.error_code}, {"message", job.error_message}};
  if (!job.callback_url.empty()) {
    j["webhook"] = {{"url", job.callback_url},
                    {"state", job.webhook_state.empty() ? "waiting" : job.webhook_state},
                    {"attempts", job.webhook_attempts},
                    {"next_attempt_at", job.webhook_state == "pending" ? IsoTime(job.webhook_next_at) : nullptr}};
  }
  return j;
}

nlohmann::ordered_json JobToJson(const JobRecord& job, const std::vector<WebhookAttempt>& attempts) {
  nlohmann::ordered_json j = JobToJson(job);
  if (!j.contains("webhook")) return j;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const WebhookAttempt& a : attempts) {
    list.push_back({{"attempt", a.attempt},
                    {"at", IsoTime(a.at)},
                    {"status", a.status == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.status)},
                    {"error", a.error.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.error)},
                    {"seconds", std::round(a.seconds * 1000) / 1000}});
  }
  j["webhook"]["history"] = list;
  return j;
}

}  // namespace sori
