// Standard Webhooks signatures: the specification's published test vector, round trips,
// and what verification must refuse.
#include <gtest/gtest.h>

#include <set>

#include "util/base64.h"
#include "net/webhook_signature.h"
#include "support/error_code.h"

namespace sori {
namespace {

using test::ErrorCodeOf;

// From the Standard Webhooks reference libraries' tests ("sign function works",
// libraries/javascript/src/webhook.test.ts and its Python/Go twins).
constexpr char kSpecSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr char kSpecId[] = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kSpecTimestamp = 1614265330;
constexpr char kSpecBody[] = "{\"test\": 2432232314}";
constexpr char kSpecSignature[] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

TEST(Base64Test, EncodesAndDecodesRfc4648Vectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}, {std::string("\xff\xfe\x00\x01", 4), "//4AAQ=="}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(Base64Encode(bytes), text);
    EXPECT_EQ(Base64Decode(text), bytes) << text;
  }
}

TEST(Base64Test, RefusesWhatIsNotCanonicalPaddedBase64) {
  for (const char* bad : {"Zg", "Zg=", "Z===", "====", "Zm9v\n", "Zm 9v", "Zm9-", "Zm9_", "Z=g=", "Zg==Zg==", "é"}) {
    EXPECT_EQ(Base64Decode(bad), std::nullopt) << bad;
  }
}

TEST(WebhookSignatureTest, MatchesTheSpecificationTestVector) {
  EXPECT_EQ(SignWebhook(kSpecSecret, kSpecId, kSpecTimestamp, kSpecBody), kSpecSignature);
  EXPECT_TRUE(VerifyWebhook(kSpecSecret, kSpecId, std::to_string(kSpecTimestamp), kSpecBody, kSpecSignature,
                            kSpecTimestamp + 10));
}

TEST(WebhookSignatureTest, HeadersCarryIdTimestampAndSignature) {
  EXPECT_EQ(WebhookHeaders(kSpecSecret, kSpecId, kSpecTimestamp, kSpecBody),
            (std::vector<std::string>{"webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp: 1614265330",
                                      std::string("webhook-signature: ") + kSpecSignature,
                                      "content-type: application/json"}));
}

TEST(WebhookSignatureTest, NewSecretsAreWellFormedAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string secret = NewWebhookSecret();
    EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
    EXPECT_EQ(Base64Decode(secret.substr(6))->size(), 32u);
    EXPECT_NO_THROW(CheckWebhookSecret(secret));
    seen.insert(secret);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(WebhookSignatureTest, RoundTripsAndRefusesTampering) {
  const std::string secret = NewWebhookSecret();
  const std::string body = R"({"id":"job_1","status":"succeeded","text":"안녕하세요"})";
  const int64_t now = 1'800'000'000;
  const std::string sig = SignWebhook(secret, "msg_1", now, body);
  const std::string ts = std::to_string(now);
  EXPECT_TRUE(VerifyWebhook(secret, "msg_1", ts, body, sig, now));
  EXPECT_FALSE(VerifyWebhook(secret, "msg_1", ts, body + " ", sig, now)) << "body changed";
  EXPECT_FALSE(VerifyWebhook(secret, "msg_2", ts, body, sig, now)) << "id changed";
  EXPECT_FALSE(VerifyWebhook(secret, "msg_1", std::to_string(now + 1), body, sig, now)) << "timestamp changed";
  EXPECT_FALSE(VerifyWebhook(NewWebhookSecret(), "msg_1", ts, body, sig, now)) << "another secret";
  EXPECT_FALSE(VerifyWebhook(secret, "msg_1", ts, body, "v2," + sig.substr(3), now)) << "unknown version";
  EXPECT_FALSE(VerifyWebhook(secret, "msg_1", ts, body, sig.substr(0, 10), now)) << "cut signature";
  EXPECT_FALSE(VerifyWebhook(secret, "msg_1", ts, body, "", now));
}

TEST(WebhookSignatureTest, AnyOfSeveralSignaturesMayMatch) {
  const std::string secret = NewWebhookSecret();
  const std::string sig = SignWebhook(secret, "m", 1000, "{}");
  const std::string header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc " + sig + " v1,xyz=";
  EXPECT_TRUE(VerifyWebhook(secret, "m", "1000", "{}", header, 1000));
}

TEST(WebhookSignatureTest, TimestampToleranceAndMalformedTimestamps) {
  const std::string secret = NewWebhookSecret();
  const int64_t ts = 1'700'000'000;
  const std::string sig = SignWebhook(secret, "m", ts, "{}");
  EXPECT_TRUE(VerifyWebhook(secret, "m", std::to_string(ts), "{}", sig, ts + 300));
  EXPECT_TRUE(VerifyWebhook(secret, "m", std::to_string(ts), "{}", sig, ts - 300));
  EXPECT_FALSE(VerifyWebhook(secret, "m", std::to_string(ts), "{}", sig, ts + 301)) << "too old";
  EXPECT_FALSE(VerifyWebhook(secret, "m", std::to_string(ts), "{}", sig, ts - 301)) << "too new";
  EXPECT_TRUE(VerifyWebhook(secret, "m", std::to_string(ts), "{}", sig, ts + 3000, 3600));
  for (const std::string bad : {"", "abc", "1700000000.0", " 1700000000", "99999999999999999999", "0x1"}) {
    EXPECT_FALSE(VerifyWebhook(secret, "m", bad, "{}", sig, ts)) << bad;
  }
}

TEST(WebhookSignatureTest, BadSecretsAreRefusedWithoutEchoingThem) {
  for (const std::string& bad : std::vector<std::string>
       {"", "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa", "whsec_" + Base64Encode(std::string(23, 'k')),
        "whsec_" + Base64Encode(std::string(65, 'k')), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
        "WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}) {
    std::string message;
    EXPECT_EQ(ErrorCodeOf([&] { CheckWebhookSecret(bad); }, &message), ErrorCode::kInvalidInput) << bad;
    EXPECT_EQ(ErrorCodeOf([&] { SignWebhook(bad, "m", 1, "{}"); }), ErrorCode::kInvalidInput) << bad;
    if (bad.size() > 6) {
      EXPECT_EQ(message.find(bad.substr(6)), std::string::npos) << message;
    }
  }
  EXPECT_NO_THROW(CheckWebhookSecret("whsec_" + Base64Encode(std::string(24, 'k'))));
  EXPECT_NO_THROW(CheckWebhookSecret("whsec_" + Base64Encode(std::string(64, 'k'))));
}

}  // namespace
}  // namespace sori
