// The real HTTP server (HttpServer + SttService, as `sori serve` wires them) on a free
// loopback port, with a small random-weight model, shared by the server test suites.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "audio/reader.h"
#include "audio/writer.h"
#include "http_client.h"
#include "infer/recognizer.h"
#include "serve/http_server.h"
#include "serve/stt_service.h"
#include "support/audio_fixtures.h"
#include "support/temp_dir.h"
#include "../infer/tiny_package.h"

namespace sori::test {

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    test::WriteTinyPackage(dir_->File("pkg"));
    recognizer_ = std::make_shared<const Recognizer>(dir_->File("pkg"));
    wav_ = Wav(test::TestSignal(2.0, 1));
  }
  static void TearDownTestSuite() {
    recognizer_.reset();
    delete dir_;
  }

  void Start(SttServiceConfig service_config = {}, HttpServerConfig http = {}, bool load = true) {
    service_config.max_audio_seconds = std::min(service_config.max_audio_seconds, 30.0);
    Launch(service_config, http, load);
  }
  // As Start, without capping the audio length at 30 s.
  void Launch(const SttServiceConfig& service_config, HttpServerConfig http = {}, bool load = true) {
    service_ = std::make_unique<SttService>(service_config);
    http.port = 0;
    server_ = std::make_unique<HttpServer>(
        http, [this](HttpRequest&& r, const std::string& remote, Responder respond) { service_->Handle(std::move(r), remote, std::move(respond)); },
        [this](const RefusedRequest& refused) { return service_->Refuse(refused); });
    server_->Start();
    if (load) service_->Load(recognizer_, "tiny", "v1");
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (service_) service_->Shutdown();
  }

  static std::string Wav(const std::vector<float>& samples) {
    static int n = 0;
    const std::string path = dir_->File("clip" + std::to_string(n++) + ".wav");
    WriteWav(path, Audio{samples, 16000});
    return test::ReadBytes(path);
  }
  // What the model says for these WAV bytes (decoded as the server decodes them).
  static std::string Expected(const std::string& wav) {
    return recognizer_->Transcribe({DecodeAudioMemory(wav, "x").samples}).at(0).text;
  }
  HttpResult Post(const std::string& target, const std::vector<test::MultipartField>& fields) {
    const auto [body, type] = EncodeMultipart(fields);
    return HttpCall(server_->port(), "POST", target, body, type);
  }
  static nlohmann::json Json(const HttpResult& r) { return nlohmann::json::parse(r.body); }
  static void ExpectError(const HttpResult& r, int status, const std::string& words) {
    EXPECT_EQ(r.status, status) << r.body << r.error;
    if (r.status == 0) return;
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    ASSERT_TRUE(j.contains("error")) << r.body;
    EXPECT_TRUE(j["error"]["code"].is_string()) << r.body;
    EXPECT_NE(j["error"]["message"].get<std::string>().find(words), std::string::npos) << r.body;
  }

  static inline test::TempDir* dir_ = nullptr;
  static inline std::shared_ptr<const Recognizer> recognizer_;
  static inline std::string wav_;
  std::unique_ptr<SttService> service_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace sori::test
