#include "serve/stt_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "serve/responses.h"
#include "serve/route_guard.h"
#include "util/error.h"

namespace sori {

namespace http = boost::beast::http;

SttService::SttService(const SttServiceConfig& config) : config_(config) {
  config_.batcher.Validate();
  config_.recognizer.Validate();
  metrics_.queue_depth->SetCallback({}, [this] {
    double depth = 0;
    for (const auto& m : LoadedModels()) depth += static_cast<double>(m->batcher->queue_depth());
    return depth;
  });
  AddRoutes();
}

SttService::~SttService() { Shutdown(); }

void SttService::ExpectModels(const std::vector<std::string>& slots) {
  for (const std::string& slot : slots) models_.Slot(slot);
}

void SttService::SetDefaultModel(const std::string& slot) { models_.SetDefault(slot); }

void SttService::SetReloadHandler(ReloadHandler handler, const std::string& admin_token) {
  if (!reload_handler_) routes_.Add(http::verb::post, "/admin/reload", [this](const auto& e) { Reload(e); });
  reload_handler_ = std::move(handler);
  admin_token_ = admin_token;
}

void SttService::AddRoute(http::verb method, const std::string& path, RouteHandler handler) {
  routes_.Add(method, path, std::move(handler));
}

std::optional<ServedModel> SttService::ModelForJobs() const {
  const auto slot = models_.Primary();
  const auto m = slot ? slot->production() : nullptr;
  if (!m || shutting_down_) return std::nullopt;
  return ServedModel{m, m->recognizer.get(), m->batcher.get(), m->version};
}

void SttService::CountReload(bool ok) { metrics_.reloads->Add({ok ? "ok" : "failed"}); }

std::pair<std::string, std::string> SttService::Served(const std::string& slot) const {
  const auto s = models_.Get(slot);
  const auto m = s ? s->production() : nullptr;
  return m ? std::make_pair(m->name, m->version) : std::make_pair(std::string(), std::string());
}

void SttService::Shutdown() {
  shutting_down_ = true;
  for (const auto& m : LoadedModels()) m->batcher->Stop();
}

int SttService::Cancel(const std::string& why) {
  shutting_down_ = true;
  int canceled = 0;
  for (const auto& m : LoadedModels()) canceled += m->batcher->Cancel(Error(ErrorCode::kUnavailable, why));
  return canceled;
}

void SttService::Handle(HttpRequest&& request, const std::string& remote, Responder respond) {
  auto exchange = std::make_shared<Exchange>(std::move(request), remote, [this, respond](const Exchange& e, HttpResponse r) {
    AccessRecord record;
    record.remote = e.remote();
    record.method = e.method();
    record.path = e.path();
    record.bytes_in = e.bytes_in();
    record.seconds = std::chrono::duration<double>(Exchange::Clock::now() - e.start()).count();
    record.recognition = e.recognition();
    record.model_version = e.model_version();
    record.audio_seconds = e.audio_seconds();
    record.key_name = e.caller().key_name;
    Finish(std::move(record), r);
    if (gate_) gate_->Finished(e, r.result_int());
    respond(std::move(r));
  });
  RouteHandler route = routes_.Find(exchange->request().method(), exchange->path());
  if (!gate_) return RunGuarded(route, exchange);
  RunGuarded([this, &route](const std::shared_ptr<Exchange>& e) {
    if (gate_->Admit(e)) route(e);
  }, exchange);
}

HttpResponse SttService::Refuse(const RefusedRequest& refused) {
  HttpResponse response = ErrorResponse(refused.code, refused.message, refused.status);
  AccessRecord record;
  record.remote = refused.remote;
  record.method = refused.method;
  record.path = refused.target.substr(0, refused.target.find('?'));
  record.bytes_in = refused.bytes_in;
  record.seconds = refused.seconds;
  record.refused_by_http = true;
  Finish(std::move(record), response);
  return response;
}

// The route label of the metrics: a route's path, "other", or "unparsed" (a request
// refused before its request line was read).
std::string SttService::RouteLabel(const std::string& path) const {
  if (path.empty()) return "unparsed";
  const std::string pattern = routes_.Pattern(path);
  return pattern.empty() ? "other" : pattern;
}

void SttService::Finish(AccessRecord r, HttpResponse& response) {
  r.status = response.result_int();
  if (r.status == 503 && response.find(http::field::retry_after) == response.end()) {
    response.set(http::field::retry_after, std::to_string(config_.retry_after_seconds));
  }
  r.bytes_out = response.body().size();
  const std::string status = std::to_string(r.status);
  metrics_.http_requests->Add({RouteLabel(r.path), status});
  if (r.recognition && !r.model_version.empty()) {
    metrics_.requests->Add({r.model_version, status});
    if (r.status == 200) {
      metrics_.latency->Observe({r.model_version}, r.seconds);
      metrics_.audio_duration->Observe({r.model_version}, r.audio_seconds);
    }
  }
  WriteAccessLog(r);
}

}  // namespace sori
