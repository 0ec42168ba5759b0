// The server's Prometheus metric families (names, help, labels, buckets), created once in
// a MetricRegistry. SttService keeps the values current.
#pragma once

#include "obs/metrics.h"

namespace sori {

struct ServeMetrics {
  explicit ServeMetrics(MetricRegistry& registry);

  Counter* requests;          // stt_inference_requests_total{model_version, status}
  Counter* http_requests;     // stt_http_requests_total{route, status}
  Histogram* latency;         // stt_inference_latency_seconds{model_version}, 200s only
  Histogram* audio_duration;  // stt_audio_duration_seconds{model_version}
  Histogram* batch_size;      // stt_batch_size{model_version}
  Histogram* queue_seconds;   // stt_queue_time_seconds{model_version}
  Histogram* compute_seconds; // stt_batch_compute_seconds{model_version}
  Gauge* model_cer;           // stt_model_cer{model_version, test_set}
  Gauge* model_info;          // stt_model_info{model, model_version}
  Gauge* weight_bytes;        // stt_model_memory_bytes{model, model_version}
  Gauge* queue_depth;         // stt_queue_depth (all models)
  Counter* reloads;           // stt_model_reloads_total{status}
  // Several versions at once (serve/model_slot.h): `model` is the model's name.
  Gauge* role;                // stt_model_role{model, model_version, role}: production | candidate | shadow
  Gauge* canary_percent;      // stt_canary_percent{model, candidate_version}
  Counter* canary_decisions;  // stt_canary_decisions_total{model, decision}: rollback | promote
  Counter* shadow_requests;   // stt_shadow_requests_total{model, model_version, status}: ok | failed | dropped
  Histogram* shadow_disagreement;  // stt_shadow_disagreement{model, model_version}
  Gauge* drift_score;         // stt_drift_score{model, model_version, feature}
  Gauge* drift_window;        // stt_drift_window_requests{model, model_version}
};

}  // namespace sori
