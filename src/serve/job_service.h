// The asynchronous side of `sori serve`: the /v1/jobs routes over the store's job queue
// (store/jobs.h), the JobRunner that recognizes queued jobs with the model SttService
// serves, and the WebhookSender that reports finished ones.
//
//   POST   /v1/jobs               202 {job}; the audio and the row are durable first
//                                 (written on two intake threads, not the I/O thread;
//                                 more than 16 uploads waiting to be written: 503)
//   GET    /v1/jobs               ?status=&limit=&after= -> {object: list, data, has_more}
//   GET    /v1/jobs/{id}          the job: status, progress, timings, error, webhook attempts
//   GET    /v1/jobs/{id}/result   ?format=json|text|srt|vtt (default: the job's
//                                 response_format); 409 until the job has succeeded
//   DELETE /v1/jobs/{id}          cancels a queued or running job; 409 once final
//
// A caller sees only the jobs of its own API key (Exchange::caller); another key's job,
// like a malformed id, is 404, so ids do not leak.
#pragma once

#include <memory>

#include "jobs/job_runner.h"
#include "jobs/webhook_sender.h"
#include "jobs/work_queue.h"
#include "serve/job_request.h"
#include "serve/stt_service.h"

namespace sori {

struct JobServiceConfig {
  JobRunnerConfig runner;
  WebhookConfig webhooks;
  JobSubmissionLimits submission;  // its `callbacks` policy is webhooks.policy
};

class JobService {
 public:
  // Opens its own connections to the store at `store_home`, adds the routes to
  // `service` (before it serves) and takes models from it.
  JobService(SttService& service, const std::string& store_home, const JobServiceConfig& config,
             WebhookSecretFor secret_for, JobFinished finished);
  ~JobService();  // Stop()

  void Start();
  // Gives running jobs back to the queue; lets webhook attempts under way end.
  void Stop();

 private:
  void AddRoutes(SttService& service);
  void Submit(const std::shared_ptr<Exchange>& exchange);
  HttpResponse Accept(Exchange& exchange);  // on an intake thread
  void List(const std::shared_ptr<Exchange>& exchange);
  void Show(const std::shared_ptr<Exchange>& exchange);
  void Result(const std::shared_ptr<Exchange>& exchange);
  void Cancel(const std::shared_ptr<Exchange>& exchange);
  // The caller's job named by the path's id segment (`segment` 3: /v1/jobs/{id}/...);
  // kNotFound when there is no such job or it is another key's.
  JobRecord CallersJob(const Exchange& exchange);

  JobServiceConfig config_;
  JobMetrics metrics_;
  std::unique_ptr<Store> routes_store_, runner_store_, webhook_store_;
  std::unique_ptr<JobRunner> runner_;
  std::unique_ptr<WebhookSender> webhooks_;
  // Writes uploads to disk: 2 threads, at most 16 uploads waiting (then 503).
  WorkQueue intake_{2, 16};
};

}  // namespace sori
