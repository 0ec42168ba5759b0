#include "net/ip_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <vector>

#include "util/error.h"

namespace sori {
namespace {

struct Block {
  const char* range;  // CIDR text, parsed once
  const char* why;
};

// Order matters: the first block that contains an address names its class, so the
// metadata addresses come before the link-local and private blocks that hold them.
constexpr Block kV4Blocks[] = {
    {"169.254.169.254/32", "cloud metadata"},
    {"0.0.0.0/8", "unspecified"},
    {"127.0.0.0/8", "loopback"},
    {"10.0.0.0/8", "private"},
    {"172.16.0.0/12", "private"},
    {"192.168.0.0/16", "private"},
    {"169.254.0.0/16", "link-local"},
    {"100.64.0.0/10", "carrier-grade NAT"},
    {"192.0.0.0/24", "reserved (IETF protocol assignments)"},
    {"192.0.2.0/24", "reserved (documentation)"},
    {"198.51.100.0/24", "reserved (documentation)"},
    {"203.0.113.0/24", "reserved (documentation)"},
    {"198.18.0.0/15", "reserved (benchmarking)"},
    {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved (240/4 and broadcast)"},
};

constexpr Block kV6Blocks[] = {
    {"::/128", "unspecified"},
    {"::1/128", "loopback"},
    {"fd00:ec2::254/128", "cloud metadata"},
    {"fc00::/7", "private (unique local)"},
    {"fe80::/10", "link-local"},
    {"fec0::/10", "private (site-local)"},
    {"ff00::/8", "multicast"},
    {"2001:db8::/32", "reserved (documentation)"},
    {"100::/64", "reserved (discard)"},
};

// IPv6 forms that carry an IPv4 address: the block, where the IPv4 address sits (byte
// offset), and the name of the form.
struct Embedding {
  const char* range;
  size_t offset;
  const char* form;
};
constexpr Embedding kEmbeddings[] = {
    {"::ffff:0:0/96", 12, "IPv4-mapped"},
    {"::ffff:0:0:0/96", 12, "IPv4-translated"},
    {"::/96", 12, "IPv4-compatible"},
    {"64:ff9b::/96", 12, "NAT64"},
    {"64:ff9b:1::/48", 12, "NAT64"},
    {"2002::/16", 2, "6to4"},
};

IpRange MustParseRange(const char* text) {
  auto range = ParseIpRange(text);
  if (!range) throw Error(ErrorCode::kInternal, std::string("bad built-in range ") + text);
  return *range;
}

template <typename Table>
std::vector<IpRange> ParseTable(const Table& table) {
  std::vector<IpRange> out;
  for (const auto& row : table) out.push_back(MustParseRange(row.range));
  return out;
}

std::optional<std::string> ClassOf(const IpAddress& a, const std::vector<IpRange>& ranges,
                                   const Block* blocks) {
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (ranges[i].Contains(a)) return std::string(blocks[i].why);
  }
  return std::nullopt;
}

std::optional<int> ParsePrefix(std::string_view text) {
  int value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.size() > 3) return std::nullopt;
  return value;
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  a.v6 = true;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) return a;
  return std::nullopt;
}

std::string FormatIpAddress(const IpAddress& address) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(address.v6 ? AF_INET6 : AF_INET, address.bytes.data(), buf, sizeof buf);
  return buf;
}

IpAddress Unmapped(const IpAddress& address) {
  static const IpRange mapped = MustParseRange("::ffff:0:0/96");
  if (!address.v6 || !mapped.Contains(address)) return address;
  IpAddress v4;
  std::memcpy(v4.bytes.data(), address.bytes.data() + 12, 4);
  return v4;
}

std::optional<std::string> ForbiddenAddressClass(const IpAddress& address) {
  static const std::vector<IpRange> v4 = ParseTable(kV4Blocks);
  static const std::vector<IpRange> v6 = ParseTable(kV6Blocks);
  static const std::vector<IpRange> embeddings = ParseTable(kEmbeddings);
  if (!address.v6) return ClassOf(address, v4, kV4Blocks);
  if (auto why = ClassOf(address, v6, kV6Blocks)) return why;
  for (size_t i = 0; i < embeddings.size(); ++i) {
    if (!embeddings[i].Contains(address)) continue;
    IpAddress inner;
    std::memcpy(inner.bytes.data(), address.bytes.data() + kEmbeddings[i].offset, 4);
    if (auto why = ClassOf(inner, v4, kV4Blocks)) return std::string(kEmbeddings[i].form) + " form of " + *why;
  }
  return std::nullopt;
}

bool IpRange::Contains(const IpAddress& address) const {
  if (address.v6 != base.v6) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    const int mask = 0x80 >> (bit % 8);
    if ((address.bytes[bit / 8] & mask) != (base.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

std::optional<IpRange> ParseIpRange(std::string_view text) {
  const size_t slash = text.find('/');
  auto address = ParseIpAddress(text.substr(0, slash));
  if (!address) return std::nullopt;
  const int bits = address->v6 ? 128 : 32;
  IpRange range{*address, bits};
  if (slash == std::string_view::npos) return range;
  const std::string entry(text);
  auto prefix = ParsePrefix(text.substr(slash + 1));
  if (!prefix || *prefix < 0 || *prefix > bits) {
    throw Error(ErrorCode::kInvalidInput, "address range '" + entry + "': the prefix length after '/' must be 0.." +
                                              std::to_string(bits));
  }
  range.prefix = *prefix;
  for (int bit = range.prefix; bit < bits; ++bit) {
    if (address->bytes[bit / 8] & (0x80 >> (bit % 8))) {
      throw Error(ErrorCode::kInvalidInput, "address range '" + entry + "' has bits set past its /" +
                                                std::to_string(range.prefix) +
                                                " prefix; write the range's first address");
    }
  }
  return range;
}

}  // namespace sori
