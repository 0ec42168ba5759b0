#include "util/random.h"

#include <openssl/rand.h>

#include <climits>

#include "util/error.h"

namespace sori {

std::string RandomBytes(size_t count) {
  if (count > static_cast<size_t>(INT_MAX)) {
    throw Error(ErrorCode::kInternal, "RandomBytes: " + std::to_string(count) + " bytes asked, at most INT_MAX");
  }
  std::string out(count, '\0');
  if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    throw Error(ErrorCode::kInternal, "OpenSSL's random generator failed (RAND_bytes); no secret was made");
  }
  return out;
}

}  // namespace sori
