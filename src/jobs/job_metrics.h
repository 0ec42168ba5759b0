// The job queue's Prometheus families, created once in the server's registry.
#pragma once

#include "obs/metrics.h"

namespace sori {

struct JobMetrics {
  explicit JobMetrics(MetricRegistry& registry);

  Counter* finished;        // stt_jobs_finished_total{status}: succeeded | failed
  Counter* audio_seconds;   // stt_jobs_audio_seconds_total: audio of succeeded jobs
  Gauge* jobs;              // stt_jobs{status}: rows in the store, refreshed every poll
  Histogram* run_seconds;   // stt_job_run_seconds: claim to final state, succeeded jobs
  Counter* webhooks;        // stt_webhook_attempts_total{outcome}: delivered | retry | gave_up
};

}  // namespace sori
