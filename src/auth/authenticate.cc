#include "auth/authenticate.h"

#include "auth/api_key.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {

ApiKeyRecord AuthenticateKey(ApiKeyStore& store, std::string_view authorization, std::string_view x_api_key) {
  const std::string key = CredentialFromHeaders(authorization, x_api_key);
  std::optional<ApiKeyRecord> found = store.FindByHash(HashApiKey(key));
  if (!found) throw Error(ErrorCode::kUnauthenticated, "the API key sent is not known to this server");
  if (found->revoked()) {
    throw Error(ErrorCode::kUnauthenticated, "API key '" + found->name + "' was revoked at " + *found->revoked_at);
  }
  return *std::move(found);
}

void RequireScope(const ApiKeyRecord& key, Scope scope, std::string_view what) {
  if (HasScope(key.scopes, scope)) return;
  throw Error(ErrorCode::kPermissionDenied, std::string(what) + " needs an API key with the scope '" + ScopeName(scope) +
                                                "'; key '" + key.name + "' has: " + Join(key.scopes, ", "));
}

}  // namespace sori
