// CheckUrlSyntax: the callback URL checks that need no network (net/url_policy.h).
#include <arpa/inet.h>

#include <cstdio>

#include "net/ip_address.h"
#include "net/url_parts.h"
#include "net/url_policy.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr size_t kMaxUrlLength = 2048;
constexpr size_t kMaxHostLength = 253;

[[noreturn]] void Refuse(const std::string& url, const std::string& problem) {
  throw Error(ErrorCode::kInvalidInput, "URL '" + EscapeForMessage(url) + "' " + problem);
}

void CheckCharacters(const std::string& url) {
  if (url.size() > kMaxUrlLength) {
    Refuse(url, "is " + std::to_string(url.size()) + " characters long; at most " +
                    std::to_string(kMaxUrlLength) + " are accepted");
  }
  for (size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c <= 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      Refuse(url, "has a space, control character or non-ASCII byte (" + std::string(hex) + ") at offset " +
                      std::to_string(i) + "; such characters must be percent-encoded");
    }
  }
}

bool IsHostNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

// inet_aton (and so getaddrinfo) reads "2130706433", "0x7f.1", "0177.0.0.1" and "127.1"
// as 127.0.0.1; such a host would slip past a check of the written text, so only the
// dotted-decimal form is accepted for IPv4.
void CheckHostName(const std::string& url, const std::string& host) {
  if (host.empty()) Refuse(url, "has no host");
  if (host.size() > kMaxHostLength) Refuse(url, "has a host longer than 253 characters");
  for (char c : host) {
    if (!IsHostNameCharacter(c)) {
      Refuse(url, "has a host with '" + std::string(1, c) +
                      "'; host names may hold only letters, digits, '-', '_' and '.'");
    }
  }
  in_addr legacy{};
  if (inet_aton(host.c_str(), &legacy) != 0 && !ParseIpAddress(host)) {
    Refuse(url, "writes an IPv4 address in a legacy form ('" + host +
                    "'); write it as four decimal numbers, a.b.c.d");
  }
}

void CheckIpv6Literal(const std::string& url, const std::string& host) {
  if (host.find('%') != std::string::npos) Refuse(url, "has an IPv6 zone ('%'); zones are not accepted");
  auto address = ParseIpAddress(host);
  if (!address || !address->v6) Refuse(url, "has '[" + host + "]', which is not an IPv6 address");
}

int ParsePort(const std::string& url, const std::string& text) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) {
    Refuse(url, "has port '" + text + "'; a port is a number 1..65535");
  }
  const int port = std::stoi(text);
  if (port < 1 || port > 65535) Refuse(url, "has port " + text + "; a port is a number 1..65535");
  return port;
}

// Host and port from the authority ("host", "host:port", "[v6]", "[v6]:port").
void ParseAuthority(const std::string& url, const std::string& authority, UrlParts& parts) {
  if (authority.find('@') != std::string::npos) {
    Refuse(url, "has user information ('...@' before the host); credentials in URLs are not accepted");
  }
  std::string rest;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) Refuse(url, "has a '[' without its ']'");
    parts.host = authority.substr(1, close - 1);
    parts.ipv6_literal = true;
    CheckIpv6Literal(url, parts.host);
    rest = authority.substr(close + 1);
    if (!rest.empty() && rest[0] != ':') Refuse(url, "has characters after ']' that are not ':port'");
  } else {
    const size_t colon = authority.find(':');
    parts.host = authority.substr(0, colon);
    CheckHostName(url, parts.host);
    if (colon != std::string::npos) rest = authority.substr(colon);
  }
  if (!rest.empty()) parts.port = ParsePort(url, rest.substr(1));
}

}  // namespace

std::string EscapeForMessage(const std::string& text) {
  constexpr size_t kShown = 200;
  std::string out;
  for (size_t i = 0; i < text.size() && i < kShown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  if (text.size() > kShown) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

UrlParts ParseUrl(const std::string& url) {
  CheckCharacters(url);
  const size_t sep = url.find("://");
  if (sep == std::string::npos) Refuse(url, "has no scheme; it must start with http:// or https://");
  UrlParts parts;
  parts.scheme = AsciiLower(url.substr(0, sep));
  if (parts.scheme != "http" && parts.scheme != "https") {
    Refuse(url, "has scheme '" + parts.scheme + "'; only http and https are accepted");
  }
  const size_t start = sep + 3;
  const size_t end = url.find_first_of("/?#", start);
  ParseAuthority(url, url.substr(start, end == std::string::npos ? std::string::npos : end - start), parts);
  if (parts.port == 0) parts.port = parts.scheme == "https" ? 443 : 80;
  return parts;
}

void CheckUrlSyntax(const std::string& url) { ParseUrl(url); }

}  // namespace sori
