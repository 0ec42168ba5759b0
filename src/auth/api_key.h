// API keys: making them, hashing them, and reading the one a request carries.
//
// A key is "sori_" followed by 43 base62 characters (256 bits from OpenSSL's RAND_bytes).
// The store keeps only HashApiKey(key) and DisplayPrefix(key); nothing here logs a key,
// and no error message repeats one (a log line or a proxy's error page would leak it).
#pragma once

#include <string>
#include <string_view>

namespace sori {

inline constexpr std::string_view kApiKeyPrefix = "sori_";
inline constexpr size_t kApiKeyRandomChars = 43;  // 43 * log2(62) = 256.1 bits
inline constexpr size_t kApiKeyLength = kApiKeyPrefix.size() + kApiKeyRandomChars;

// A new key; throws Error(kInternal) if the random generator fails.
std::string GenerateApiKey();
// Lowercase hex SHA-256 of the key's text: what the store looks keys up by.
std::string HashApiKey(std::string_view key);
// "sori_" and the next 6 characters: enough to tell keys apart in a list, far too few to
// guess the rest.
std::string DisplayPrefix(std::string_view key);
// True if `text` has a key's form (prefix, length, alphabet).
bool LooksLikeApiKey(std::string_view text);

// The key a request carries, from `Authorization: Bearer KEY` or `X-API-Key: KEY` (pass ""
// for an absent header). Throws Error(kUnauthenticated) when there is none, when the
// header is not of that form, when the two headers disagree, or when the text is not a
// key's form; the message says what is accepted and never contains the text sent.
std::string CredentialFromHeaders(std::string_view authorization, std::string_view x_api_key);

}  // namespace sori
