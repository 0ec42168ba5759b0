// VetUrl and UrlPolicy::Validate (net/url_policy.h).
#include "net/url_policy.h"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "net/ip_address.h"
#include "net/url_parts.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

struct AllowList {
  std::vector<IpRange> ranges;
  std::vector<std::string> names;  // lower case, no trailing dot
};

std::string CanonicalHostName(const std::string& host) {
  std::string name = AsciiLower(host);
  if (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

bool IsHostName(const std::string& entry) {
  if (entry.empty() || entry.size() > 253) return false;
  // A host name as CheckUrlSyntax accepts it: the URL check does the work.
  try {
    CheckUrlSyntax("http://" + entry + "/");
  } catch (const Error&) {
    return false;
  }
  return entry.find_first_of(":/?#[]") == std::string::npos;
}

AllowList CompileAllowList(const UrlPolicy& policy) {
  AllowList list;
  for (const std::string& entry : policy.allow) {
    const std::string where = "webhook allow-list entry '" + EscapeForMessage(entry) + "'";
    std::optional<IpRange> range;
    try {
      range = ParseIpRange(entry);
    } catch (const Error& e) {
      throw Error(ErrorCode::kInvalidInput, where + ": " + e.what());
    }
    if (range) {
      list.ranges.push_back(*range);
    } else if (IsHostName(entry)) {
      list.names.push_back(CanonicalHostName(entry));
    } else {
      throw Error(ErrorCode::kInvalidInput, where + " is not an IP address (127.0.0.1, ::1), a CIDR range "
                                                    "(10.0.0.0/8, fd00::/8) or a host name");
    }
  }
  return list;
}

bool Allowed(const AllowList& list, const IpAddress& address) {
  const IpAddress plain = Unmapped(address);
  return std::any_of(list.ranges.begin(), list.ranges.end(),
                     [&](const IpRange& r) { return r.Contains(address) || r.Contains(plain); });
}

std::vector<IpAddress> Resolve(const std::string& url, const UrlParts& parts) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (parts.ipv6_literal || ParseIpAddress(parts.host)) hints.ai_flags = AI_NUMERICHOST;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(parts.host.c_str(), nullptr, &hints, &found);
  if (rc != 0) {
    throw Error(rc == EAI_AGAIN ? ErrorCode::kUnavailable : ErrorCode::kInvalidInput,
                "URL '" + EscapeForMessage(url) + "': host '" + parts.host + "' does not resolve (" +
                    gai_strerror(rc) + ")");
  }
  std::vector<IpAddress> out;
  for (addrinfo* ai = found; ai; ai = ai->ai_next) {
    IpAddress a;
    if (ai->ai_family == AF_INET) {
      std::memcpy(a.bytes.data(), &reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr, 4);
    } else if (ai->ai_family == AF_INET6) {
      a.v6 = true;
      std::memcpy(a.bytes.data(), &reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr, 16);
    } else {
      continue;
    }
    out.push_back(a);
  }
  freeaddrinfo(found);
  if (out.empty()) {
    throw Error(ErrorCode::kInvalidInput,
                "URL '" + EscapeForMessage(url) + "': host '" + parts.host + "' has no IPv4 or IPv6 address");
  }
  return out;
}

}  // namespace

void UrlPolicy::Validate() const { CompileAllowList(*this); }

VettedUrl VetUrl(const std::string& url, const UrlPolicy& policy) {
  const UrlParts parts = ParseUrl(url);
  const AllowList allow = CompileAllowList(policy);
  const std::vector<IpAddress> addresses = Resolve(url, parts);
  const bool name_allowed = std::find(allow.names.begin(), allow.names.end(), CanonicalHostName(parts.host)) !=
                            allow.names.end();
  for (const IpAddress& address : addresses) {
    if (name_allowed || Allowed(allow, address)) continue;
    if (auto why = ForbiddenAddressClass(address)) {
      throw Error(ErrorCode::kInvalidInput, "URL '" + EscapeForMessage(url) + "': host '" + parts.host +
                                                "' resolves to " + FormatIpAddress(address) + " (" + *why +
                                                "); such addresses are refused unless allow-listed");
    }
  }
  return VettedUrl{url, parts.scheme, parts.host, parts.port, FormatIpAddress(addresses.front())};
}

}  // namespace sori
