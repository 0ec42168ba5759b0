#include "auth/api_key.h"

#include <algorithm>

#include "util/error.h"
#include "util/random.h"
#include "util/sha256.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool IsBase62(char c) { return kBase62.find(c) != std::string_view::npos; }

std::string AcceptedForms() {
  return "send 'Authorization: Bearer <key>' or 'X-API-Key: <key>' with a key made by `sori keys create` ('" +
         std::string(kApiKeyPrefix) + "' and " + std::to_string(kApiKeyRandomChars) + " letters and digits)";
}

[[noreturn]] void Refuse(const std::string& why) { throw Error(ErrorCode::kUnauthenticated, why + "; " + AcceptedForms()); }

// The token of "Bearer <token>" (scheme case-insensitive, RFC 7235), or refuses.
std::string_view BearerToken(std::string_view authorization) {
  const size_t space = authorization.find(' ');
  if (space == std::string_view::npos || AsciiLower(authorization.substr(0, space)) != "bearer") {
    Refuse("the Authorization header is not of the form 'Bearer <key>'");
  }
  return TrimView(authorization.substr(space + 1));
}

}  // namespace

std::string GenerateApiKey() {
  std::string key(kApiKeyPrefix);
  // Rejection sampling: bytes >= 248 (= 4 * 62) are dropped so every character is uniform.
  while (key.size() < kApiKeyLength) {
    for (const char byte : RandomBytes(64)) {
      const auto b = static_cast<unsigned char>(byte);
      if (b < 248 && key.size() < kApiKeyLength) key += kBase62[b % 62];
    }
  }
  return key;
}

std::string HashApiKey(std::string_view key) { return Sha256Hex(key); }

std::string DisplayPrefix(std::string_view key) { return std::string(key.substr(0, kApiKeyPrefix.size() + 6)); }

bool LooksLikeApiKey(std::string_view text) {
  return text.size() == kApiKeyLength && StartsWith(text, kApiKeyPrefix) &&
         std::all_of(text.begin() + static_cast<std::ptrdiff_t>(kApiKeyPrefix.size()), text.end(), IsBase62);
}

std::string CredentialFromHeaders(std::string_view authorization, std::string_view x_api_key) {
  if (authorization.empty() && x_api_key.empty()) Refuse("this route needs an API key and none was sent");
  std::string_view key = TrimView(x_api_key);
  if (!authorization.empty()) {
    const std::string_view bearer = BearerToken(authorization);
    if (!x_api_key.empty() && bearer != key) Refuse("the Authorization and X-API-Key headers carry different keys");
    key = bearer;
  }
  if (key.empty()) Refuse("the API key sent is empty");
  if (!LooksLikeApiKey(key)) Refuse("the API key sent is malformed");
  return std::string(key);
}

}  // namespace sori
