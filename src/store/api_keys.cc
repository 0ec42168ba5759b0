// ApiKeyStore (store/api_keys.h): API keys by hash, their webhook secrets and daily usage.
#include "store/api_keys.h"

#include <algorithm>
#include <cmath>

#include "store/store_internal.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/random.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr const char* kKeyColumns =
    "id, name, prefix, scopes, rate_count, rate_period_seconds, max_concurrent, audio_seconds_per_day, created_at, "
    "revoked_at, last_used_at";
constexpr const char* kAnonymousSecretName = "anonymous_webhook_secret";

// Standard Webhooks' secret form: "whsec_" + base64 of 32 random bytes.
std::string MakeWebhookSecret() { return "whsec_" + Base64Encode(RandomBytes(32)); }

bool IsKeyNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; }

void ValidateApiKeyName(const std::string& name) {
  if (name.empty() || name.size() > 64 || !std::all_of(name.begin(), name.end(), IsKeyNameChar)) {
    throw Error(ErrorCode::kInvalidInput,
                "API key name '" + name + "' is not valid: use 1-64 letters, digits, '.', '_' or '-'");
  }
}

void ValidateLimits(const ApiKeyLimits& l) {
  if (l.rate_count < 0 || l.rate_period_seconds <= 0 || l.max_concurrent < 0 || !std::isfinite(l.audio_seconds_per_day) ||
      l.audio_seconds_per_day < 0) {
    throw Error(ErrorCode::kInvalidInput,
                "API key limits out of range: rate count >= 0 (0: none) per period > 0 s, max concurrent >= 0, audio "
                "seconds per day >= 0 and finite");
  }
}

void ValidateNewKey(const NewApiKey& k) {
  ValidateApiKeyName(k.name);
  if (!store_internal::IsSha256Hex(k.key_hash)) {
    throw Error(ErrorCode::kInvalidInput, "API key '" + k.name + "': the hash must be 64 lowercase hex characters");
  }
  const bool prefix_ok = !k.prefix.empty() && k.prefix.size() <= 16 &&
                         std::all_of(k.prefix.begin(), k.prefix.end(), [](char c) { return c > ' ' && c < 127; });
  if (!prefix_ok) throw Error(ErrorCode::kInvalidInput, "API key '" + k.name + "': the display prefix must be 1-16 printable characters");
  if (k.scopes.empty()) throw Error(ErrorCode::kInvalidInput, "API key '" + k.name + "' needs at least one scope");
  for (const std::string& s : k.scopes) {
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      throw Error(ErrorCode::kInvalidInput, "API key '" + k.name + "': scope '" + s + "' is not a lowercase word");
    }
  }
  ValidateLimits(k.limits);
}

ApiKeyRecord ReadKey(const Statement& st) {
  ApiKeyRecord r;
  r.id = st.ColumnInt(0);
  r.name = st.ColumnText(1);
  r.prefix = st.ColumnText(2);
  r.scopes = Split(st.ColumnText(3), ',');
  r.limits.rate_count = st.ColumnInt(4);
  r.limits.rate_period_seconds = st.ColumnInt(5);
  r.limits.max_concurrent = st.ColumnInt(6);
  r.limits.audio_seconds_per_day = st.ColumnDouble(7);
  r.created_at = st.ColumnText(8);
  if (!st.ColumnIsNull(9)) r.revoked_at = st.ColumnText(9);
  if (!st.ColumnIsNull(10)) r.last_used_at = st.ColumnText(10);
  return r;
}

}  // namespace

ApiKeyRecord ApiKeyStore::Create(const NewApiKey& key, std::string* webhook_secret) {
  ValidateNewKey(key);
  const std::string secret = MakeWebhookSecret();
  const auto lock = db_.Lock();
  Transaction tx(db_);
  Statement taken(db_, "SELECT name FROM api_keys WHERE name = ? OR key_hash = ?");
  taken.Bind(1, key.name).Bind(2, key.key_hash);
  if (taken.Step()) {
    throw Error(ErrorCode::kConflict, taken.ColumnText(0) == key.name
                                          ? "an API key named '" + key.name + "' exists already; choose another name"
                                          : "this key's hash is recorded already (under another name); make a new key");
  }
  Statement insert(db_,
                   "INSERT INTO api_keys (name, key_hash, prefix, scopes, rate_count, rate_period_seconds, max_concurrent, "
                   "audio_seconds_per_day, webhook_secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
                       db_.dialect().ReturningId("id"));
  insert.Bind(1, key.name).Bind(2, key.key_hash).Bind(3, key.prefix).Bind(4, Join(key.scopes, ","));
  insert.Bind(5, key.limits.rate_count).Bind(6, key.limits.rate_period_seconds).Bind(7, key.limits.max_concurrent);
  insert.Bind(8, key.limits.audio_seconds_per_day).Bind(9, secret).Bind(10, UtcNowIso8601());
  insert.Run();
  const int64_t id = insert.InsertedId();
  tx.Commit();
  if (webhook_secret != nullptr) *webhook_secret = secret;
  return Get(id);
}

std::optional<ApiKeyRecord> ApiKeyStore::FindByHash(const std::string& key_hash) {
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE key_hash = ?");
  st.Bind(1, key_hash);
  if (!st.Step()) return std::nullopt;
  return ReadKey(st);
}

ApiKeyRecord ApiKeyStore::Get(const std::string& name) {
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE name = ?");
  st.Bind(1, name);
  if (st.Step()) return ReadKey(st);
  std::vector<std::string> names;
  for (const ApiKeyRecord& k : List()) names.push_back(k.name);
  throw Error(ErrorCode::kNotFound, "no API key named '" + name + "' (keys: " +
                                        (names.empty() ? std::string("none; create one with sori keys create") : Join(names, ", ")) +
                                        ")");
}

ApiKeyRecord ApiKeyStore::Get(int64_t id) {
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE id = ?");
  st.Bind(1, id);
  if (!st.Step()) throw Error(ErrorCode::kNotFound, "no API key with id " + std::to_string(id));
  return ReadKey(st);
}

std::vector<ApiKeyRecord> ApiKeyStore::List() {
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kKeyColumns + " FROM api_keys ORDER BY id");
  std::vector<ApiKeyRecord> out;
  while (st.Step()) out.push_back(ReadKey(st));
  return out;
}

ApiKeyRecord ApiKeyStore::Revoke(const std::string& name) {
  const auto lock = db_.Lock();
  Transaction tx(db_);
  const ApiKeyRecord key = Get(name);
  if (key.revoked()) throw Error(ErrorCode::kConflict, "API key '" + name + "' was revoked already, at " + *key.revoked_at);
  Statement st(db_, "UPDATE api_keys SET revoked_at = ? WHERE id = ?");
  st.Bind(1, UtcNowIso8601()).Bind(2, key.id);
  st.Run();
  tx.Commit();
  return Get(key.id);
}

std::string ApiKeyStore::WebhookSecret(int64_t key_id) {
  if (key_id == 0) return AnonymousWebhookSecret();
  const auto lock = db_.Lock();
  Statement st(db_, "SELECT webhook_secret FROM api_keys WHERE id = ?");
  st.Bind(1, key_id);
  if (!st.Step()) throw Error(ErrorCode::kNotFound, "no API key with id " + std::to_string(key_id));
  return st.ColumnText(0);
}

// Created inside a write transaction, so two processes asking at once get the same one.
std::string ApiKeyStore::AnonymousWebhookSecret() {
  const auto lock = db_.Lock();
  {
    Statement st(db_, "SELECT value FROM store_secrets WHERE name = ?");
    st.Bind(1, kAnonymousSecretName);
    if (st.Step()) return st.ColumnText(0);
  }
  Transaction tx(db_);
  Statement insert(db_, db_.dialect().InsertOrIgnore("store_secrets", {"name", "value", "created_at"}));
  insert.Bind(1, kAnonymousSecretName).Bind(2, MakeWebhookSecret()).Bind(3, UtcNowIso8601());
  insert.Run();
  Statement st(db_, "SELECT value FROM store_secrets WHERE name = ?");
  st.Bind(1, kAnonymousSecretName);
  st.Step();
  std::string secret = st.ColumnText(0);
  tx.Commit();
  return secret;
}

std::string ApiKeyStore::RotateWebhookSecret(int64_t key_id) {
  const std::string secret = MakeWebhookSecret();
  const auto lock = db_.Lock();
  Transaction tx(db_);
  if (key_id == 0) {
    Statement st(db_, db_.dialect().Upsert("store_secrets", {"name", "value", "created_at"}, {"name"}));
    st.Bind(1, kAnonymousSecretName).Bind(2, secret).Bind(3, UtcNowIso8601());
    st.Run();
  } else {
    Statement st(db_, "UPDATE api_keys SET webhook_secret = ? WHERE id = ?");
    st.Bind(1, secret).Bind(2, key_id);
    st.Run();
    if (st.RowsChanged() == 0) throw Error(ErrorCode::kNotFound, "no API key with id " + std::to_string(key_id));
  }
  tx.Commit();
  return secret;
}

void ApiKeyStore::AddUsage(const std::vector<ApiKeyUsage>& deltas) {
  if (deltas.empty()) return;
  const auto lock = db_.Lock();
  Transaction tx(db_);
  Statement add(db_,
                "INSERT INTO api_key_usage (key_id, day, requests, audio_seconds, errors) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (key_id, day) DO UPDATE SET requests = api_key_usage.requests + excluded.requests, "
                "audio_seconds = api_key_usage.audio_seconds + excluded.audio_seconds, "
                "errors = api_key_usage.errors + excluded.errors");
  Statement used(db_, "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)");
  for (const ApiKeyUsage& d : deltas) {
    Get(d.key_id);  // kNotFound: nothing of the batch is written
    add.Reset();
    add.Bind(1, d.key_id).Bind(2, d.day).Bind(3, d.requests).Bind(4, d.audio_seconds).Bind(5, d.errors);
    add.Run();
    if (d.last_used_at.empty()) continue;
    used.Reset();
    used.Bind(1, d.last_used_at).Bind(2, d.key_id).Bind(3, d.last_used_at);
    used.Run();
  }
  tx.Commit();
}

std::vector<ApiKeyUsage> ApiKeyStore::Usage(int64_t key_id, int days) {
  const auto lock = db_.Lock();
  Statement st(db_,
               "SELECT day, requests, audio_seconds, errors FROM api_key_usage WHERE key_id = ? ORDER BY day DESC LIMIT ?");
  st.Bind(1, key_id).Bind(2, static_cast<int64_t>(std::max(days, 0)));
  std::vector<ApiKeyUsage> out;
  while (st.Step()) {
    out.push_back({key_id, st.ColumnText(0), st.ColumnInt(1), st.ColumnDouble(2), st.ColumnInt(3), ""});
  }
  return out;
}

ApiKeyUsage ApiKeyStore::UsageOn(int64_t key_id, const std::string& day) {
  const auto lock = db_.Lock();
  Statement st(db_, "SELECT requests, audio_seconds, errors FROM api_key_usage WHERE key_id = ? AND day = ?");
  st.Bind(1, key_id).Bind(2, day);
  if (!st.Step()) return {key_id, day, 0, 0.0, 0, ""};
  return {key_id, day, st.ColumnInt(0), st.ColumnDouble(1), st.ColumnInt(2), ""};
}

}  // namespace sori
