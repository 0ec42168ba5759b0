// Standard base64 (RFC 4648 section 4, with '=' padding), as Standard Webhooks writes its
// secrets ("whsec_<base64>") and signatures.
#pragma once

#include <string>
#include <string_view>

namespace sori {

std::string Base64Encode(std::string_view bytes);

}  // namespace sori
