// Keys, credentials, scopes and rates: the parsing and hashing the gate relies on.
#include <gtest/gtest.h>

#include <set>

#include "auth/api_key.h"
#include "auth/rate.h"
#include "auth/scopes.h"
#include "support/error_code.h"
#include "util/base64.h"
#include "util/sha256.h"

namespace sori {
namespace {

using test::ErrorCodeOf;

// The 401 for `authorization`/`x_api_key`; its message must not contain `sent`.
std::string Refusal(const std::string& authorization, const std::string& x_api_key, const std::string& sent) {
  std::string message;
  EXPECT_EQ(ErrorCodeOf([&] { CredentialFromHeaders(authorization, x_api_key); }, &message), ErrorCode::kUnauthenticated);
  if (!sent.empty()) {
    EXPECT_EQ(message.find(sent), std::string::npos) << message;
  }
  EXPECT_NE(message.find("Authorization: Bearer <key>"), std::string::npos) << message;
  return message;
}

TEST(ApiKeyTest, GeneratedKeysHaveTheFormAndDoNotRepeat) {
  std::set<std::string> keys;
  for (int i = 0; i < 200; ++i) {
    const std::string key = GenerateApiKey();
    EXPECT_EQ(key.size(), kApiKeyLength);
    EXPECT_EQ(key.rfind("sori_", 0), 0u);
    EXPECT_TRUE(LooksLikeApiKey(key)) << key;
    keys.insert(key);
  }
  EXPECT_EQ(keys.size(), 200u);
  // Every base62 character turns up (a biased or narrowed alphabet would miss some).
  std::set<char> chars;
  for (const std::string& k : keys) chars.insert(k.begin() + 5, k.end());
  EXPECT_EQ(chars.size(), 62u);
}

TEST(ApiKeyTest, HashIsSha256HexAndPrefixIsShort) {
  EXPECT_EQ(HashApiKey("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string key = GenerateApiKey();
  EXPECT_EQ(HashApiKey(key), Sha256Hex(key));
  EXPECT_EQ(DisplayPrefix(key), key.substr(0, 11));
}

TEST(ApiKeyTest, CredentialFromBearerOrXApiKey) {
  const std::string key = GenerateApiKey();
  EXPECT_EQ(CredentialFromHeaders("Bearer " + key, ""), key);
  EXPECT_EQ(CredentialFromHeaders("bearer  " + key, ""), key);
  EXPECT_EQ(CredentialFromHeaders("", key), key);
  EXPECT_EQ(CredentialFromHeaders("Bearer " + key, key), key);
}

TEST(ApiKeyTest, MalformedCredentialsAreRefusedWithoutEchoingThem) {
  const std::string key = GenerateApiKey();
  EXPECT_NE(Refusal("", "", "").find("none was sent"), std::string::npos);
  EXPECT_NE(Refusal("Basic dXNlcjpwYXNz", "", "dXNlcjpwYXNz").find("not of the form"), std::string::npos);
  EXPECT_NE(Refusal("Bearer", "", "").find("not of the form"), std::string::npos);
  EXPECT_NE(Refusal("Bearer ", "", "").find("empty"), std::string::npos);
  EXPECT_NE(Refusal("Bearer " + key, GenerateApiKey(), key).find("different keys"), std::string::npos);
  const std::string long_key = "sori_" + std::string(100000, 'a');
  EXPECT_NE(Refusal("Bearer " + long_key, "", long_key.substr(0, 40)).find("malformed"), std::string::npos);
  for (const std::string& bad : {key.substr(0, 20) + "\r\n" + key.substr(22), key.substr(0, 20) + std::string(1, '\0') + key.substr(21),
                                 key.substr(0, 47) + "!", HashApiKey(key), DisplayPrefix(key), "sori_" + HashApiKey(key)}) {
    Refusal("Bearer " + bad, "", bad.substr(5, 12));
    Refusal("", bad, bad.substr(5, 12));
  }
}

TEST(ScopesTest, ParsedCheckedAndOrdered) {
  EXPECT_EQ(ParseScopeList("jobs, transcribe,jobs"), (std::vector<std::string>{"transcribe", "jobs"}));
  EXPECT_EQ(ParseScopeList("admin,jobs,transcribe"), (std::vector<std::string>{"transcribe", "jobs", "admin"}));
  std::string message;
  EXPECT_EQ(ErrorCodeOf([] { ParseScopeList("transcribe,transcibe"); }, &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("'transcibe'"), std::string::npos) << message;
  EXPECT_NE(message.find("transcribe, jobs and admin"), std::string::npos) << message;
  EXPECT_EQ(ErrorCodeOf([] { ParseScopeList(""); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(ErrorCodeOf([] { ParseScopeList("ADMIN"); }), ErrorCode::kInvalidInput);
  EXPECT_TRUE(HasScope({"transcribe", "admin"}, Scope::kAdmin));
  EXPECT_FALSE(HasScope({"admin"}, Scope::kJobs));
}

TEST(RateTest, ParsesCountPerPeriod) {
  const auto rate = [](const std::string& text) {
    const RateSpec r = ParseRate(text);
    return std::make_pair(r.count, r.period_seconds);
  };
  EXPECT_EQ(rate("60/min"), std::make_pair(int64_t{60}, int64_t{60}));
  EXPECT_EQ(rate("10/s"), std::make_pair(int64_t{10}, int64_t{1}));
  EXPECT_EQ(rate("1000/h"), std::make_pair(int64_t{1000}, int64_t{3600}));
  EXPECT_EQ(rate(" 5000/Day "), std::make_pair(int64_t{5000}, int64_t{86400}));
  EXPECT_EQ(rate("none").first, 0);
  for (const char* bad : {"0/min", "60", "60/fortnight", "-1/s", "1e3/s", "60/min/x", "/s", "2000000000/s", ""}) {
    std::string message;
    EXPECT_EQ(ErrorCodeOf([&] { ParseRate(bad); }, &message), ErrorCode::kInvalidInput) << bad;
    EXPECT_NE(message.find("'" + std::string(bad) + "'"), std::string::npos) << message;
  }
  EXPECT_EQ(FormatRate(60, 60), "60/min");
  EXPECT_EQ(FormatRate(10, 1), "10/s");
  EXPECT_EQ(FormatRate(7, 86400), "7/day");
  EXPECT_EQ(FormatRate(9, 90), "9/90s");
  EXPECT_EQ(FormatRate(0, 60), "none");
}

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                       {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                                                       {"foobar", "Zm9vYmFy"}};
  for (const auto& [in, out] : cases) EXPECT_EQ(Base64Encode(in), out) << in;
  EXPECT_EQ(Base64Encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

}  // namespace
}  // namespace sori
