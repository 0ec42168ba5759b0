#include "jobs/webhook_sender.h"

#include <spdlog/spdlog.h>

#include <future>
#include <vector>

#include "jobs/job_results.h"
#include "jobs/job_view.h"
#include "net/http_client.h"
#include "net/webhook_signature.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {

void WebhookConfig::Validate() const {
  policy.Validate();
  schedule.Validate();
  if (!(timeout_seconds >= 0.1 && timeout_seconds <= 300)) {
    throw Error(ErrorCode::kInvalidInput, "webhook timeout must be in [0.1, 300] seconds, got " + std::to_string(timeout_seconds));
  }
  if (parallel < 1 || parallel > 64) {
    throw Error(ErrorCode::kInvalidInput, "webhook parallel deliveries must be in [1, 64], got " + std::to_string(parallel));
  }
}

WebhookSender::WebhookSender(Store& store, const WebhookConfig& config, WebhookSecretFor secret_for, JobMetrics& metrics)
    : store_(store), config_(config), secret_for_(std::move(secret_for)), metrics_(metrics), rng_(std::random_device{}()) {
  config_.Validate();
}

WebhookSender::~WebhookSender() { Stop(); }

void WebhookSender::Start() { thread_ = std::thread([this] { Loop(); }); }

void WebhookSender::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++wakeups_;
  }
  wake_.notify_all();
}

void WebhookSender::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string WebhookSender::Payload(Store& store, const JobRecord& job) {
  nlohmann::ordered_json data = JobToJson(job);
  if (job.status == "succeeded") {
    const std::string text = ReadFileToString(JobResultPath(store.jobs().JobDir(job.id), "text"), 64 << 20, "job result");
    data["text"] = text.empty() || text.back() != '\n' ? text : text.substr(0, text.size() - 1);
  }
  nlohmann::ordered_json body{{"type", "job." + job.status}, {"timestamp", IsoTime(UnixNow())}, {"data", data}};
  return body.dump();
}

void WebhookSender::Loop() {
  while (true) {
    std::vector<JobRecord> due;
    try {
      due = store_.jobs().DueWebhooks(UnixNow(), config_.parallel);
    } catch (const std::exception& e) {
      spdlog::error("webhooks: cannot read due deliveries: {}", e.what());
    }
    std::vector<std::future<void>> flights;
    for (const JobRecord& job : due) flights.push_back(std::async(std::launch::async, [this, job] { Deliver(job); }));
    for (auto& f : flights) f.wait();
    std::unique_lock<std::mutex> lock(mu_);
    if (stopping_) return;
    if (static_cast<int>(due.size()) == config_.parallel) continue;  // more may be due
    const int seen = wakeups_;
    wake_.wait_for(lock, std::chrono::duration<double>(config_.poll_seconds), [&] { return stopping_ || wakeups_ != seen; });
    if (stopping_) return;
  }
}

void WebhookSender::Deliver(const JobRecord& job) {
  WebhookAttempt attempt;
  attempt.attempt = job.webhook_attempts + 1;
  attempt.at = UnixNow();
  std::string state = "failed";
  double next_at = 0;
  try {
    const VettedUrl target = VetUrl(job.callback_url, config_.policy);
    const std::string body = Payload(store_, job);
    const std::string message_id = "msg_" + job.id;  // the same on every attempt
    const auto headers = WebhookHeaders(secret_for_(job.key_id), message_id, static_cast<int64_t>(attempt.at), body);
    const HttpPostResult r = HttpPost(target, headers, body, config_.timeout_seconds);
    attempt.status = r.status;
    attempt.seconds = r.seconds;
    attempt.error = r.status == 0 ? r.error : (r.status >= 300 ? "answered " + std::to_string(r.status) : "");
    switch (ClassifyDelivery(r.status)) {
      case DeliveryVerdict::kDelivered: state = "delivered"; break;
      case DeliveryVerdict::kGiveUp: break;
      case DeliveryVerdict::kRetry: {
        std::lock_guard<std::mutex> lock(mu_);  // rng_
        if (const auto delay = NextRetryDelay(config_.schedule, attempt.attempt, rng_)) {
          state = "pending";
          next_at = UnixNow() + *delay;
        }
      }
    }
  } catch (const std::exception& e) {  // a refused URL, a key without a secret: no retry helps
    attempt.error = e.what();
    attempt.seconds = UnixNow() - attempt.at;
  }
  metrics_.webhooks->Add({state == "delivered" ? "delivered" : state == "pending" ? "retry" : "gave_up"});
  if (state == "delivered") {
    spdlog::info("webhooks: {} attempt {} to {}: delivered ({}, {:.3f} s)", job.id, attempt.attempt, job.callback_url,
                 attempt.status, attempt.seconds);
  } else {
    spdlog::warn("webhooks: {} attempt {} to {}: {}{}", job.id, attempt.attempt, job.callback_url, attempt.error,
                 state == "pending" ? "; will retry" : "; giving up");
  }
  try {
    store_.jobs().RecordWebhookAttempt(job.id, attempt, state, next_at);
  } catch (const std::exception& e) {
    spdlog::error("webhooks: cannot record attempt {} of {}: {}", attempt.attempt, job.id, e.what());
  }
}

}  // namespace sori
