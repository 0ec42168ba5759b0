#include "serve/serve_metrics.h"

namespace sori {

ServeMetrics::ServeMetrics(MetricRegistry& registry) {
  requests = &registry.AddCounter("stt_inference_requests_total", "Recognition requests by model version and HTTP status.",
                                  {"model_version", "status"});
  http_requests = &registry.AddCounter("stt_http_requests_total", "HTTP requests by route and status.", {"route", "status"});
  latency = &registry.AddHistogram("stt_inference_latency_seconds",
                                   "Time from a recognition request's arrival to its answer, successful requests.",
                                   {"model_version"}, {0.05, 0.1, 0.2, 0.5, 1, 2, 5});
  audio_duration = &registry.AddHistogram("stt_audio_duration_seconds", "Seconds of audio per recognition request.",
                                          {"model_version"}, {1, 5, 10, 30, 60, 120});
  batch_size = &registry.AddHistogram("stt_batch_size", "Requests per batch run by the model.", {"model_version"},
                                      {1, 2, 4, 8, 16, 32});
  queue_seconds = &registry.AddHistogram("stt_queue_time_seconds", "Time a request waited for its batch to start.",
                                         {"model_version"}, {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1});
  compute_seconds = &registry.AddHistogram("stt_batch_compute_seconds", "Time the model took per batch.", {"model_version"},
                                           {0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5});
  model_cer = &registry.AddGauge("stt_model_cer", "Character error rate recorded for the served model, by test set.",
                                 {"model_version", "test_set"});
  model_info = &registry.AddGauge("stt_model_info", "The model served (value 1).", {"model", "model_version"});
  weight_bytes = &registry.AddGauge("stt_model_memory_bytes",
                                    "Bytes of each loaded model's weights (parameters and buffers).", {"model", "model_version"});
  queue_depth = &registry.AddGauge("stt_queue_depth", "Recognition requests waiting for a batch.");
  reloads = &registry.AddCounter("stt_model_reloads_total", "Model reloads (hot swaps) attempted, by outcome.", {"status"});
  role = &registry.AddGauge("stt_model_role", "The role of each loaded version (value 1): production, candidate or shadow.",
                            {"model", "model_version", "role"});
  canary_percent = &registry.AddGauge("stt_canary_percent", "Share of requests (canary) or copies (shadow) sent to a candidate, percent.",
                                      {"model", "candidate_version"});
  canary_decisions = &registry.AddCounter("stt_canary_decisions_total", "Canary decisions this server took, by decision (rollback, promote, promotion_refused: the registry's gate said no).",
                                          {"model", "decision"});
  shadow_requests = &registry.AddCounter("stt_shadow_requests_total",
                                         "Copies of production requests run by a shadow candidate, by outcome (ok, failed, dropped).",
                                         {"model", "model_version", "status"});
  shadow_disagreement = &registry.AddHistogram("stt_shadow_disagreement",
                                               "Word error rate of a shadow candidate's transcript against production's.",
                                               {"model", "model_version"}, {0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1});
  drift_score = &registry.AddGauge("stt_drift_score",
                                   "Population stability index of a request feature over the last requests against the "
                                   "version's baseline (over 0.25: significant drift).",
                                   {"model", "model_version", "feature"});
  drift_window = &registry.AddGauge("stt_drift_window_requests", "Requests in the drift window of each loaded version.",
                                    {"model", "model_version"});
  AddProcessMetrics(registry);
}

}  // namespace sori
