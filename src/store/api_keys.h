// API keys and their daily usage (migration 4). A key is stored only as the SHA-256 of
// its text plus a short display prefix ("sori_Ab3xY9"): the key itself never reaches the
// store, so a copy of the store file cannot be used to call the server. The webhook
// signing secret (Standard Webhooks' "whsec_<base64 of 32 random bytes>") is stored as it
// is, since signing needs it: protect the store file like any file holding secrets.
//
// The store knows nothing of what scopes mean or how limits are enforced (src/auth does);
// it keeps them, and refuses names, hashes and values that cannot be right.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace sori {

// 0 in any field: no limit of that kind.
struct ApiKeyLimits {
  int64_t rate_count = 0;             // requests per rate_period_seconds (token bucket, burst = count)
  int64_t rate_period_seconds = 60;
  int64_t max_concurrent = 0;         // requests in flight at once
  double audio_seconds_per_day = 0;   // UTC day
};

struct ApiKeyRecord {
  int64_t id = 0;
  std::string name;
  std::string prefix;                 // the key's first characters, for display only
  std::vector<std::string> scopes;
  ApiKeyLimits limits;
  std::string created_at;             // ISO-8601 UTC
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_used_at;
  bool revoked() const { return revoked_at.has_value(); }
};

// What `Create` records: the hash and prefix are computed by the caller (auth/api_key.h),
// which alone ever holds the key.
struct NewApiKey {
  std::string name;                   // 1-64 letters, digits, '.', '_', '-'
  std::string key_hash;               // 64 lowercase hex characters
  std::string prefix;                 // 1-16 printable ASCII characters
  std::vector<std::string> scopes;    // at least one; lowercase words
  ApiKeyLimits limits;
};

// Usage of one key on one UTC day. As a delta (AddUsage) or a total (Usage).
struct ApiKeyUsage {
  int64_t key_id = 0;
  std::string day;                    // "YYYY-MM-DD" (UTC)
  int64_t requests = 0;
  double audio_seconds = 0;
  int64_t errors = 0;
  std::string last_used_at;           // ISO-8601 UTC; AddUsage sets the key's last use to it if not empty
};

class ApiKeyStore {
 public:
  explicit ApiKeyStore(Database& db) : db_(db) {}

  // Records a new key with a fresh webhook secret, returned in *webhook_secret.
  // kConflict if the name (or the hash) is taken, kInvalidInput for a bad field.
  ApiKeyRecord Create(const NewApiKey& key, std::string* webhook_secret);
  // The key with this hash, revoked or not; nullopt if none.
  std::optional<ApiKeyRecord> FindByHash(const std::string& key_hash);
  // kNotFound naming the key and the names there are.
  ApiKeyRecord Get(const std::string& name);
  ApiKeyRecord Get(int64_t id);
  // All keys, oldest first.
  std::vector<ApiKeyRecord> List();
  // Marks the key revoked (now); kConflict if it already is.
  ApiKeyRecord Revoke(const std::string& name);

  // **Contract** (jobs, webhooks): the current webhook secret of key `key_id`; key_id 0
  // is "no key" (a server run with --auth none): the store's own secret, created on first
  // use and kept in the store. kNotFound for an unknown id.
  std::string WebhookSecret(int64_t key_id);
  // A new secret for the key (0: the store's own), returned; the old one stops working.
  std::string RotateWebhookSecret(int64_t key_id);

  // Adds each delta to its (key, day) row, in one transaction. Unknown key ids are
  // refused (kNotFound) and nothing is written.
  void AddUsage(const std::vector<ApiKeyUsage>& deltas);
  // The key's usage per day, newest first, at most `days` rows.
  std::vector<ApiKeyUsage> Usage(int64_t key_id, int days);
  // The key's usage on `day` (zeros if none).
  ApiKeyUsage UsageOn(int64_t key_id, const std::string& day);

 private:
  std::string AnonymousWebhookSecret();
  Database& db_;
};

}  // namespace sori
