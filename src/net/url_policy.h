// Which callback URLs Sori may POST to: the SSRF guard for webhooks. A client names a URL
// and the server connects to it, so without this guard any API key could make the
// server reach its own loopback services, the private network or the cloud's metadata
// endpoint (and read their answers back through the delivery log).
#pragma once

#include <string>
#include <vector>

namespace sori {

struct UrlPolicy {
  // Addresses or CIDR ranges (IPv4 or IPv6, e.g. "127.0.0.1", "10.0.0.0/8", "::1") and
  // host names that are allowed even though they are loopback/private/link-local.
  std::vector<std::string> allow;
  void Validate() const;  // Error(kInvalidInput) naming a bad entry
};

struct VettedUrl {
  std::string url;      // as given (already checked)
  std::string scheme;   // "http" | "https"
  std::string host;     // as written (no brackets)
  int port = 0;         // explicit or the scheme's default
  std::string address;  // the resolved IP it must connect to (pinned: no second DNS lookup)
};

// Syntax only, no DNS: http/https only; no userinfo; no CR/LF/space/control characters or
// non-ASCII anywhere; a host is present; port 1..65535; length <= 2048. Throws
// Error(kInvalidInput) naming the URL (control characters escaped in the message) and the
// problem. Also refused: IPv4 addresses in the legacy forms that getaddrinfo accepts
// ("http://2130706433/", "http://0x7f.1/", "http://127.1/"), IPv6 zones, and host names
// with characters other than letters, digits, '-', '_' and '.'.
void CheckUrlSyntax(const std::string& url);

// CheckUrlSyntax, then resolve the host (getaddrinfo, literal IPs included, IPv6 in
// brackets) and refuse (kInvalidInput, naming host, address and the class) when ANY
// resolved address is loopback (127/8, ::1), unspecified (0.0.0.0/8, ::), private (10/8,
// 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), cloud metadata
// (169.254.169.254, fd00:ec2::254), carrier-grade NAT (100.64/10), multicast/broadcast/
// reserved (224/4, 240/4, ff00::/8), IPv4-mapped/compatible/NAT64 forms of those, unless
// the address or host name is in policy.allow. Returns the first acceptable address.
// A host that does not resolve: kInvalidInput, or kUnavailable when the resolver says the
// failure is temporary (EAI_AGAIN), so that a delivery can be retried later.
VettedUrl VetUrl(const std::string& url, const UrlPolicy& policy);

}  // namespace sori
