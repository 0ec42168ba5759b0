// The speech-to-text HTTP API on top of HttpServer: routes, validation, metrics and the
// access log. Recognition goes through the DynamicBatcher; the handler never blocks an
// I/O thread (the batcher answers through the Responder).
//
//   POST /v1/transcribe             multipart field `audio` or a raw audio body; `beam`
//                                   (form field or query) -> Sori's JSON
//   POST /v1/audio/transcriptions   OpenAI's API: multipart `file`, `model`, `language`,
//                                   `prompt`, `temperature` (accepted), `response_format`
//                                   json|text|srt|vtt|verbose_json,
//                                   `timestamp_granularities[]` word|segment
//   GET  /health                    200 once the model is loaded and warmed up, else 503
//                                   (GET routes answer HEAD too)
//   GET  /v1/models                 the model served (OpenAI's list shape)
//   GET  /metrics                   Prometheus text format
//   POST /admin/reload              load the model again (a registry reference: whatever
//                                   version its stage names now); when set up, see
//                                   SetReloadHandler. Bearer token if one is configured.
//
// Load() may be called again while serving (a hot swap): requests already queued finish on
// the old model; a request that picked the old model but had not reached its queue goes to
// the new one. No request fails because of a swap.
//
// Errors are JSON {"error": {"code", "message", "type"}} with 400 (bad request or audio),
// 404, 405, 413 (body or audio too long), 431 (header fields too large), 503 (not ready,
// queue full, stopping: Retry-After). Requests the HTTP layer refuses itself go through
// Refuse(), so every answer is in the access log and in stt_http_requests_total.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "infer/batcher.h"
#include "infer/recognizer.h"
#include "obs/metrics.h"
#include "serve/http_server.h"
#include "serve/transcribe_request.h"

namespace sori {

struct SttServiceConfig {
  double max_audio_seconds = 600.0;  // longer audio gets 413
  BatcherConfig batcher;
  RecognizerOptions recognizer;      // defaults for requests (beam, segments)
  int retry_after_seconds = 1;       // sent with 503 when the queue is full
};

class SttService {
 public:
  explicit SttService(const SttServiceConfig& config);
  ~SttService();

  // Starts serving `recognizer` as `model_name`/`version`, after one warm-up inference;
  // /health turns 200. Until then recognition requests get 503.
  void Load(std::shared_ptr<const Recognizer> recognizer, const std::string& model_name, const std::string& version);
  // Finishes queued recognition and refuses new requests (503).
  void Shutdown();
  // Refuses new requests and answers every queued or unfinished recognition request 503
  // with `why` (a drain deadline passed); returns how many.
  int Cancel(const std::string& why);

  // POST /admin/reload calls `handler` on an I/O thread; it must not block: it reloads
  // elsewhere and then calls `done` (from any thread) with an HTTP status and a JSON body.
  // Without a handler the route is 404. With a non-empty `admin_token` the request needs
  // "Authorization: Bearer <token>" (401 otherwise).
  using ReloadDone = std::function<void(unsigned status, const nlohmann::json& body)>;
  using ReloadHandler = std::function<void(ReloadDone done)>;
  void SetReloadHandler(ReloadHandler handler, const std::string& admin_token);
  // Counts a reload attempt in stt_model_reloads_total{status="ok"|"failed"}.
  void CountReload(bool ok);
  // The name and version served ("" before the first Load).
  std::pair<std::string, std::string> Served() const;

  void Handle(HttpRequest&& request, const std::string& remote, Responder respond);
  static HttpResponse ErrorResponse(unsigned status, const std::string& message);
  // The answer to a request HttpServer refused itself, logged and counted (its
  // RefusalHandler).
  HttpResponse Refuse(const RefusedRequest& refused);

  MetricRegistry& metrics() { return registry_; }

 private:
  struct Model;  // the recognizer, its batcher and names, swapped as one
  std::shared_ptr<Model> Current() const;
  struct RequestRecord {  // one access-log line
    std::string remote, method, path, model_version;
    uint64_t bytes_in = 0;
    double seconds = 0, audio_seconds = 0;
    bool refused_by_http = false;
  };
  void Record(const RequestRecord& record, const HttpResponse& response);
  void Transcribe(HttpRequest& request, bool openai, std::shared_ptr<Model> model, const std::string& query,
                  const std::function<void(HttpResponse, const std::string& model_version, double audio_seconds)>& done);
  bool Submit(const Model& model, const TranscribeRequest& request, DynamicBatcher::Callback& callback);

  SttServiceConfig config_;
  mutable std::mutex mu_;
  std::shared_ptr<Model> model_;
  std::atomic<bool> shutting_down_{false};
  ReloadHandler reload_handler_;
  std::string admin_token_;

  MetricRegistry registry_;
  Counter* requests_;
  Counter* http_requests_;
  Histogram* latency_;
  Histogram* audio_duration_;
  Histogram* batch_size_;
  Histogram* queue_seconds_;
  Histogram* compute_seconds_;
  Gauge* model_cer_;
  Gauge* model_info_;
  Gauge* queue_depth_;
  Counter* reloads_;
};

}  // namespace sori
