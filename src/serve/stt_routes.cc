// SttService's routes: the table, and one handler per route. Handlers may throw; the
// route guard answers (serve/route_guard.h).
#include <chrono>
#include <cmath>

#include "audio/reader.h"
#include "infer/transcript_formats.h"
#include "serve/openai_format.h"
#include "serve/responses.h"
#include "serve/route_guard.h"
#include "serve/stt_service.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {

namespace http = boost::beast::http;

void SttService::AddRoutes() {
  routes_.Add(http::verb::post, "/v1/transcribe", [this](const auto& e) { Transcribe(e, false); });
  routes_.Add(http::verb::post, "/v1/audio/transcriptions", [this](const auto& e) { Transcribe(e, true); });
  routes_.Add(http::verb::get, "/health", [this](const auto& e) { Health(e); });
  routes_.Add(http::verb::get, "/v1/models", [this](const auto& e) { Models(e); });
  routes_.Add(http::verb::get, "/metrics", [this](const auto& e) { Metrics(e); });
  // POST /admin/reload is added by SetReloadHandler.
}

namespace {

// How a model decodes requests by default: a model with a language model uses it.
nlohmann::json Decoding(const Recognizer& recognizer, const RecognizerOptions& defaults) {
  const PackageLm& lm = recognizer.language_model();
  nlohmann::json decoding = {{"beam", recognizer.EffectiveBeam(defaults)}, {"language_model", nullptr}};
  if (recognizer.UsesLanguageModel(defaults)) {
    decoding["language_model"] = {
        {"order", lm.lm->order()}, {"weight", defaults.lm_weight.value_or(lm.weight)}, {"bonus", defaults.lm_bonus.value_or(lm.bonus)}};
  }
  return decoding;
}

}  // namespace

// 200 once every model served is loaded; the first (or default) model's fields at the
// top, as with one model, and every model under "models".
void SttService::Health(const std::shared_ptr<Exchange>& exchange) {
  if (shutting_down_ || !models_.AllLoaded()) {
    return exchange->Answer(JsonResponse(503, {{"status", shutting_down_ ? "shutting_down" : "loading"}}));
  }
  nlohmann::json models = nlohmann::json::array();
  for (const auto& slot : models_.All()) {
    const auto m = slot->production();
    models.push_back({{"model", m->name}, {"model_version", m->version}, {"decoding", Decoding(*m->recognizer, config_.recognizer)}});
  }
  const auto m = models_.Primary()->production();
  exchange->Answer(JsonResponse(200, {{"status", "ok"},
                                      {"model", m->name},
                                      {"model_version", m->version},
                                      {"decoding", Decoding(*m->recognizer, config_.recognizer)},
                                      {"models", models}}));
}

void SttService::Models(const std::shared_ptr<Exchange>& exchange) {
  nlohmann::ordered_json list{{"object", "list"}, {"data", nlohmann::ordered_json::array()}};
  for (const auto& slot : models_.All()) {
    const auto m = slot->production();
    if (!m) continue;
    list["data"].push_back({{"id", slot->key().empty() ? m->name : slot->key()},
                            {"object", "model"},
                            {"owned_by", "sori"},
                            {"version", m->version},
                            {"memory_bytes", m->recognizer->WeightBytes()}});
  }
  exchange->Answer(JsonResponse(200, list));
}

void SttService::Metrics(const std::shared_ptr<Exchange>& exchange) {
  exchange->Answer(TextResponse(200, registry_.Render(), "text/plain; version=0.0.4; charset=utf-8"));
}

void SttService::Reload(const std::shared_ptr<Exchange>& exchange) {
  const std::string authorization(exchange->request()[http::field::authorization]);
  if (!admin_token_.empty() && !ConstantTimeEquals(authorization, "Bearer " + admin_token_)) {
    HttpResponse r = ErrorResponse(ErrorCode::kUnauthenticated,
                                   "POST /admin/reload needs the header 'Authorization: Bearer <admin token>'");
    r.set(http::field::www_authenticate, "Bearer");
    return exchange->Answer(std::move(r));
  }
  reload_handler_([exchange](HttpResponse response) { exchange->Answer(std::move(response)); });
}

namespace {

using Clock = std::chrono::steady_clock;

// Sori's own answer: the transcript with timings and the model version.
HttpResponse SoriTranscriptionResponse(const Transcript& t, const std::string& version, double processing_ms) {
  nlohmann::ordered_json j = TranscriptToJson(t);
  j["processing_time_ms"] = std::round(processing_ms * 10) / 10;
  j["model_version"] = version;
  return JsonResponse(200, j);
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

void SttService::Transcribe(const std::shared_ptr<Exchange>& exchange, bool openai) {
  exchange->set_recognition();
  if (shutting_down_) throw Error(ErrorCode::kUnavailable, "the server is shutting down");
  auto req = std::make_shared<const TranscribeRequest>(
      ParseTranscribeRequest(exchange->request(), openai, exchange->query(), config_.recognizer));
  auto [slot, model] = Pick(req->model);
  exchange->set_model_version(model->version);
  const auto received = Clock::now();
  for (;;) {
    DynamicBatcher::Callback callback = [exchange, req, openai, received, version = model->version](Transcript* t,
                                                                                                    const Error* e) {
      if (e) return exchange->Answer(ErrorResponse(*e));
      exchange->set_audio_seconds(t->audio_seconds);
      const double ms = std::chrono::duration<double>(Clock::now() - received).count() * 1e3;
      AnswerGuarded(exchange, [&] {
        return openai ? OpenAiTranscriptionResponse(*req, *t) : SoriTranscriptionResponse(*t, version, ms);
      });
    };
    if (Submit(*model, *req, callback)) return;
    // The model was swapped after this request picked it: hand the request to the new one.
    const auto next = slot->production();
    if (shutting_down_ || !next || next == model) throw Error(ErrorCode::kUnavailable, "the server is shutting down");
    model = next;
    exchange->set_model_version(model->version);
  }
}

}  // namespace sori
