// Which slot a request's `model` names (serve/model_set.h): one model takes any name;
// several need a served name or a default.
#include <gtest/gtest.h>

#include "serve/model_set.h"
#include "util/error.h"

namespace sori {
namespace {

std::string Refusal(const ModelSet& set, const std::string& requested, ErrorCode code) {
  try {
    set.Find(requested);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "'" << requested << "' was accepted";
  return "";
}

TEST(ModelSetTest, NoSlotYetIsNotAnError) {
  ModelSet set;
  EXPECT_EQ(set.Find("whisper-1"), nullptr);
  EXPECT_EQ(set.Primary(), nullptr);
  EXPECT_FALSE(set.AllLoaded());
}

TEST(ModelSetTest, OneModelAcceptsAnyName) {
  ModelSet set;
  const auto only = set.Slot("");
  for (const char* name : {"", "whisper-1", "ko", "anything at all"}) EXPECT_EQ(set.Find(name), only) << name;
}

TEST(ModelSetTest, SeveralModelsNeedAServedNameAndListThem) {
  ModelSet set;
  const auto ko = set.Slot("ko");
  const auto en = set.Slot("en");
  EXPECT_EQ(set.Find("ko"), ko);
  EXPECT_EQ(set.Find("en"), en);
  const std::string unknown = Refusal(set, "whisper-1", ErrorCode::kNotFound);
  EXPECT_NE(unknown.find("'whisper-1'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("en, ko"), std::string::npos) << unknown;
  const std::string none = Refusal(set, "", ErrorCode::kInvalidInput);
  EXPECT_NE(none.find("name one with the 'model' field"), std::string::npos) << none;
  EXPECT_FALSE(set.AllLoaded()) << "no version is loaded in either";
}

TEST(ModelSetTest, DefaultTakesUnknownAndMissingNames) {
  ModelSet set;
  const auto ko = set.Slot("ko");
  const auto en = set.Slot("en");
  set.SetDefault("ko");
  EXPECT_EQ(set.Find(""), ko);
  EXPECT_EQ(set.Find("whisper-1"), ko);
  EXPECT_EQ(set.Find("en"), en);
  EXPECT_EQ(set.Primary(), ko);
  EXPECT_THROW(set.SetDefault("fr"), Error);
}

}  // namespace
}  // namespace sori
