#include "jobs/job_metrics.h"

namespace sori {

JobMetrics::JobMetrics(MetricRegistry& registry)
    : finished(&registry.AddCounter("stt_jobs_finished_total", "Transcription jobs that reached a final state here.",
                                    {"status"})),
      audio_seconds(&registry.AddCounter("stt_jobs_audio_seconds_total", "Seconds of audio recognized by succeeded jobs.")),
      jobs(&registry.AddGauge("stt_jobs", "Transcription jobs in the store by status.", {"status"})),
      run_seconds(&registry.AddHistogram("stt_job_run_seconds", "Seconds from a job's start to its result.", {},
                                         {1, 5, 15, 60, 300, 900, 3600, 10800})),
      webhooks(&registry.AddCounter("stt_webhook_attempts_total",
                                    "Webhook delivery attempts by outcome (delivered, retry, gave_up).", {"outcome"})) {}

}  // namespace sori
