// The real HTTP server (HttpServer + SttService, as `sori serve` wires them) on a free
// loopback port, with a small random-weight model: every route and every error status.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include "server_fixture.h"

namespace sori {
namespace {

using test::EncodeMultipart;
using test::HttpCall;
using test::HttpResult;

// Runs a shell command; its exit status (as pclose gives it) and everything it printed.
std::pair<int, std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed: " + command};
  std::string output;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  return {pclose(pipe), output};
}

using test::ServerTest;

TEST_F(ServerTest, HealthIs503UntilTheModelIsLoadedThen200) {
  Start({}, {}, false);
  HttpResult h = HttpCall(server_->port(), "GET", "/health");
  EXPECT_EQ(h.status, 503);
  ExpectError(Post("/v1/transcribe", {{"audio", wav_, "a.wav"}}), 503, "loading");
  service_->Load(recognizer_, "tiny", "v1");
  h = HttpCall(server_->port(), "GET", "/health");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(Json(h)["model_version"], "v1");
  const HttpResult m = HttpCall(server_->port(), "GET", "/v1/models");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(Json(m)["object"], "list");
  EXPECT_EQ(Json(m)["data"][0]["id"], "tiny");
}

TEST_F(ServerTest, TranscribeTakesMultipartOrRawBodyAndReturnsWords) {
  Start();
  RecognizerOptions beam4;
  beam4.beam = 4;
  const std::vector<float> decoded = DecodeAudioMemory(wav_, "x").samples;
  const std::string greedy = recognizer_->Transcribe({decoded}).at(0).text;
  const std::string beam = recognizer_->Transcribe({decoded}, beam4).at(0).text;
  const std::vector<std::pair<HttpResult, std::string>> calls{
      {Post("/v1/transcribe", {{"audio", wav_, "clip.wav"}}), greedy},
      {HttpCall(server_->port(), "POST", "/v1/transcribe", wav_, "audio/wav"), greedy},
      {HttpCall(server_->port(), "POST", "/v1/transcribe?beam=4", wav_, "audio/wav"), beam},
      {Post("/v1/transcribe", {{"audio", wav_, "clip.wav"}, {"beam", "4", ""}}), beam}};
  for (const auto& [r, expected] : calls) {
    ASSERT_EQ(r.status, 200) << r.body << r.error;
    const auto j = Json(r);
    EXPECT_EQ(j["text"], expected);
    EXPECT_NEAR(j["duration"].get<double>(), 2.0, 1e-3);
    EXPECT_TRUE(j["confidence"].is_number());
    EXPECT_TRUE(j["processing_time_ms"].is_number());
    ASSERT_TRUE(j["words"].is_array());
    if (!j["words"].empty()) {
      EXPECT_TRUE(j["words"][0]["word"].is_string());
      EXPECT_LT(j["words"][0]["start"].get<double>(), j["words"][0]["end"].get<double>());
      EXPECT_TRUE(j["words"][0]["confidence"].is_number());
    }
  }
}

TEST_F(ServerTest, OpenAiTranscriptionsInEveryResponseFormat) {
  Start();
  const std::string expected = Expected(wav_);
  const auto call = [&](const std::string& format, std::vector<test::MultipartField> extra = {}) {
    std::vector<test::MultipartField> f{{"file", wav_, "clip.wav"}, {"model", "whisper-1", ""}, {"language", "en", ""},
                                        {"prompt", "ignored", ""}};
    if (!format.empty()) f.push_back({"response_format", format, ""});
    for (auto& e : extra) f.push_back(e);
    return Post("/v1/audio/transcriptions", f);
  };
  HttpResult r = call("");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r), nlohmann::json({{"text", expected}}));
  r = call("text");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, expected + "\n");
  EXPECT_EQ(r.Header("content-type").rfind("text/plain", 0), 0u);
  r = call("srt");
  ASSERT_EQ(r.status, 200);
  if (!expected.empty()) {
    EXPECT_EQ(r.body.rfind("1\n00:00:", 0), 0u) << r.body;
  }
  r = call("vtt");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.rfind("WEBVTT\n\n", 0), 0u);
  r = call("verbose_json", {{"timestamp_granularities[]", "word", ""}, {"timestamp_granularities[]", "segment", ""}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = Json(r);
  EXPECT_EQ(j["task"], "transcribe");
  EXPECT_EQ(j["language"], "en");
  EXPECT_EQ(j["text"], expected);
  EXPECT_NEAR(j["duration"].get<double>(), 2.0, 1e-3);
  EXPECT_TRUE(j["segments"].is_array());
  EXPECT_TRUE(j["words"].is_array());
  r = call("verbose_json", {{"timestamp_granularities[]", "word", ""}});
  EXPECT_FALSE(Json(r).contains("segments"));
  ExpectError(call("xml"), 400, "response_format");
  ExpectError(call("json", {{"timestamp_granularities[]", "char", ""}}), 400, "timestamp_granularities");
  ExpectError(Post("/v1/audio/transcriptions", {{"model", "whisper-1", ""}}), 400, "'file'");
  ExpectError(HttpCall(server_->port(), "POST", "/v1/audio/transcriptions", wav_, "audio/wav"), 400, "multipart");
}

TEST_F(ServerTest, BadRequestsGetTheRightStatusAndJsonError) {
  SttServiceConfig sc;
  sc.max_audio_seconds = 3.0;
  HttpServerConfig hc;
  hc.max_body_bytes = 400 * 1024;
  Start(sc, hc);
  const int port = server_->port();
  ExpectError(HttpCall(port, "GET", "/nope"), 404, "no route");
  ExpectError(HttpCall(port, "GET", "/v1/transcribe"), 405, "POST");
  EXPECT_EQ(HttpCall(port, "GET", "/v1/transcribe").Header("allow"), "POST");
  ExpectError(HttpCall(port, "POST", "/health"), 405, "GET");
  ExpectError(Post("/v1/transcribe", {{"model", "x", ""}}), 400, "'audio'");
  ExpectError(HttpCall(port, "POST", "/v1/transcribe", "", "audio/wav"), 400, "no audio");
  ExpectError(Post("/v1/transcribe", {{"audio", "this is not audio at all, just text", "notes.txt"}}), 400, "notes.txt");
  std::string corrupt = wav_;
  corrupt.resize(60);  // a header promising more than there is
  ExpectError(HttpCall(port, "POST", "/v1/transcribe", corrupt, "audio/wav"), 400, "request body");
  ExpectError(HttpCall(port, "POST", "/v1/transcribe", wav_, "multipart/form-data; boundary=zz"), 400, "multipart");
  ExpectError(HttpCall(port, "POST", "/v1/transcribe?beam=zero", wav_, "audio/wav"), 400, "beam");
  ExpectError(HttpCall(port, "POST", "/v1/transcribe", Wav(test::TestSignal(5.0, 2)), "audio/wav"), 413, "");
  ExpectError(HttpCall(port, "POST", "/v1/transcribe", std::string(600 * 1024, 'x'), "audio/wav"), 413, "larger than the limit");
  // A hostile filename (invalid UTF-8) still gets a JSON error.
  ExpectError(Post("/v1/transcribe", {{"audio", "junk", "\xff\xfe.wav"}}), 400, ".wav");
  // And the server still answers good requests.
  EXPECT_EQ(Post("/v1/transcribe", {{"audio", wav_, "a.wav"}}).status, 200);
}

TEST_F(ServerTest, BadRequestsInFlightDoNotDisturbGoodOnes) {
  Start();
  const std::string expected = Expected(wav_);
  std::atomic<int> good_ok{0}, bad_400{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 3; ++i) {
        if (t % 2 == 0) {
          const HttpResult r = HttpCall(server_->port(), "POST", "/v1/transcribe", wav_, "audio/wav");
          good_ok += r.status == 200 && Json(r)["text"] == expected;
        } else {
          bad_400 += HttpCall(server_->port(), "POST", "/v1/transcribe", "RIFF garbage", "audio/wav").status == 400;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good_ok.load(), 12);
  EXPECT_EQ(bad_400.load(), 12);
}

TEST_F(ServerTest, FullQueueAnswers503WithRetryAfter) {
  SttServiceConfig sc;
  sc.batcher.max_batch_size = 1;
  sc.batcher.max_queue_delay_ms = 0;
  sc.batcher.max_queue_size = 1;
  Start(sc);
  const std::string long_wav = Wav(test::TestSignal(20.0, 3));
  std::atomic<int> ok{0}, busy{0}, other{0};
  // Rounds of 12 simultaneous clients until the queue has overflowed at least once.
  for (int round = 0; round < 5 && busy.load() == 0; ++round) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 12; ++t) {
      threads.emplace_back([&] {
        const HttpResult r = HttpCall(server_->port(), "POST", "/v1/transcribe", long_wav, "audio/wav");
        if (r.status == 200) ++ok;
        else if (r.status == 503 && r.Header("retry-after") == "1") ++busy;
        else ++other;
      });
    }
    for (auto& th : threads) th.join();
  }
  EXPECT_GT(ok.load(), 0);
  EXPECT_GT(busy.load(), 0);
  EXPECT_EQ(other.load(), 0);
}

TEST_F(ServerTest, MetricsAfterTraffic) {
  Start();
  ASSERT_EQ(HttpCall(server_->port(), "POST", "/v1/transcribe", wav_, "audio/wav").status, 200);
  HttpCall(server_->port(), "POST", "/v1/transcribe", "junk", "audio/wav");
  const HttpResult m = HttpCall(server_->port(), "GET", "/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.Header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
  for (const char* line : {"stt_inference_requests_total{model_version=\"v1\",status=\"200\"} 1",
                           "stt_inference_requests_total{model_version=\"v1\",status=\"400\"} 1",
                           "stt_inference_latency_seconds_bucket{model_version=\"v1\",le=\"0.05\"}",
                           "stt_audio_duration_seconds_bucket{model_version=\"v1\",le=\"5\"} 1",
                           "stt_batch_size_count{model_version=\"v1\"} 1", "stt_queue_depth 0",
                           "stt_model_info{model=\"tiny\",model_version=\"v1\"} 1", "process_resident_memory_bytes ",
                           "process_cpu_seconds_total "}) {
    EXPECT_NE(m.body.find(line), std::string::npos) << line << "\n" << m.body;
  }
  // Prometheus's own checker (Debian package `prometheus`), where installed.
  if (std::system("command -v promtool > /dev/null 2>&1") != 0) {
    std::cout << "[metrics] promtool not installed: format check skipped\n";
    return;
  }
  const std::string scrape = dir_->File("scrape.txt");
  test::WriteBytes(scrape, m.body);
  const std::string command = "promtool check metrics < " + scrape + " 2>&1";
  const auto [status, output] = RunCommand(command);
  EXPECT_EQ(status, 0) << output;
}

TEST_F(ServerTest, StopFinishesRequestsInFlight) {
  Start();
  const std::string long_wav = Wav(test::TestSignal(20.0, 4));
  HttpResult r;
  std::thread client([&] { r = HttpCall(server_->port(), "POST", "/v1/transcribe", long_wav, "audio/wav"); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server_->in_flight() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_->Stop();  // returns once the request has been answered
  client.join();
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_NE(HttpCall(server_->port(), "GET", "/health").status, 200);  // no longer listening
}

// The official `openai` npm package (tests/serve/openai-client, installed by
// scripts/install-deps.sh) pointed at the server with baseURL.
TEST_F(ServerTest, OfficialOpenAiNodeClientTranscribes) {
  const std::string client_dir = std::string(SORI_SOURCE_DIR) + "/tests/serve/openai-client";
  if (std::system("command -v node > /dev/null 2>&1") != 0 || !std::filesystem::exists(client_dir + "/node_modules/openai")) {
    GTEST_SKIP() << "node or the openai npm package is missing (scripts/install-deps.sh installs them)";
  }
  Start();
  const std::string file = dir_->File("openai.wav");
  test::WriteBytes(file, wav_);
  const std::string expected = Expected(wav_);
  const std::string command = "node " + client_dir + "/transcribe.mjs " + std::to_string(server_->port()) + " " + file + " 2>&1";
  const auto [status, output] = RunCommand(command);
  ASSERT_EQ(status, 0) << output;
  std::istringstream lines(output);
  std::string line;
  std::map<std::string, nlohmann::json> by_format;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << output;
    by_format[j["format"]] = j;
  }
  ASSERT_EQ(by_format.size(), 3u) << output;
  EXPECT_EQ(by_format["json"]["text"], expected);
  EXPECT_EQ(by_format["text"]["text"], expected + "\n");
  EXPECT_EQ(by_format["verbose_json"]["text"], expected);
  EXPECT_NEAR(by_format["verbose_json"]["duration"].get<double>(), 2.0, 1e-3);
  const auto words = recognizer_->Transcribe({DecodeAudioMemory(wav_, "x").samples}).at(0).words.size();
  EXPECT_EQ(by_format["verbose_json"]["words"].get<size_t>(), words);
  EXPECT_GE(by_format["verbose_json"]["segments"].get<int>(), words > 0 ? 1 : 0);
}

}  // namespace
}  // namespace sori
