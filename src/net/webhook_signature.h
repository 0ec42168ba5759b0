// Webhook signatures the Standard Webhooks way (https://www.standardwebhooks.com/), which
// the `standardwebhooks` libraries (JavaScript, Python, Go, ...) verify.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sori {

// "whsec_" + base64 of 32 random bytes (OpenSSL RAND_bytes).
std::string NewWebhookSecret();

// Error(kInvalidInput) unless secret is "whsec_" + valid base64 of 24..64 bytes. The
// message never repeats the secret.
void CheckWebhookSecret(const std::string& secret);

// "v1,<base64 HMAC-SHA256 over `id.timestamp.body` keyed with the secret's decoded bytes>"
std::string SignWebhook(const std::string& secret, const std::string& id, int64_t timestamp,
                        const std::string& body);

// The three headers to send: "webhook-id: ...", "webhook-timestamp: ...",
// "webhook-signature: v1,...", plus "content-type: application/json".
std::vector<std::string> WebhookHeaders(const std::string& secret, const std::string& id,
                                        int64_t timestamp, const std::string& body);

// Verifies a received delivery (for Sori's own tests and for users in C++): any of the
// space-separated "v1,..." signatures matches (constant-time compare) and |now-timestamp|
// <= tolerance_seconds. A timestamp that is not a decimal integer fails; an invalid
// secret throws as CheckWebhookSecret does.
bool VerifyWebhook(const std::string& secret, const std::string& id, const std::string& timestamp,
                   const std::string& body, const std::string& signature_header, int64_t now,
                   int64_t tolerance_seconds = 300);

}  // namespace sori
