// The SSRF guard: which callback URLs are refused, and why.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/ip_address.h"
#include "net/url_policy.h"
#include "support/error_code.h"

namespace sori {
namespace {

using test::ErrorCodeOf;

struct RefusedCase {
  std::string url;
  std::string says;  // a part of the message
};

void ExpectRefused(const RefusedCase& c, const UrlPolicy& policy = {}) {
  std::string message;
  EXPECT_EQ(ErrorCodeOf([&] { VetUrl(c.url, policy); }, &message), ErrorCode::kInvalidInput) << c.url;
  EXPECT_NE(message.find(c.says), std::string::npos) << c.url << " -> " << message;
  EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << "raw CR/LF in the message: " << message;
}

TEST(CheckUrlSyntaxTest, RefusesWhatIsNotAPlainHttpUrl) {
  const std::vector<RefusedCase> cases = {
      {"file:///etc/passwd", "scheme 'file'"},
      {"gopher://127.0.0.1:70/_x", "scheme 'gopher'"},
      {"ftp://example.com/", "scheme 'ftp'"},
      {"example.com/hook", "no scheme"},
      {"http://", "no host"},
      {"http:///path", "no host"},
      {"http://:80/", "no host"},
      {"http://user:pw@example.com/", "user information"},
      {"http://example.com@127.0.0.1/", "user information"},
      {"http://example.com\\@127.0.0.1/", "user information"},
      {"http://example.com/a\r\nX-Injected: 1", "\\x0d"},
      {"http://example.com/a\nb", "\\x0a"},
      {"http://example.com/a b", "\\x20"},
      {std::string("http://example.com/\0x", 21), "\\x00"},
      {"http://example.com/\x7f", "\\x7f"},
      {"http://ex\xc3\xa4mple.com/", "non-ASCII"},
      {"http://example.com:0/", "port 0"},
      {"http://example.com:65536/", "port 65536"},
      {"http://example.com:99999999/", "port '99999999'"},
      {"http://example.com:/", "port ''"},
      {"http://example.com:8o/", "port '8o'"},
      {"http://exa%6dple.com/", "'%'"},
      {"http://[::1/", "without its ']'"},
      {"http://[127.0.0.1]/", "not an IPv6 address"},
      {"http://[fe80::1%25eth0]/", "zone"},
      {"http://[::1]x/", "not ':port'"},
      {"http://" + std::string(3000, 'a') + ".com/", "at most 2048"},
      {"http://" + std::string(300, 'a') + ".com/", "longer than 253"},
      // IPv4 written as getaddrinfo's legacy forms, all of them 127.0.0.1
      {"http://2130706433/", "legacy form"},
      {"http://0x7f.1/", "legacy form"},
      {"http://0x7f000001/", "legacy form"},
      {"http://017700000001/", "legacy form"},
      {"http://0177.0.0.1/", "legacy form"},
      {"http://127.1/", "legacy form"},
      {"http://127.0.1/", "legacy form"},
  };
  for (const RefusedCase& c : cases) {
    std::string message;
    EXPECT_EQ(ErrorCodeOf([&] { CheckUrlSyntax(c.url); }, &message), ErrorCode::kInvalidInput) << c.url;
    EXPECT_NE(message.find(c.says), std::string::npos) << c.url << " -> " << message;
    EXPECT_EQ(message.find_first_of(std::string("\r\n\0", 3)), std::string::npos) << message;
    EXPECT_LT(message.size(), 500u) << "a huge URL is cut in the message";
  }
}

TEST(CheckUrlSyntaxTest, AcceptsOrdinaryUrls) {
  for (const std::string url :
       {"http://example.com/hook", "https://hooks.example.com:8443/a/b?c=d&e=%20f#frag", "HTTPS://Example.COM",
        "http://93.184.216.34:80/x", "http://[2606:4700::1111]:8080/", "http://my_host.internal/"}) {
    EXPECT_NO_THROW(CheckUrlSyntax(url)) << url;
  }
}

TEST(VetUrlTest, RefusesEveryForbiddenAddressClass) {
  const std::vector<RefusedCase> cases = {
      {"http://127.0.0.1/", "(loopback)"},
      {"http://127.255.0.9:8080/", "(loopback)"},
      {"http://[::1]/", "(loopback)"},
      {"http://localhost:8080/", "(loopback)"},
      {"http://0.0.0.0/", "(unspecified)"},
      {"http://[::]/", "(unspecified)"},
      {"http://10.1.2.3/", "(private)"},
      {"http://172.16.0.1/", "(private)"},
      {"http://172.31.255.255/", "(private)"},
      {"http://192.168.1.1/", "(private)"},
      {"http://[fc00::1]/", "(private (unique local))"},
      {"http://[fd12:3456::1]/", "(private (unique local))"},
      {"http://169.254.1.1/", "(link-local)"},
      {"http://[fe80::1]/", "(link-local)"},
      {"http://169.254.169.254/", "(cloud metadata)"},
      {"http://169.254.169.254/latest/meta-data/", "(cloud metadata)"},
      {"http://[fd00:ec2::254]/", "(cloud metadata)"},
      {"http://100.64.0.1/", "(carrier-grade NAT)"},
      {"http://100.127.255.254/", "(carrier-grade NAT)"},
      {"http://224.0.0.1/", "(multicast)"},
      {"http://[ff02::1]/", "(multicast)"},
      {"http://255.255.255.255/", "(reserved"},
      {"http://240.0.0.1/", "(reserved"},
      {"http://[::ffff:127.0.0.1]/", "(IPv4-mapped form of loopback)"},
      {"http://[::ffff:169.254.169.254]/", "(IPv4-mapped form of cloud metadata)"},
      {"http://[::ffff:10.0.0.1]/", "(IPv4-mapped form of private)"},
      {"http://[::127.0.0.1]/", "(IPv4-compatible form of loopback)"},
      {"http://[64:ff9b::7f00:1]/", "(NAT64 form of loopback)"},
      {"http://[64:ff9b::a9fe:a9fe]/", "(NAT64 form of cloud metadata)"},
      {"http://[64:ff9b:1::c0a8:101]/", "(NAT64 form of private)"},
      {"http://[2002:7f00:1::]/", "(6to4 form of loopback)"},
  };
  for (const RefusedCase& c : cases) ExpectRefused(c);
}

TEST(VetUrlTest, MessageNamesHostAddressAndClass) {
  std::string message;
  ErrorCodeOf([] { VetUrl("http://localhost:9/hook", {}); }, &message);
  EXPECT_NE(message.find("host 'localhost'"), std::string::npos) << message;
  EXPECT_NE(message.find("resolves to "), std::string::npos) << message;
  EXPECT_NE(message.find("allow-listed"), std::string::npos) << message;
}

TEST(VetUrlTest, AcceptsPublicAddressesOfBothFamilies) {
  VettedUrl v4 = VetUrl("http://93.184.216.34/hook?x=1", {});
  EXPECT_EQ(v4.url, "http://93.184.216.34/hook?x=1");
  EXPECT_EQ(v4.scheme, "http");
  EXPECT_EQ(v4.host, "93.184.216.34");
  EXPECT_EQ(v4.port, 80);
  EXPECT_EQ(v4.address, "93.184.216.34");
  VettedUrl v6 = VetUrl("HTTPS://[2606:4700:4700::1111]:8443/", {});
  EXPECT_EQ(v6.scheme, "https");
  EXPECT_EQ(v6.host, "2606:4700:4700::1111");
  EXPECT_EQ(v6.port, 8443);
  EXPECT_EQ(v6.address, "2606:4700:4700::1111");
  EXPECT_EQ(VetUrl("https://[::ffff:8.8.8.8]/", {}).address, "::ffff:8.8.8.8");
  EXPECT_EQ(VetUrl("https://1.1.1.1/", {}).port, 443);
}

TEST(VetUrlTest, AllowListByAddressRangeAndName) {
  UrlPolicy by_ip{{"127.0.0.1"}};
  EXPECT_EQ(VetUrl("http://127.0.0.1:8080/", by_ip).address, "127.0.0.1");
  EXPECT_EQ(VetUrl("http://[::ffff:127.0.0.1]/", by_ip).address, "::ffff:127.0.0.1");
  ExpectRefused({"http://127.0.0.2/", "(loopback)"}, by_ip);
  ExpectRefused({"http://[::1]/", "(loopback)"}, by_ip);
  ExpectRefused({"http://2130706433/", "legacy form"}, by_ip);  // still refused when allowed

  UrlPolicy by_range{{"10.0.0.0/8", "fd00::/8"}};
  EXPECT_EQ(VetUrl("http://10.200.3.4/", by_range).address, "10.200.3.4");
  EXPECT_EQ(VetUrl("http://[fd12::1]/", by_range).address, "fd12::1");
  ExpectRefused({"http://192.168.0.1/", "(private)"}, by_range);

  UrlPolicy by_name{{"LocalHost"}};
  const VettedUrl local = VetUrl("http://localhost:8080/hook", by_name);
  EXPECT_EQ(local.host, "localhost");
  EXPECT_TRUE(local.address == "127.0.0.1" || local.address == "::1") << local.address;
  EXPECT_EQ(VetUrl("http://[::1]/", UrlPolicy{{"::1"}}).address, "::1");
  EXPECT_EQ(VetUrl("http://[::1]/", UrlPolicy{{"::/0"}}).address, "::1");
}

TEST(VetUrlTest, UnresolvableHostIsAnError) {
  std::string message;
  const ErrorCode code = ErrorCodeOf([] { VetUrl("http://no-such-host.invalid/", {}); }, &message);
  EXPECT_TRUE(code == ErrorCode::kInvalidInput || code == ErrorCode::kUnavailable) << ErrorCodeName(code);
  EXPECT_NE(message.find("does not resolve"), std::string::npos) << message;
}

TEST(UrlPolicyTest, ValidateNamesTheBadEntry) {
  EXPECT_NO_THROW((UrlPolicy{{"127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "hooks.internal", "0.0.0.0/0"}}
                       .Validate()));
  const std::vector<RefusedCase> cases = {
      {"", "not an IP address"},
      {"10.0.0.0/33", "0..32"},
      {"::/129", "0..128"},
      {"10.0.0.0/-1", "0..32"},
      {"10.0.0.0/", "0..32"},
      {"10.0.0.1/8", "bits set past its /8"},
      {"2130706433", "not an IP address"},
      {"host name", "not an IP address"},
      {"http://127.0.0.1/", "not an IP address"},
      {"evil\r\nhost", "evil\\x0d\\x0ahost"},
  };
  for (const RefusedCase& c : cases) {
    std::string message;
    EXPECT_EQ(ErrorCodeOf([&] { UrlPolicy{{"127.0.0.1", c.url}}.Validate(); }, &message), ErrorCode::kInvalidInput)
        << c.url;
    EXPECT_NE(message.find(c.says), std::string::npos) << c.url << " -> " << message;
  }
}

TEST(IpAddressTest, ClassOfPublicAddressesIsNone) {
  for (const char* text : {"8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
                           "64:ff9b::808:808", "2002:808:808::", "::ffff:1.1.1.1"}) {
    auto address = ParseIpAddress(text);
    ASSERT_TRUE(address) << text;
    EXPECT_FALSE(ForbiddenAddressClass(*address)) << text << ": " << *ForbiddenAddressClass(*address);
  }
}

}  // namespace
}  // namespace sori
