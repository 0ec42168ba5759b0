// The server's gate for API keys (`sori serve --auth keys`): before any handler runs it
// finds the route's scope, authenticates the key (auth/authenticate.h), checks the scope
// and the key's limits (auth/limiter.h), and either sets the exchange's Caller or answers
// itself: 401 (missing, malformed, unknown or revoked key; `WWW-Authenticate: Bearer`),
// 403 (scope), 429 (`Retry-After`, `X-RateLimit-Limit/Remaining/Reset`, the body naming
// the limit: rate, concurrency or daily_audio).
//
// Route scopes: POST /v1/transcribe, /v1/audio/transcriptions, GET /v1/models ->
// transcribe; /v1/jobs and everything under it -> jobs; /admin/* -> admin; /health and
// /metrics are open unless `monitoring_needs_key` (then any valid key); any other path
// needs a valid key (and then gets its 404), so routes cannot be probed without one.
//
// When the answer is sent (Finished) the in-flight slot is released and the request is
// counted: usage per key and UTC day, written to the store in batches by a background
// thread (auth/usage_recorder.h), and metrics labelled by key *name* (keys are made by an
// admin, so the label's values are bounded; the key itself is in no label, log or body).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "auth/clock.h"
#include "auth/limiter.h"
#include "auth/scopes.h"
#include "auth/usage_recorder.h"
#include "obs/metrics.h"
#include "serve/exchange.h"
#include "store/api_keys.h"

namespace sori {

struct AuthGateConfig {
  bool monitoring_needs_key = false;  // --monitoring-auth keys: /health and /metrics need a key
  double usage_flush_seconds = 1.0;   // how often usage is written to the store
  void Validate() const;
};

// What a path needs. open: nothing; else a valid key, with `scope` if set.
struct RouteAccess {
  bool open = false;
  std::optional<Scope> scope;
};
RouteAccess AccessFor(const std::string& path, bool monitoring_needs_key);

class AuthGate {
 public:
  AuthGate(ApiKeyStore& keys, MetricRegistry& metrics, const AuthGateConfig& config = {},
           std::shared_ptr<AuthClock> clock = SystemAuthClock());
  ~AuthGate();  // writes the usage not yet written

  // True: the request may go on (its Caller is set). False: the gate answered it.
  // Store failures propagate (the route guard answers them).
  bool Admit(const std::shared_ptr<Exchange>& exchange);
  // Every answer passes here (SttService's Finish): releases an admitted request's
  // in-flight slot, charges its audio and counts it.
  void Finished(const Exchange& exchange, unsigned status);
  // **Contract** (jobs): charges audio recognized outside a request (a finished job) to
  // the key's daily budget and usage. key_id 0: nothing.
  void ChargeAudio(int64_t key_id, double seconds);
  // Writes the usage counted so far to the store now (the background thread does this at
  // most every usage_flush_seconds).
  void FlushUsage();

 private:
  void Refuse(const std::shared_ptr<Exchange>& exchange, const ApiKeyRecord& key, const Error& error, unsigned status,
              const LimitDecision* decision);
  void CountRequest(const std::string& key_name, int64_t key_id, unsigned status);

  ApiKeyStore& keys_;
  AuthGateConfig config_;
  Limiter limiter_;
  UsageRecorder usage_;
  Counter* requests_;   // stt_key_requests_total{key, status}
  Counter* audio_;      // stt_key_audio_seconds_total{key}
  Counter* errors_;     // stt_key_errors_total{key}
  Counter* refusals_;   // stt_key_refusals_total{key, limit}
};

// Refuses to serve without keys on an address other hosts can reach unless told
// (`--insecure-no-auth`): Error(kInvalidInput) saying how to fix it.
void CheckListenAddress(const std::string& host, bool auth_keys, bool insecure_no_auth);
// 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

}  // namespace sori
