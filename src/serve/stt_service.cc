#include "serve/stt_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "audio/reader.h"
#include "infer/transcript_formats.h"
#include "serve/transcribe_request.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {

namespace http = boost::beast::http;

struct SttService::Model {
  std::shared_ptr<const Recognizer> recognizer;
  std::unique_ptr<DynamicBatcher> batcher;
  std::string name, version;
  std::vector<std::vector<std::string>> cer_labels;  // stt_model_cer series it set
};

namespace {

using Clock = std::chrono::steady_clock;

HttpResponse Respond(unsigned status, std::string body, const std::string& content_type) {
  HttpResponse r{static_cast<http::status>(status), 11};
  r.set(http::field::server, "sori");
  r.set(http::field::content_type, content_type);
  r.body() = std::move(body);
  return r;
}

HttpResponse Json(unsigned status, const nlohmann::ordered_json& j) {
  // Replace invalid UTF-8 (from a hostile filename or path) rather than throw.
  return Respond(status, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", "application/json");
}

unsigned StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kUnsupported: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kOverloaded: return 503;
    default: return 500;
  }
}

const char* ErrorType(unsigned status) {
  switch (status) {
    case 400: return "invalid_request_error";
    case 401: return "authentication_error";
    case 404: return "not_found_error";
    case 405: return "invalid_request_error";
    case 413: return "request_too_large";
    case 431: return "request_too_large";
    case 503: return "overloaded_error";
    default: return "server_error";
  }
}

// One JSON line per request on stdout (the server's own log goes to stderr).
void AccessLog(const nlohmann::ordered_json& line) {
  static std::mutex mu;
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard<std::mutex> lock(mu);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

nlohmann::ordered_json VerboseJson(const Transcript& t, const std::string& language, bool words, bool segments) {
  nlohmann::ordered_json j;
  j["task"] = "transcribe";
  j["language"] = language;
  j["duration"] = RoundToMillis(t.audio_seconds);
  j["text"] = t.text;
  if (segments) {
    j["segments"] = nlohmann::ordered_json::array();
    int id = 0;
    for (const TextSegment& s : GroupSegments(t)) {
      // avg_logprob: the log of the segment's mean word confidence (Sori has no
      // per-token log-probability average of Whisper's kind; this is the closest).
      j["segments"].push_back({{"id", id++},
                               {"start", RoundToMillis(s.start)},
                               {"end", RoundToMillis(s.end)},
                               {"text", s.text},
                               {"confidence", RoundToMillis(s.confidence)},
                               {"avg_logprob", std::log(std::max(s.confidence, 1e-6f))}});
    }
  }
  if (words) {
    j["words"] = nlohmann::ordered_json::array();
    for (const Word& w : t.words) {
      j["words"].push_back({{"word", w.text}, {"start", RoundToMillis(w.start)}, {"end", RoundToMillis(w.end)}});
    }
  }
  return j;
}

}  // namespace

HttpResponse SttService::ErrorResponse(unsigned status, const std::string& message) {
  static const std::map<unsigned, const char*> codes{{400, "bad_request"},      {401, "unauthorized"}, {404, "not_found"},
                                                     {405, "method_not_allowed"}, {413, "too_large"}, {431, "header_too_large"},
                                                     {500, "internal"},        {503, "unavailable"}};
  const auto it = codes.find(status);
  return Json(status, {{"error", {{"code", it == codes.end() ? "error" : it->second}, {"message", message}, {"type", ErrorType(status)}}}});
}

SttService::SttService(const SttServiceConfig& config) : config_(config) {
  config_.batcher.Validate();
  config_.recognizer.Validate();
  requests_ = &registry_.AddCounter("stt_inference_requests_total", "Recognition requests by model version and HTTP status.",
                                    {"model_version", "status"});
  http_requests_ = &registry_.AddCounter("stt_http_requests_total", "HTTP requests by route and status.", {"route", "status"});
  latency_ = &registry_.AddHistogram("stt_inference_latency_seconds",
                                     "Time from a recognition request's arrival to its answer, successful requests.",
                                     {"model_version"}, {0.05, 0.1, 0.2, 0.5, 1, 2, 5});
  audio_duration_ = &registry_.AddHistogram("stt_audio_duration_seconds", "Seconds of audio per recognition request.",
                                            {"model_version"}, {1, 5, 10, 30, 60, 120});
  batch_size_ = &registry_.AddHistogram("stt_batch_size", "Requests per batch run by the model.", {"model_version"},
                                        {1, 2, 4, 8, 16, 32});
  queue_seconds_ = &registry_.AddHistogram("stt_queue_time_seconds", "Time a request waited for its batch to start.",
                                           {"model_version"}, {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1});
  compute_seconds_ = &registry_.AddHistogram("stt_batch_compute_seconds", "Time the model took per batch.", {"model_version"},
                                             {0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5});
  model_cer_ = &registry_.AddGauge("stt_model_cer", "Character error rate recorded for the served model, by test set.",
                                   {"model_version", "test_set"});
  model_info_ = &registry_.AddGauge("stt_model_info", "The model served (value 1).", {"model", "model_version"});
  queue_depth_ = &registry_.AddGauge("stt_queue_depth", "Recognition requests waiting for a batch.");
  reloads_ = &registry_.AddCounter("stt_model_reloads_total", "Model reloads (hot swaps) attempted, by outcome.", {"status"});
  queue_depth_->SetCallback({}, [this] {
    const auto m = Current();
    return m ? static_cast<double>(m->batcher->queue_depth()) : 0.0;
  });
  AddProcessMetrics(registry_);
}

SttService::~SttService() { Shutdown(); }

std::shared_ptr<SttService::Model> SttService::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return model_;
}

void SttService::Load(std::shared_ptr<const Recognizer> recognizer, const std::string& model_name, const std::string& version) {
  // Warm-up: the first inference pays for allocations and thread start-up.
  recognizer->Transcribe({std::vector<float>(static_cast<size_t>(recognizer->sample_rate()), 0.0f)}, config_.recognizer);
  auto m = std::make_shared<Model>();
  m->recognizer = std::move(recognizer);
  m->batcher = std::make_unique<DynamicBatcher>(*m->recognizer, config_.batcher);
  m->name = model_name;
  m->version = version;
  m->batcher->set_observer([this, version](const BatchStats& s) {
    batch_size_->Observe({version}, s.size);
    compute_seconds_->Observe({version}, s.compute_seconds);
    for (double q : s.queue_seconds) queue_seconds_->Observe({version}, q);
  });
  const nlohmann::json& metrics = m->recognizer->model().metadata.value("metrics", nlohmann::json::object());
  for (const auto& [key, value] : metrics.items()) {
    const size_t slash = key.rfind("/cer");
    if (slash != std::string::npos && slash + 4 == key.size() && value.is_number()) {
      m->cer_labels.push_back({version, key.substr(0, slash)});
      model_cer_->Set(m->cer_labels.back(), value.get<double>());
    }
  }
  model_info_->Set({model_name, version}, 1);
  std::shared_ptr<Model> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    old = std::move(model_);
    model_ = m;
  }
  if (old) {
    old->batcher->Stop();  // finishes what it had queued
    if (old->name != m->name || old->version != m->version) {
      model_info_->Remove({old->name, old->version});
      for (const auto& labels : old->cer_labels) {
        if (std::find(m->cer_labels.begin(), m->cer_labels.end(), labels) == m->cer_labels.end()) model_cer_->Remove(labels);
      }
    }
  }
  spdlog::info("serving {} (version {})", model_name, version);
}

void SttService::SetReloadHandler(ReloadHandler handler, const std::string& admin_token) {
  reload_handler_ = std::move(handler);
  admin_token_ = admin_token;
}

void SttService::CountReload(bool ok) { reloads_->Add({ok ? "ok" : "failed"}); }

std::pair<std::string, std::string> SttService::Served() const {
  const auto m = Current();
  return m ? std::make_pair(m->name, m->version) : std::make_pair(std::string(), std::string());
}

void SttService::Shutdown() {
  shutting_down_ = true;
  if (const auto m = Current()) m->batcher->Stop();
}

namespace {

// The route label of the metrics: one of the routes, "other", or "unparsed" (a request
// refused before its request line was read).
std::string RouteLabel(const std::string& path) {
  if (path.empty()) return "unparsed";
  for (const char* route : {"/v1/transcribe", "/v1/audio/transcriptions", "/health", "/metrics", "/v1/models", "/admin/reload"}) {
    if (path == route) return path;
  }
  return "other";
}

bool IsRecognition(const std::string& path) { return path == "/v1/transcribe" || path == "/v1/audio/transcriptions"; }

}  // namespace

void SttService::Record(const RequestRecord& r, const HttpResponse& response) {
  const unsigned status = response.result_int();
  const bool recognition = IsRecognition(r.path);
  http_requests_->Add({RouteLabel(r.path), std::to_string(status)});
  if (recognition && !r.model_version.empty()) {
    requests_->Add({r.model_version, std::to_string(status)});
    if (status == 200) {
      latency_->Observe({r.model_version}, r.seconds);
      audio_duration_->Observe({r.model_version}, r.audio_seconds);
    }
  }
  nlohmann::ordered_json log{{"time", std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count()},
                             {"remote", r.remote},    {"method", r.method.empty() ? "-" : r.method},
                             {"path", r.path.empty() ? "-" : r.path}, {"status", status},
                             {"duration_ms", std::round(r.seconds * 1e4) / 10},
                             {"bytes_in", r.bytes_in}, {"bytes_out", response.body().size()}};
  if (recognition && !r.refused_by_http) {
    log["audio_seconds"] = RoundToMillis(r.audio_seconds);
    log["model_version"] = r.model_version;
  }
  if (r.refused_by_http) log["refused_by"] = "http";
  AccessLog(log);
}

HttpResponse SttService::Refuse(const RefusedRequest& refused) {
  HttpResponse response = ErrorResponse(refused.status, refused.message);
  if (refused.status == 503) response.set(http::field::retry_after, std::to_string(config_.retry_after_seconds));
  RequestRecord record;
  record.remote = refused.remote;
  record.method = refused.method;
  record.path = refused.target.substr(0, refused.target.find('?'));
  record.bytes_in = refused.bytes_in;
  record.seconds = refused.seconds;
  record.refused_by_http = true;
  Record(record, response);
  return response;
}

int SttService::Cancel(const std::string& why) {
  shutting_down_ = true;
  const auto m = Current();
  return m ? m->batcher->Cancel(Error(ErrorCode::kOverloaded, why)) : 0;
}

void SttService::Handle(HttpRequest&& request, const std::string& remote, Responder respond) {
  const auto start = Clock::now();
  const std::string target(request.target());
  const size_t q = target.find('?');
  RequestRecord base;
  base.remote = remote;
  base.path = target.substr(0, q);
  base.method = std::string(request.method_string());
  base.bytes_in = request.body().size();
  const std::string& path = base.path;
  const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  const auto finish = [this, base, start, respond](HttpResponse response, const std::string& version, double audio_seconds) {
    RequestRecord r = base;
    r.model_version = version;
    r.audio_seconds = audio_seconds;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Record(r, response);
    respond(std::move(response));
  };

  const auto get_only = [&](const std::function<HttpResponse()>& make) {
    // HEAD answers as GET without the body (HttpServer drops it).
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
      HttpResponse r = ErrorResponse(405, path + " accepts GET (and HEAD) only");
      r.set(http::field::allow, "GET, HEAD");
      return finish(std::move(r), "", 0);
    }
    finish(make(), "", 0);
  };
  if (path == "/health") {
    return get_only([&] {
      const auto m = Current();
      if (!m || shutting_down_) return Json(503, {{"status", shutting_down_ ? "shutting_down" : "loading"}});
      // How requests are decoded by default: a model with a language model uses it.
      const PackageLm& lm = m->recognizer->language_model();
      nlohmann::json decoding = {{"beam", m->recognizer->EffectiveBeam(config_.recognizer)}, {"language_model", nullptr}};
      if (m->recognizer->UsesLanguageModel(config_.recognizer)) {
        decoding["language_model"] = {{"order", lm.lm->order()},
                                      {"weight", config_.recognizer.lm_weight.value_or(lm.weight)},
                                      {"bonus", config_.recognizer.lm_bonus.value_or(lm.bonus)}};
      }
      return Json(200, {{"status", "ok"}, {"model", m->name}, {"model_version", m->version}, {"decoding", decoding}});
    });
  }
  if (path == "/v1/models") {
    return get_only([&] {
      nlohmann::ordered_json list{{"object", "list"}, {"data", nlohmann::ordered_json::array()}};
      if (const auto m = Current()) {
        list["data"].push_back({{"id", m->name}, {"object", "model"}, {"owned_by", "sori"}, {"version", m->version}});
      }
      return Json(200, list);
    });
  }
  if (path == "/metrics") {
    return get_only([&] { return Respond(200, registry_.Render(), "text/plain; version=0.0.4; charset=utf-8"); });
  }
  if (path == "/admin/reload" && reload_handler_) {
    if (request.method() != http::verb::post) {
      HttpResponse r = ErrorResponse(405, path + " accepts POST only");
      r.set(http::field::allow, "POST");
      return finish(std::move(r), "", 0);
    }
    if (!admin_token_.empty() && !ConstantTimeEquals(std::string(request[http::field::authorization]), "Bearer " + admin_token_)) {
      HttpResponse r = ErrorResponse(401, "POST /admin/reload needs the header 'Authorization: Bearer <admin token>'");
      r.set(http::field::www_authenticate, "Bearer");
      return finish(std::move(r), "", 0);
    }
    return reload_handler_([finish](unsigned status, const nlohmann::json& body) { finish(Json(status, nlohmann::ordered_json::parse(body.dump())), "", 0); });
  }
  if (path == "/v1/transcribe" || path == "/v1/audio/transcriptions") {
    if (request.method() != http::verb::post) {
      HttpResponse r = ErrorResponse(405, path + " accepts POST only");
      r.set(http::field::allow, "POST");
      return finish(std::move(r), "", 0);
    }
    const auto m = Current();
    if (!m || shutting_down_) {
      HttpResponse r = ErrorResponse(503, shutting_down_ ? "the server is shutting down" : "the model is still loading");
      r.set(http::field::retry_after, std::to_string(config_.retry_after_seconds));
      return finish(std::move(r), "", 0);
    }
    return Transcribe(request, path == "/v1/audio/transcriptions", m, query, finish);
  }
  finish(ErrorResponse(404, "no route " + base.method + " " + path +
                                 " (try POST /v1/transcribe, POST /v1/audio/transcriptions, GET /health, GET /v1/models, "
                                 "GET /metrics)"),
         "", 0);
}

namespace {

// The answer to a recognized request: Sori's JSON, or OpenAI's response_format.
HttpResponse Answer(const TranscribeRequest& req, bool openai, Transcript& t, const std::string& version, double processing_ms) {
  if (!openai) {
    nlohmann::ordered_json j = TranscriptToJson(t);
    j["processing_time_ms"] = std::round(processing_ms * 10) / 10;
    j["model_version"] = version;
    return Json(200, j);
  }
  const std::string& format = req.response_format;
  if (format == "json") return Json(200, {{"text", t.text}});
  if (format == "text") return Respond(200, t.text + "\n", "text/plain; charset=utf-8");
  if (format == "srt") return Respond(200, TranscriptToSrt(t), "text/plain; charset=utf-8");
  if (format == "vtt") return Respond(200, TranscriptToVtt(t), "text/vtt; charset=utf-8");
  return Json(200, VerboseJson(t, req.language, req.words, req.segments));
}

}  // namespace

// Short audio is decoded here, whole; longer audio is handed to the batcher as pieces it
// decodes while it recognizes them, so the request holds only its compressed bytes and
// the segments of its current batch (batch_job.h). Returns false when `model`'s batcher
// is stopping (a swap).
bool SttService::Submit(const Model& model, const TranscribeRequest& req, DynamicBatcher::Callback& callback) {
  DecodeOptions decode;
  decode.target_sample_rate = model.recognizer->sample_rate();
  decode.max_duration_sec = config_.max_audio_seconds;
  std::shared_ptr<AudioReader> reader = AudioReader::OpenMemory(req.audio, req.audio_name, decode);
  const double segment_samples = req.options.segments.max_seconds * decode.target_sample_rate;
  if (static_cast<double>(reader->expected_output_samples()) > segment_samples) {
    AudioPieces pieces = [reader](std::vector<float>* out) { return reader->ReadChunk(out); };
    return model.batcher->TrySubmitPieces(pieces, req.options, callback);
  }
  std::vector<float> samples;
  while (reader->ReadChunk(&samples)) {
  }
  if (samples.empty()) throw Error(ErrorCode::kInvalidInput, "'" + req.audio_name + "': the audio has no samples");
  return model.batcher->TrySubmit(samples, req.options, callback);
}

void SttService::Transcribe(HttpRequest& request, bool openai, std::shared_ptr<Model> model, const std::string& query,
                            const std::function<void(HttpResponse, const std::string&, double)>& done) {
  try {
    auto req = std::make_shared<const TranscribeRequest>(ParseTranscribeRequest(request, openai, query, config_.recognizer));
    const auto received = Clock::now();
    for (;;) {
      DynamicBatcher::Callback callback = [done, req, openai, received, version = model->version](Transcript* t, const Error* e) {
        if (e) return done(ErrorResponse(StatusFor(e->code()), e->what()), version, 0);
        const double ms = std::chrono::duration<double>(Clock::now() - received).count() * 1e3;
        done(Answer(*req, openai, *t, version, ms), version, t->audio_seconds);
      };
      if (Submit(*model, *req, callback)) return;
      // The model was swapped after this request picked it: hand the request to the new one.
      const auto next = Current();
      if (shutting_down_ || !next || next == model) throw Error(ErrorCode::kOverloaded, "the server is shutting down");
      model = next;
    }
  } catch (const Error& e) {
    HttpResponse r = ErrorResponse(StatusFor(e.code()), e.what());
    if (e.code() == ErrorCode::kOverloaded) r.set(http::field::retry_after, std::to_string(config_.retry_after_seconds));
    done(std::move(r), model->version, 0);
  }
}

}  // namespace sori
