#include "serve/auth_gate.h"

#include <arpa/inet.h>

#include <cmath>

#include "auth/authenticate.h"
#include "serve/error_status.h"
#include "serve/responses.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {

namespace http = boost::beast::http;

void AuthGateConfig::Validate() const {
  if (!(usage_flush_seconds >= 0.01 && usage_flush_seconds <= 60)) {
    throw Error(ErrorCode::kInvalidInput, "usage_flush_seconds must be in [0.01, 60], got " + std::to_string(usage_flush_seconds));
  }
}

RouteAccess AccessFor(const std::string& path, bool monitoring_needs_key) {
  if (path == "/health" || path == "/metrics" || path == "/v1/monitor/drift") return {!monitoring_needs_key, std::nullopt};
  if (path == "/v1/transcribe" || path == "/v1/audio/transcriptions" || path == "/v1/models") {
    return {false, Scope::kTranscribe};
  }
  if (path == "/v1/jobs" || StartsWith(path, "/v1/jobs/")) return {false, Scope::kJobs};
  if (StartsWith(path, "/admin/")) return {false, Scope::kAdmin};
  return {false, std::nullopt};
}

AuthGate::AuthGate(ApiKeyStore& keys, MetricRegistry& metrics, const AuthGateConfig& config, std::shared_ptr<AuthClock> clock)
    : keys_(keys), config_(config), limiter_(clock), usage_(keys, clock, config.usage_flush_seconds) {
  config_.Validate();
  requests_ = &metrics.AddCounter("stt_key_requests_total", "Requests made with each API key, by HTTP status.", {"key", "status"});
  audio_ = &metrics.AddCounter("stt_key_audio_seconds_total", "Seconds of audio recognized for each API key.", {"key"});
  errors_ = &metrics.AddCounter("stt_key_errors_total", "Requests made with each API key answered 4xx or 5xx.", {"key"});
  refusals_ = &metrics.AddCounter("stt_key_refusals_total",
                                  "Requests refused by a limit of their API key: rate, concurrency or daily_audio.",
                                  {"key", "limit"});
  usage_.Start();
}

AuthGate::~AuthGate() { usage_.Stop(); }

bool AuthGate::Admit(const std::shared_ptr<Exchange>& exchange) {
  const RouteAccess access = AccessFor(exchange->path(), config_.monitoring_needs_key);
  if (access.open) return true;
  const HttpRequest& request = exchange->request();
  ApiKeyRecord key;
  try {
    const auto authorization = request[http::field::authorization];
    const auto x_api_key = request["X-API-Key"];
    key = AuthenticateKey(keys_, {authorization.data(), authorization.size()}, {x_api_key.data(), x_api_key.size()});
    if (access.scope) RequireScope(key, *access.scope, exchange->method() + " " + exchange->path());
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kUnauthenticated && e.code() != ErrorCode::kPermissionDenied) throw;
    Refuse(exchange, key, e, 0, nullptr);
    return false;
  }
  const LimitDecision decision = limiter_.Admit(key.id, key.limits, usage_.AudioToday(key.id));
  if (!decision.admitted()) {
    refusals_->Add({key.name, LimitKindName(decision.refused_by)});
    Refuse(exchange, key, Error(ErrorCode::kRateLimited, decision.Describe(key.name)), 429, &decision);
    return false;
  }
  exchange->set_caller({key.id, key.name});
  return true;
}

// Answers a refusal. A known key's refusal (403, 429) counts as one of its requests.
void AuthGate::Refuse(const std::shared_ptr<Exchange>& exchange, const ApiKeyRecord& key, const Error& error,
                      unsigned status, const LimitDecision* decision) {
  HttpResponse r = ErrorResponse(error.code(), error.what(), status);
  if (error.code() == ErrorCode::kUnauthenticated) r.set(http::field::www_authenticate, "Bearer");
  if (decision != nullptr) {
    nlohmann::ordered_json body = nlohmann::ordered_json::parse(r.body());
    body["error"]["limit"] = LimitKindName(decision->refused_by);
    r = JsonResponse(429, body);
    r.set(http::field::retry_after, std::to_string(decision->retry_after_seconds));
    r.set("X-RateLimit-Limit", std::to_string(decision->limit));
    r.set("X-RateLimit-Remaining", std::to_string(decision->remaining));
    r.set("X-RateLimit-Reset", std::to_string(decision->reset_seconds));
  }
  if (key.id != 0) CountRequest(key.name, key.id, r.result_int());
  exchange->Answer(std::move(r));
}

void AuthGate::CountRequest(const std::string& key_name, int64_t key_id, unsigned status) {
  const bool error = status >= 400;
  usage_.CountRequest(key_id, error);
  requests_->Add({key_name, std::to_string(status)});
  if (error) errors_->Add({key_name});
}

void AuthGate::Finished(const Exchange& exchange, unsigned status) {
  const Caller& caller = exchange.caller();
  if (caller.key_id == 0) return;
  limiter_.Release(caller.key_id);
  if (exchange.recognition() && exchange.audio_seconds() > 0) {
    usage_.ChargeAudio(caller.key_id, exchange.audio_seconds());
    audio_->Add({caller.key_name}, exchange.audio_seconds());
  }
  CountRequest(caller.key_name, caller.key_id, status);
}

void AuthGate::ChargeAudio(int64_t key_id, double seconds) {
  if (key_id == 0 || !(seconds > 0) || !std::isfinite(seconds)) return;
  usage_.ChargeAudio(key_id, seconds);
  audio_->Add({keys_.Get(key_id).name}, seconds);
}

void AuthGate::FlushUsage() { usage_.Flush(); }

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr v4{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

void CheckListenAddress(const std::string& host, bool auth_keys, bool insecure_no_auth) {
  if (auth_keys || insecure_no_auth || IsLoopbackHost(host)) return;
  throw Error(ErrorCode::kInvalidInput,
              "refusing to listen on " + host +
                  " without authentication: anyone who can reach it could use the server. Use --auth keys (make keys "
                  "with `sori keys create`), listen on 127.0.0.1, or pass --insecure-no-auth if a proxy in front "
                  "authenticates");
}

}  // namespace sori
