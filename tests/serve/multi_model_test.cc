// Several models in one server (`sori serve --model ko=... --model en=...`): requests
// choose with OpenAI's `model` field or ?model=, /v1/models and /health list every model,
// and an unknown name is 404 naming those served unless a default is set.
#include "server_fixture.h"

namespace sori::test {
namespace {

class MultiModelTest : public ServerTest {
 protected:
  void StartTwo(const std::string& default_model = "") {
    Start({}, {}, /*load=*/false);
    service_->ExpectModels({"ko", "en"});
    if (!default_model.empty()) service_->SetDefaultModel(default_model);
    service_->Load(recognizer_, "ko", "ko/1", "ko");
    service_->Load(recognizer_, "en", "en/4", "en");
  }
  std::string VersionAnswering(const std::vector<MultipartField>& fields, const std::string& target = "/v1/audio/transcriptions") {
    const HttpResult r = Post(target, fields);
    if (r.status != 200) return std::to_string(r.status) + " " + r.body;
    return Json(r).value("model_version", "?");
  }
};

TEST_F(MultiModelTest, HealthWaitsForEveryModel) {
  Start({}, {}, false);
  service_->ExpectModels({"ko", "en"});
  service_->Load(recognizer_, "ko", "ko/1", "ko");
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/health").status, 503) << "en is not loaded yet";
  service_->Load(recognizer_, "en", "en/4", "en");
  const HttpResult health = HttpCall(server_->port(), "GET", "/health");
  ASSERT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(Json(health)["models"].size(), 2u);
}

TEST_F(MultiModelTest, ModelFieldAndQueryChooseAndModelsListsEach) {
  StartTwo();
  EXPECT_EQ(VersionAnswering({{"file", wav_, "a.wav"}, {"model", "en", ""}, {"response_format", "verbose_json", ""}}, "/v1/transcribe?model=en"), "en/4");
  EXPECT_EQ(VersionAnswering({{"audio", wav_, "a.wav"}}, "/v1/transcribe?model=ko"), "ko/1");
  EXPECT_EQ(VersionAnswering({{"audio", wav_, "a.wav"}, {"model", "en", ""}}, "/v1/transcribe"), "en/4");
  const nlohmann::json models = Json(HttpCall(server_->port(), "GET", "/v1/models"));
  ASSERT_EQ(models["data"].size(), 2u) << models.dump();
  for (const auto& m : models["data"]) {
    EXPECT_GT(m["memory_bytes"].get<int64_t>(), 10000) << m.dump();
    EXPECT_EQ(m["version"], m["id"].get<std::string>() == "ko" ? "ko/1" : "en/4") << m.dump();
  }
  const std::string metrics = HttpCall(server_->port(), "GET", "/metrics").body;
  EXPECT_NE(metrics.find("stt_model_memory_bytes{model=\"en\",model_version=\"en/4\"}"), std::string::npos);
  EXPECT_NE(metrics.find("stt_inference_requests_total{model_version=\"en/4\",status=\"200\"} 2"), std::string::npos);
}

TEST_F(MultiModelTest, UnknownOrMissingNameIsRefusedNamingTheModels) {
  StartTwo();
  ExpectError(Post("/v1/transcribe?model=whisper-1", {{"audio", wav_, "a.wav"}}), 404, "the models served are: en, ko");
  ExpectError(Post("/v1/transcribe", {{"audio", wav_, "a.wav"}}), 400, "name one with the 'model' field");
  ExpectError(Post("/v1/transcribe", {{"audio", wav_, "a.wav"}, {"model", std::string(300, 'x'), ""}}), 400, "at most 256");
}

TEST_F(MultiModelTest, DefaultModelTakesUnknownNames) {
  StartTwo("en");
  EXPECT_EQ(VersionAnswering({{"audio", wav_, "a.wav"}}, "/v1/transcribe?model=whisper-1"), "en/4");
  EXPECT_EQ(VersionAnswering({{"audio", wav_, "a.wav"}}, "/v1/transcribe"), "en/4");
}

TEST_F(MultiModelTest, OneModelAcceptsAnyName) {
  Start();
  EXPECT_EQ(VersionAnswering({{"audio", wav_, "a.wav"}}, "/v1/transcribe?model=whisper-1"), "v1");
}

}  // namespace
}  // namespace sori::test
