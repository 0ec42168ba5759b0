// IP addresses and CIDR ranges for the SSRF guard (net/url_policy.h): parsing in the
// strict standard forms only, and the classes of addresses that a server must not be
// made to reach on a client's behalf (loopback, private, link-local, cloud metadata...).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sori {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4
};

// "a.b.c.d" (four decimal numbers, no leading zeros) or an IPv6 address without brackets
// or zone (inet_pton's forms); nullopt otherwise. "2130706433", "0x7f.1" and "127.1",
// which inet_aton and getaddrinfo accept, are not addresses here.
std::optional<IpAddress> ParseIpAddress(std::string_view text);
std::string FormatIpAddress(const IpAddress& address);

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it is (a socket
// connected to it reaches a.b.c.d); any other address unchanged.
IpAddress Unmapped(const IpAddress& address);

// Why `address` is no place to send a request to ("loopback", "private", "cloud
// metadata", "NAT64 form of loopback", ...), or nullopt for a public unicast address.
// IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 forms are
// judged by the IPv4 address inside them.
std::optional<std::string> ForbiddenAddressClass(const IpAddress& address);

// An address range: "10.0.0.0/8", "fd00::/8", or one address ("127.0.0.1", "::1").
struct IpRange {
  IpAddress base;
  int prefix = 0;  // bits; 32 or 128 for one address
  bool Contains(const IpAddress& address) const;
};
// nullopt if `text` is not an address or range; throws Error(kInvalidInput) naming the
// entry when it is written as a range but is not a valid one (prefix out of 0..32 or
// 0..128, bits set past the prefix).
std::optional<IpRange> ParseIpRange(std::string_view text);

}  // namespace sori
