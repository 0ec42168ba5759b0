// The key store (store/api_keys.h): keys by hash, revocation, webhook secrets, usage; and
// that a key's text is nowhere in the store's files.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "auth/api_key.h"
#include "store/store.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "util/fs.h"

namespace sori {
namespace {

using test::ErrorCodeOf;

NewApiKey Spec(const std::string& name, const std::string& key) {
  NewApiKey k;
  k.name = name;
  k.key_hash = HashApiKey(key);
  k.prefix = DisplayPrefix(key);
  k.scopes = {"transcribe", "jobs"};
  k.limits = {60, 60, 4, 3600};
  return k;
}

bool IsWebhookSecret(const std::string& s) {
  // whsec_ + base64 of 32 bytes: 43 characters and one '='.
  return std::regex_match(s, std::regex("whsec_[A-Za-z0-9+/]{43}="));
}

class ApiKeyStoreTest : public ::testing::Test {
 protected:
  test::TempDir dir_;
  std::unique_ptr<Store> store_ = Store::Open(dir_.File("store"));
  ApiKeyStore& keys() { return store_->keys(); }
};

TEST_F(ApiKeyStoreTest, CreateFindListRevoke) {
  const std::string key = GenerateApiKey();
  std::string secret;
  const ApiKeyRecord made = keys().Create(Spec("app", key), &secret);
  EXPECT_GT(made.id, 0);
  EXPECT_EQ(made.name, "app");
  EXPECT_EQ(made.prefix, key.substr(0, 11));
  EXPECT_EQ(made.scopes, (std::vector<std::string>{"transcribe", "jobs"}));
  EXPECT_EQ(made.limits.rate_count, 60);
  EXPECT_EQ(made.limits.max_concurrent, 4);
  EXPECT_DOUBLE_EQ(made.limits.audio_seconds_per_day, 3600);
  EXPECT_FALSE(made.revoked());
  EXPECT_FALSE(made.last_used_at.has_value());
  EXPECT_TRUE(IsWebhookSecret(secret)) << secret;
  ASSERT_TRUE(keys().FindByHash(HashApiKey(key)).has_value());
  EXPECT_EQ(keys().FindByHash(HashApiKey(key))->id, made.id);
  EXPECT_FALSE(keys().FindByHash(HashApiKey(GenerateApiKey())).has_value());
  keys().Create(Spec("second", GenerateApiKey()), nullptr);
  ASSERT_EQ(keys().List().size(), 2u);
  EXPECT_EQ(keys().List()[0].name, "app");

  const ApiKeyRecord revoked = keys().Revoke("app");
  EXPECT_TRUE(revoked.revoked());
  EXPECT_TRUE(keys().FindByHash(HashApiKey(key))->revoked());  // found, and marked
  std::string message;
  EXPECT_EQ(ErrorCodeOf([&] { keys().Revoke("app"); }, &message), ErrorCode::kConflict);
  EXPECT_NE(message.find("revoked already"), std::string::npos);
  EXPECT_EQ(ErrorCodeOf([&] { keys().Revoke("nope"); }, &message), ErrorCode::kNotFound);
  EXPECT_NE(message.find("keys: app, second"), std::string::npos) << message;
}

TEST_F(ApiKeyStoreTest, RefusesTakenNamesAndBadFields) {
  const std::string key = GenerateApiKey();
  keys().Create(Spec("app", key), nullptr);
  EXPECT_EQ(ErrorCodeOf([&] { keys().Create(Spec("app", GenerateApiKey()), nullptr); }), ErrorCode::kConflict);
  EXPECT_EQ(ErrorCodeOf([&] { keys().Create(Spec("other", key), nullptr); }), ErrorCode::kConflict);
  const auto refused = [&](const std::function<void(NewApiKey&)>& spoil) {
    NewApiKey k = Spec("fresh", GenerateApiKey());
    spoil(k);
    return ErrorCodeOf([&] { keys().Create(k, nullptr); });
  };
  EXPECT_EQ(refused([](NewApiKey& k) { k.name = ""; }), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused([](NewApiKey& k) { k.name = "a b"; }), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused([](NewApiKey& k) { k.name = std::string(65, 'a'); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused([](NewApiKey& k) { k.key_hash = "sori_abc"; }), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused([](NewApiKey& k) { k.prefix = std::string(17, 'a'); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused([](NewApiKey& k) { k.scopes = {}; }), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused([](NewApiKey& k) { k.scopes = {"a,b"}; }), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused([](NewApiKey& k) { k.limits.rate_period_seconds = 0; }), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused([](NewApiKey& k) { k.limits.audio_seconds_per_day = std::nan(""); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(keys().List().size(), 1u);  // nothing half-written
}

TEST_F(ApiKeyStoreTest, TheKeyTextIsNowhereInTheStoreFiles) {
  std::vector<std::string> made;
  for (int i = 0; i < 3; ++i) {
    made.push_back(GenerateApiKey());
    keys().Create(Spec("k" + std::to_string(i), made.back()), nullptr);
  }
  keys().Revoke("k1");
  keys().AddUsage({{keys().Get("k0").id, "2026-12-07", 3, 1.5, 0, "2026-12-07T10:00:00Z"}});
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.File("store"))) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string bytes = ReadFileToString(entry.path().string(), 1ull << 30);
    for (const std::string& key : made) {
      // The whole key, and its secret part (everything after the display prefix).
      EXPECT_EQ(bytes.find(key), std::string::npos) << entry.path();
      EXPECT_EQ(bytes.find(key.substr(11)), std::string::npos) << entry.path();
    }
  }
  EXPECT_GE(files, 1u);  // store.db (and its WAL while open)
}

TEST_F(ApiKeyStoreTest, WebhookSecretsPerKeyAndForNoKey) {
  std::string secret;
  const int64_t id = keys().Create(Spec("app", GenerateApiKey()), &secret).id;
  EXPECT_EQ(keys().WebhookSecret(id), secret);
  const std::string rotated = keys().RotateWebhookSecret(id);
  EXPECT_TRUE(IsWebhookSecret(rotated));
  EXPECT_NE(rotated, secret);
  EXPECT_EQ(keys().WebhookSecret(id), rotated);
  EXPECT_EQ(ErrorCodeOf([&] { keys().WebhookSecret(id + 1); }), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorCodeOf([&] { keys().RotateWebhookSecret(id + 1); }), ErrorCode::kNotFound);

  const std::string anonymous = keys().WebhookSecret(0);  // made on first use
  EXPECT_TRUE(IsWebhookSecret(anonymous));
  EXPECT_NE(anonymous, rotated);
  EXPECT_EQ(keys().WebhookSecret(0), anonymous);
  EXPECT_EQ(Store::Open(dir_.File("store"))->keys().WebhookSecret(0), anonymous);  // kept in the store
  const std::string anonymous2 = keys().RotateWebhookSecret(0);
  EXPECT_NE(anonymous2, anonymous);
  EXPECT_EQ(keys().WebhookSecret(0), anonymous2);
}

TEST_F(ApiKeyStoreTest, UsageAddsUpPerDayAndRefusesUnknownKeys) {
  const int64_t id = keys().Create(Spec("app", GenerateApiKey()), nullptr).id;
  keys().AddUsage({{id, "2026-12-06", 2, 1.0, 1, "2026-12-06T23:59:00Z"}, {id, "2026-12-07", 1, 0.5, 0, "2026-12-07T00:01:00Z"}});
  keys().AddUsage({{id, "2026-12-07", 4, 2.0, 2, "2026-12-07T00:00:30Z"}});  // an older time does not move last use back
  const auto usage = keys().Usage(id, 10);
  ASSERT_EQ(usage.size(), 2u);
  EXPECT_EQ(usage[0].day, "2026-12-07");
  EXPECT_EQ(usage[0].requests, 5);
  EXPECT_DOUBLE_EQ(usage[0].audio_seconds, 2.5);
  EXPECT_EQ(usage[0].errors, 2);
  EXPECT_EQ(usage[1].requests, 2);
  EXPECT_EQ(keys().Usage(id, 1).size(), 1u);
  EXPECT_EQ(keys().Get(id).last_used_at.value_or(""), "2026-12-07T00:01:00Z");
  EXPECT_EQ(keys().UsageOn(id, "2026-01-01").requests, 0);
  EXPECT_EQ(ErrorCodeOf([&] { keys().AddUsage({{id, "2026-12-08", 1, 0, 0, ""}, {id + 5, "2026-12-08", 1, 0, 0, ""}}); }),
            ErrorCode::kNotFound);
  EXPECT_EQ(keys().UsageOn(id, "2026-12-08").requests, 0);  // all or nothing
}

}  // namespace
}  // namespace sori
