#include "net/webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>

#include "util/base64.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr char kPrefix[] = "whsec_";
constexpr size_t kMinKeyBytes = 24;  // the spec's own test secret is 24 bytes
constexpr size_t kMaxKeyBytes = 64;

std::string DecodedKey(const std::string& secret) {
  const std::string_view prefix = kPrefix;
  auto key = StartsWith(secret, prefix) ? Base64Decode(std::string_view(secret).substr(prefix.size()))
                                        : std::nullopt;
  if (!key || key->size() < kMinKeyBytes || key->size() > kMaxKeyBytes) {
    throw Error(ErrorCode::kInvalidInput,
                "webhook secret (" + std::to_string(secret.size()) + " characters, not shown) is not 'whsec_' "
                "followed by the padded base64 of 24..64 bytes; make one with `sori keys create`");
  }
  return *key;
}

std::string HmacSha256(const std::string& key, const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length)) {
    throw Error(ErrorCode::kInternal, "HMAC-SHA256 failed in OpenSSL");
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Signature(const std::string& key, const std::string& id, int64_t timestamp, const std::string& body) {
  return "v1," + Base64Encode(HmacSha256(key, id + "." + std::to_string(timestamp) + "." + body));
}

// A decimal integer of at most 15 digits (well past any real time in seconds, and small
// enough that now - timestamp cannot overflow).
std::optional<int64_t> ParseTimestamp(const std::string& text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string NewWebhookSecret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw Error(ErrorCode::kInternal, "OpenSSL RAND_bytes failed: no secure random bytes for a webhook secret");
  }
  return kPrefix + Base64Encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

void CheckWebhookSecret(const std::string& secret) { DecodedKey(secret); }

std::string SignWebhook(const std::string& secret, const std::string& id, int64_t timestamp,
                        const std::string& body) {
  return Signature(DecodedKey(secret), id, timestamp, body);
}

std::vector<std::string> WebhookHeaders(const std::string& secret, const std::string& id, int64_t timestamp,
                                        const std::string& body) {
  return {"webhook-id: " + id, "webhook-timestamp: " + std::to_string(timestamp),
          "webhook-signature: " + SignWebhook(secret, id, timestamp, body), "content-type: application/json"};
}

bool VerifyWebhook(const std::string& secret, const std::string& id, const std::string& timestamp,
                   const std::string& body, const std::string& signature_header, int64_t now,
                   int64_t tolerance_seconds) {
  const std::string key = DecodedKey(secret);
  auto sent = ParseTimestamp(timestamp);
  if (!sent || now - *sent > tolerance_seconds || *sent - now > tolerance_seconds) return false;
  const std::string expected = Signature(key, id, *sent, body);
  bool match = false;
  for (const std::string& candidate : SplitWhitespace(signature_header)) {
    match |= ConstantTimeEquals(candidate, expected);  // no early exit: every candidate costs the same
  }
  return match;
}

}  // namespace sori
