// Cryptographically secure random bytes (OpenSSL's RAND_bytes), for secrets: API keys and
// webhook signing secrets. Not for simulation or sampling (those take a seeded engine).
#pragma once

#include <cstddef>
#include <string>

namespace sori {

// `count` random bytes; throws Error(kInternal) if OpenSSL's generator fails (it is not
// seeded), never returns weaker bytes.
std::string RandomBytes(size_t count);

}  // namespace sori
