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
};

}  // namespace sori
