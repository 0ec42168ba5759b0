// `sori keys` through the binary: the key and secret printed once, list/show/revoke/
// rotate-secret, bad options named, and `sori serve` refusing a non-loopback address
// without auth.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>

#include "store/store.h"
#include "support/temp_dir.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace {

class KeysCliTest : public ::testing::Test {
 protected:
  test::CommandResult Sori(const std::string& args) {
    return test::RunSori("--store " + test::ShellQuote(dir_.File("store")) + " " + args);
  }
  test::TempDir dir_;
};

TEST_F(KeysCliTest, CreatePrintsKeyAndSecretOnceAndStoresNeither) {
  const auto made = Sori("keys create --name app --scopes transcribe,jobs --rate 60/min --max-concurrent 4 --audio-hours-per-day 2");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::smatch key, secret;
  ASSERT_TRUE(std::regex_search(made.out, key, std::regex("API key: +(sori_[A-Za-z0-9]{43})\n"))) << made.out;
  ASSERT_TRUE(std::regex_search(made.out, secret, std::regex("Webhook secret: +(whsec_[A-Za-z0-9+/=]{44})\n"))) << made.out;
  EXPECT_NE(made.out.find("will not be shown again"), std::string::npos);
  EXPECT_EQ(Store::Open(dir_.File("store"))->keys().WebhookSecret(1), secret[1].str());

  const auto list = Sori("keys list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("app"), std::string::npos);
  EXPECT_NE(list.out.find(key[1].str().substr(0, 11) + "..."), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("rate 60/min, concurrent 4, audio 2.00 h/day"), std::string::npos) << list.out;
  const auto show = Sori("keys show app --json");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const auto j = nlohmann::json::parse(show.out);
  EXPECT_EQ(j["scopes"], nlohmann::json({"transcribe", "jobs"}));
  EXPECT_EQ(j["max_concurrent"], 4);
  EXPECT_EQ(j["usage"], nlohmann::json::array());
  for (const std::string& out : {list.out, show.out, Sori("keys list --json").out}) {
    EXPECT_EQ(out.find(key[1].str().substr(11)), std::string::npos);
    EXPECT_EQ(out.find(secret[1].str()), std::string::npos);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir_.File("store"))) {
    if (entry.is_regular_file()) {
      EXPECT_EQ(ReadFileToString(entry.path().string(), 1ull << 30).find(key[1].str()), std::string::npos);
    }
  }
}

TEST_F(KeysCliTest, RevokeRotateAndTheNoKeySecret) {
  const auto made = Sori("keys create --name app --json");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string first = nlohmann::json::parse(made.out)["webhook_secret"];
  const auto rotated = Sori("keys rotate-secret app --json");
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  const std::string second = nlohmann::json::parse(rotated.out)["webhook_secret"];
  EXPECT_NE(first, second);
  EXPECT_EQ(Store::Open(dir_.File("store"))->keys().WebhookSecret(1), second);

  const auto anonymous = Sori("keys show --anonymous --json");
  ASSERT_EQ(anonymous.exit_code, 0) << anonymous.err;
  EXPECT_EQ(Sori("keys show --anonymous --json").out, anonymous.out);  // kept, not remade
  const auto rotated_anonymous = Sori("keys rotate-secret --anonymous");
  ASSERT_EQ(rotated_anonymous.exit_code, 0);
  EXPECT_NE(Sori("keys show --anonymous --json").out, anonymous.out);

  EXPECT_EQ(Sori("keys revoke app").exit_code, 0);
  const auto again = Sori("keys revoke app");
  EXPECT_EQ(again.exit_code, ExitStatusFor(ErrorCode::kConflict));
  EXPECT_NE(again.err.find("revoked already"), std::string::npos) << again.err;
  EXPECT_TRUE(Store::Open(dir_.File("store"))->keys().Get("app").revoked());
}

TEST_F(KeysCliTest, BadOptionsAreNamed) {
  const auto scope = Sori("keys create --name app --scopes transcribe,admn");
  EXPECT_EQ(scope.exit_code, ExitStatusFor(ErrorCode::kInvalidInput));
  EXPECT_NE(scope.err.find("'admn'"), std::string::npos) << scope.err;
  const auto rate = Sori("keys create --name app --rate 60/fortnight");
  EXPECT_EQ(rate.exit_code, ExitStatusFor(ErrorCode::kInvalidInput));
  EXPECT_NE(rate.err.find("'60/fortnight'"), std::string::npos) << rate.err;
  const auto name = Sori("keys create --name 'a b'");
  EXPECT_EQ(name.exit_code, ExitStatusFor(ErrorCode::kInvalidInput));
  EXPECT_EQ(Sori("keys create --name app").exit_code, 0);
  EXPECT_EQ(Sori("keys create --name app").exit_code, ExitStatusFor(ErrorCode::kConflict));
  EXPECT_EQ(Sori("keys show nope").exit_code, ExitStatusFor(ErrorCode::kNotFound));
  EXPECT_EQ(Sori("keys show app --anonymous").exit_code, ExitStatusFor(ErrorCode::kInvalidInput));
}

// Checked before the model is even looked for, so a missing model does not matter here.
TEST_F(KeysCliTest, ServeRefusesANonLoopbackAddressWithoutAuth) {
  const auto refused = Sori("serve --model " + dir_.File("no-model") + " --host 0.0.0.0 --port 0");
  EXPECT_EQ(refused.exit_code, ExitStatusFor(ErrorCode::kInvalidInput));
  EXPECT_NE(refused.err.find("refusing to listen on 0.0.0.0 without authentication"), std::string::npos) << refused.err;
  // With keys (or told to) it goes on, to the missing model.
  EXPECT_EQ(Sori("serve --model " + dir_.File("no-model") + " --host 0.0.0.0 --port 0 --auth keys").exit_code,
            ExitStatusFor(ErrorCode::kNotFound));
  EXPECT_EQ(Sori("serve --model " + dir_.File("no-model") + " --host 0.0.0.0 --port 0 --insecure-no-auth").exit_code,
            ExitStatusFor(ErrorCode::kNotFound));
}

}  // namespace
}  // namespace sori
