// The pieces of a callback URL, for net/url_policy.cc and net/http_client.cc.
#pragma once

#include <string>

namespace sori {

struct UrlParts {
  std::string scheme;   // lower case: "http" | "https"
  std::string host;     // as written, without brackets
  bool ipv6_literal = false;
  int port = 0;         // explicit or the scheme's default
};

// CheckUrlSyntax (net/url_policy.h) and the parts it found.
UrlParts ParseUrl(const std::string& url);

// `text` for an error message: bytes outside printable ASCII as \xNN, cut after 200
// characters, so that a hostile URL cannot forge log lines or flood them.
std::string EscapeForMessage(const std::string& text);

}  // namespace sori
