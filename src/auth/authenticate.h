// Who is calling: the key a request carries, looked up in the store on every request (a
// SQLite read through the primary-key index), so a key revoked by `sori keys revoke` in
// another process is refused from the next request on, and a new key works at once.
#pragma once

#include <string_view>

#include "auth/scopes.h"
#include "store/api_keys.h"

namespace sori {

// The key of `Authorization: Bearer KEY` / `X-API-Key: KEY` (auth/api_key.h). Throws
// Error(kUnauthenticated) when it is missing, malformed, unknown or revoked; the message
// never contains the text sent.
ApiKeyRecord AuthenticateKey(ApiKeyStore& store, std::string_view authorization, std::string_view x_api_key);

// Throws Error(kPermissionDenied) naming the key, the scope needed and those it has.
void RequireScope(const ApiKeyRecord& key, Scope scope, std::string_view what);

}  // namespace sori
