// Delivers the webhooks of finished jobs: a POST of the job (as GET /v1/jobs/{id} shows
// it, plus the transcript's text) to its callback URL, signed the Standard Webhooks way
// with the submitting key's secret (net/webhook_signature.h). The state lives in the
// store (store/jobs.h), so deliveries survive restarts: at least once, with the same
// `webhook-id` on every attempt so that receivers can drop duplicates.
//
// Each attempt re-checks the URL against the SSRF policy (the name may now resolve
// elsewhere) and connects to the address it vetted; redirects are not followed. A 2xx
// ends it; 408, 429, 5xx and network errors are retried on the schedule (jitter
// included); any other answer (410 Gone among them), a refused URL, or the schedule's
// end gives up. Every attempt is a row the job shows.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "jobs/job_metrics.h"
#include "net/retry_schedule.h"
#include "net/url_policy.h"
#include "store/store.h"

namespace sori {

struct WebhookConfig {
  UrlPolicy policy;               // which callback addresses are allowed (SSRF guard)
  RetrySchedule schedule;         // delays between attempts
  double timeout_seconds = 10;    // per attempt, connection included
  int parallel = 4;               // deliveries in flight at once
  double poll_seconds = 1.0;      // how often due deliveries are looked for
  void Validate() const;
};

// The secret to sign a key's deliveries with (ApiKeyStore::WebhookSecret).
using WebhookSecretFor = std::function<std::string(int64_t key_id)>;

class WebhookSender {
 public:
  // `store` must outlive the sender and should be its own connection.
  WebhookSender(Store& store, const WebhookConfig& config, WebhookSecretFor secret_for, JobMetrics& metrics);
  ~WebhookSender();  // Stop()
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  void Start();
  void Wake();   // a job finished: look now
  void Stop();   // lets the attempts under way end (each is bounded by timeout_seconds)

  // The body of a job's delivery: {"type": "job.succeeded" | "job.failed", "timestamp",
  // "data": the job, with "text" for a succeeded one}.
  static std::string Payload(Store& store, const JobRecord& job);

 private:
  void Loop();
  void Deliver(const JobRecord& job);

  Store& store_;
  WebhookConfig config_;
  WebhookSecretFor secret_for_;
  JobMetrics& metrics_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int wakeups_ = 0;
  std::mt19937_64 rng_;
  std::thread thread_;
};

}  // namespace sori
