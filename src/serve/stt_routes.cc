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
  routes_.Add(http::verb::get, "/v1/monitor/drift", [this](const auto& e) { Drift(e); });
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
  DriftReport();  // the drift gauges are computed when scraped
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

}  // namespace sori
