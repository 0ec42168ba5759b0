// Base64 (RFC 4648 §4, the standard alphabet with '=' padding), as the Standard Webhooks
// secrets ("whsec_<base64>") and signatures ("v1,<base64>") are written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sori {

std::string Base64Encode(std::string_view bytes);

// The decoded bytes, or nullopt unless `text` is canonical padded base64: a length that
// is a multiple of 4, only the standard alphabet, '=' only as the last one or two
// characters. No whitespace or URL-safe alphabet is accepted: a secret pasted with a
// stray character must be refused rather than silently decoded to another key.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace sori
