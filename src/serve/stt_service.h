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
//   GET  /v1/models                 the models served (OpenAI's list shape), with version and
//                                   weight memory
//   GET  /metrics                   Prometheus text format
//   GET  /v1/monitor/drift          each loaded version's drift scores per feature (JSON;
//                                   `sori monitor drift`), open as /metrics is
//   POST /admin/reload              load the model again (a registry reference: whatever
//                                   version its stage names now); when set up, see
//                                   SetReloadHandler. Bearer token if one is configured.
// Other components add theirs with AddRoute: /v1/jobs (serve/job_service.h).
//
// Load() may be called again while serving (a hot swap): requests already queued finish on
// the old model; a request that picked the old model but had not reached its queue goes to
// the new one. No request fails because of a swap.
//
// With API keys (SetAuthGate, `sori serve --auth keys`) every request passes the gate
// (serve/auth_gate.h) first: it sets the Exchange's Caller or answers 401, 403 or 429.
//
// Routes are a RouteTable (one place per route string); every handler runs inside
// RunGuarded (serve/route_guard.h), so whatever it throws is answered as JSON, written to
// the access log and counted. Errors are {"error": {"code", "message", "type"}}: `code`
// is the sori::ErrorCode name (util/error.h), the same word the CLI prints; `type` is
// OpenAI's. Statuses: 400 (bad request or audio), 401, 403, 404, 405, 413 (body or audio too
// long), 429 (a key's limit), 431 (header fields too large), 500, 503 (not ready, queue full, shutting down:
// Retry-After). Requests the HTTP layer refuses itself go through Refuse(), so every
// answer is in the access log and in stt_http_requests_total.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "infer/batcher.h"
#include "infer/recognizer.h"
#include "jobs/job_runner.h"
#include "monitor/drift_window.h"
#include "obs/metrics.h"
#include "serve/access_log.h"
#include "serve/auth_gate.h"
#include "serve/exchange.h"
#include "serve/http_server.h"
#include "serve/model_set.h"
#include "serve/route_table.h"
#include "serve/serve_metrics.h"
#include "serve/transcribe_request.h"

namespace sori {

struct SttServiceConfig {
  double max_audio_seconds = 600.0;  // longer audio gets 413
  BatcherConfig batcher;
  RecognizerOptions recognizer;      // defaults for requests (beam, segments)
  int retry_after_seconds = 1;       // sent with 503 when the queue is full
  DriftWindowConfig drift_window;    // requests per version whose features are compared
};

class SttService {
 public:
  explicit SttService(const SttServiceConfig& config);
  ~SttService();

  // Starts serving `recognizer` as `model_name`/`version` under the name `slot` (the
  // `model` clients send; see serve/model_set.h), after one warm-up inference; /health
  // turns 200 once every slot has a model. Until then its requests get 503.
  // `baseline`: the version's drift baseline (monitor/drift_baseline.h), if it has one.
  void Load(std::shared_ptr<const Recognizer> recognizer, const std::string& model_name, const std::string& version,
            const std::string& slot = "", std::shared_ptr<const DriftBaseline> baseline = nullptr);
  // Several models (`sori serve --model NAME=REF ...`): the names served, before any
  // Load, so /health waits for all; and where requests naming none (or an unknown one)
  // go. Throws Error(kInvalidInput) for a default that is not served.
  void ExpectModels(const std::vector<std::string>& slots);
  void SetDefaultModel(const std::string& slot);
  // Finishes queued recognition and refuses new requests (503).
  void Shutdown();
  // Refuses new requests and answers every queued or unfinished recognition request 503
  // with `why` (a drain deadline passed); returns how many.
  int Cancel(const std::string& why);

  // Adds the route POST /admin/reload (call before serving): it calls `handler` on an I/O
  // thread; that must not block: it reloads elsewhere and then calls `done` (from any
  // thread) with the answer. Without a handler the route does not exist (404). With a
  // non-empty `admin_token` the request needs "Authorization: Bearer <token>" (401).
  using ReloadDone = std::function<void(HttpResponse response)>;
  using ReloadHandler = std::function<void(ReloadDone done)>;
  void SetReloadHandler(ReloadHandler handler, const std::string& admin_token);
  // API keys (`--auth keys`, serve/auth_gate.h); call before serving. Without a gate
  // every request's Caller is "no key".
  void SetAuthGate(std::shared_ptr<AuthGate> gate) { gate_ = std::move(gate); }
  // **Contract** (jobs): charges audio recognized outside a request to a key's daily
  // budget and usage; nothing without a gate or for key_id 0.
  void ChargeAudio(int64_t key_id, double seconds) {
    if (gate_) gate_->ChargeAudio(key_id, seconds);
  }
  // Trials (serve/model_slot.h, driven by serve/canary_follower.h). Slot throws
  // Error(kNotFound) for a name not served.
  std::shared_ptr<ModelSlot> Slot(const std::string& slot) const;
  std::optional<CanaryTrial> Trial(const std::string& slot) const;
  // Loads (and warms up) a candidate beside `slot`'s production and starts routing to it.
  void StartTrial(const std::string& slot, std::shared_ptr<const Recognizer> recognizer, const std::string& name,
                  const std::string& version, const CanaryTrial& trial, std::shared_ptr<const DriftBaseline> baseline);
  // Stops routing to the candidate (requests it has queued finish) and unloads it.
  void EndTrial(const std::string& slot, const std::string& why);
  // The candidate becomes production if it is `version`, without loading it again; false
  // if it is not.
  bool PromoteCandidate(const std::string& slot, const std::string& version);
  void CountCanaryDecision(const std::string& slot, const std::string& decision);
  // Every loaded version's drift scores (and the stt_drift_* gauges updated).
  nlohmann::json DriftReport();
  // Counts a reload attempt in stt_model_reloads_total{status="ok"|"failed"}.
  void CountReload(bool ok);
  // The name and version `slot` serves ("" before its first Load).
  std::pair<std::string, std::string> Served(const std::string& slot = "") const;

  // Adds a route of another component (serve/job_service.h); call before serving.
  void AddRoute(boost::beast::http::verb method, const std::string& path, RouteHandler handler);
  // The model served now for background work (src/jobs), held alive by the result;
  // nullopt before the first Load or once shutting down.
  std::optional<ServedModel> ModelForJobs() const;

  // The HttpHandler: finds the route and runs it guarded.
  void Handle(HttpRequest&& request, const std::string& remote, Responder respond);
  // The answer to a request HttpServer refused itself, logged and counted (its
  // RefusalHandler).
  HttpResponse Refuse(const RefusedRequest& refused);

  MetricRegistry& metrics() { return registry_; }

 private:
  using Model = ServingModel;
  struct RequestTrace;  // transcribe_route.cc
  // model_lifecycle.cc
  std::shared_ptr<Model> MakeModel(std::shared_ptr<const Recognizer> recognizer, const std::string& name,
                                   const std::string& version, std::shared_ptr<const DriftBaseline> baseline);
  void SetRole(const Model& model, const std::string& role);
  void Retire(const std::shared_ptr<Model>& old, const Model* now);
  // drift_report.cc
  std::vector<std::shared_ptr<Model>> LoadedModels() const;  // production and candidates
  void RemoveDriftSeries(const Model& model);
  nlohmann::json DriftEntry(const Model& model);
  void Drift(const std::shared_ptr<Exchange>& exchange);
  // transcribe_route.cc
  void RunShadow(const std::shared_ptr<ModelSlot>& slot, const Model& shadow, std::vector<float> audio,
                 const RecognizerOptions& options, const std::string& production_text);
  void AddRoutes();
  // Route handlers (stt_routes.cc). They may throw: RunGuarded answers.
  void Health(const std::shared_ptr<Exchange>& exchange);
  void Models(const std::shared_ptr<Exchange>& exchange);
  void Metrics(const std::shared_ptr<Exchange>& exchange);
  void Reload(const std::shared_ptr<Exchange>& exchange);
  void Transcribe(const std::shared_ptr<Exchange>& exchange, bool openai);
  bool Submit(const Model& model, const TranscribeRequest& request, bool shadowed, RequestTrace& trace,
              DynamicBatcher::Callback& callback);
  // Every answer passes here: Retry-After on 503s, the metrics, the access log.
  void Finish(AccessRecord record, HttpResponse& response);
  std::string RouteLabel(const std::string& path) const;

  SttServiceConfig config_;
  ModelSet models_;
  std::mutex drift_mu_;  // a scrape's drift gauges against a retired version's removal
  std::atomic<bool> shutting_down_{false};
  ReloadHandler reload_handler_;
  std::string admin_token_;
  RouteTable routes_;
  std::shared_ptr<AuthGate> gate_;

  MetricRegistry registry_;
  ServeMetrics metrics_{registry_};
};

}  // namespace sori
