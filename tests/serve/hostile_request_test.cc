// Hostile and careless requests against the real server on loopback (issue 17): each
// of these once crashed it, grew its memory without bound, went uncounted, or got the
// wrong answer.
#include <gtest/gtest.h>

#include <sndfile.h>

#include <thread>

#include "serve/http_framing.h"
#include "server_fixture.h"

namespace sori {
namespace {

using test::HttpCall;
using test::HttpResult;
using test::RawExchange;

const std::string kChunkedHead = "POST /v1/transcribe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n";

int StatusOf(const std::string& raw) {
  return raw.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(raw.c_str() + 9) : 0;
}

class HostileRequestTest : public test::ServerTest {};

// One unauthenticated request used to abort the process: Beast threw std::length_error
// ("field value too large") for a trailer field over 65,535 bytes.
TEST_F(HostileRequestTest, TrailerFieldOver64KiBIsRefusedAndTheServerLives) {
  Start();
  const std::string raw = RawExchange(server_->port(), kChunkedHead + "X-T: " + std::string(70000, 't') + "\r\n\r\n", 10);
  EXPECT_EQ(StatusOf(raw), 431) << raw.substr(0, 200);
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/health").status, 200);
  EXPECT_EQ(HttpCall(server_->port(), "POST", "/v1/transcribe", wav_, "audio/wav").status, 200);
}

// Trailers were buffered whole however large (200 MB grew RSS by 300 MB): now they are
// bounded like headers, and the client is answered 431 while it is still sending.
TEST_F(HostileRequestTest, TrailerFloodIsCutAtTheHeaderLimit) {
  Start();
  std::string flood = kChunkedHead;
  for (int i = 0; flood.size() < (2u << 20); ++i) flood += "X-F" + std::to_string(i) + ": " + std::string(1000, 'f') + "\r\n";
  const std::string raw = RawExchange(server_->port(), flood, 10);  // never ends the trailer
  EXPECT_EQ(StatusOf(raw), 431) << raw.substr(0, 200);
  EXPECT_NE(raw.find("trailer"), std::string::npos) << raw;
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/health").status, 200);
}

TEST_F(HostileRequestTest, OversizedHeaderGets431) {
  Start();
  const HttpResult r = HttpCall(server_->port(), "GET", "/health", "", "", {{"X-Big", std::string(kMaxHeaderBytes, 'h')}});
  ExpectError(r, 431, "header");
}

// Refusals made before any handler ran (413, 400, 431) reach the access log's counter.
TEST_F(HostileRequestTest, HttpLayerRefusalsAreCountedByStatus) {
  HttpServerConfig hc;
  hc.max_body_bytes = 64 * 1024;
  Start({}, hc);
  const int port = server_->port();
  EXPECT_EQ(HttpCall(port, "POST", "/v1/transcribe", std::string(100 * 1024, 'x'), "audio/wav").status, 413);
  EXPECT_EQ(StatusOf(RawExchange(port, "POST /v1/transcribe HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n", 10)), 400);
  EXPECT_EQ(StatusOf(RawExchange(port, "BLAH\x01 / HTTP/1.1\r\n\r\n", 10)), 400);
  HttpCall(port, "GET", "/health", "", "", {{"X-Big", std::string(kMaxHeaderBytes, 'h')}});
  const std::string metrics = HttpCall(port, "GET", "/metrics").body;
  for (const char* line : {"stt_http_requests_total{route=\"/v1/transcribe\",status=\"413\"} 1",
                           "stt_http_requests_total{route=\"/v1/transcribe\",status=\"400\"} 1",
                           "stt_http_requests_total{route=\"unparsed\",status=\"400\"} 1",
                           "stt_http_requests_total{route=\"/health\",status=\"431\"} 1"}) {
    EXPECT_NE(metrics.find(line), std::string::npos) << line << "\n" << metrics;
  }
}

TEST_F(HostileRequestTest, HeadHealthAnswersWithoutABody) {
  Start();
  const std::string raw = RawExchange(server_->port(), "HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10);
  EXPECT_EQ(StatusOf(raw), 200) << raw;
  const size_t end = raw.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << raw;
  EXPECT_EQ(raw.size(), end + 4) << raw;  // headers only
  EXPECT_EQ(StatusOf(RawExchange(server_->port(), "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10)), 200);
}

TEST_F(HostileRequestTest, MediaTypeIsCaseInsensitiveAndLanguageIsChecked) {
  Start();
  const std::string expected = Expected(wav_);
  auto [body, type] = test::EncodeMultipart({{"audio", wav_, "a.wav"}});
  const std::string upper = "MULTIPART/FORM-DATA" + type.substr(std::string("multipart/form-data").size());
  const HttpResult r = HttpCall(server_->port(), "POST", "/v1/transcribe", body, upper);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["text"], expected);
  const HttpResult hostile = Post("/v1/audio/transcriptions", {{"file", wav_, "a.wav"}, {"model", "tiny", ""},
                                                              {"response_format", "verbose_json", ""},
                                                              {"language", std::string(1 << 20, 'k'), ""}});
  ExpectError(hostile, 400, "language");
  EXPECT_LT(hostile.body.size(), 1000u);  // the megabyte is not echoed back
  const HttpResult ok = Post("/v1/audio/transcriptions",
                             {{"file", wav_, "a.wav"}, {"response_format", "verbose_json", ""}, {"language", "en-US", ""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Json(ok)["language"], "en-US");
}

// A cut Ogg file was answered 413 "audio is 576460752303423.50 s long"; it is corrupt
// input (400), and the message quotes the upload's name once.
TEST_F(HostileRequestTest, CutOggIsBadRequestNamingTheUpload) {
  Start();
  test::SineSpec spec;
  spec.seconds = 20.0;
  ASSERT_TRUE(test::WriteSine(dir_->File("whole.ogg"), SF_FORMAT_OGG | SF_FORMAT_VORBIS, spec));
  const std::string ogg = test::ReadBytes(dir_->File("whole.ogg"));
  const HttpResult cut = Post("/v1/transcribe", {{"audio", ogg.substr(0, ogg.size() / 2), "talk.ogg"}});
  ExpectError(cut, 400, "'talk.ogg'");
  EXPECT_EQ(cut.body.find("''talk.ogg''"), std::string::npos) << cut.body;
  EXPECT_EQ(Post("/v1/transcribe", {{"audio", ogg, "talk.ogg"}}).status, 200);
}

// Long uploads no longer hold the model: a short clip sent while two long files are
// being recognized is answered before either of them.
TEST_F(HostileRequestTest, ShortRequestsAreAnsweredWhileLongAudioIsRecognized) {
  SttServiceConfig sc;
  sc.max_audio_seconds = 600;
  sc.batcher.long_batch_seconds = 8;  // one segment per long batch: many batches
  Launch(sc);
  const std::string long_wav = Wav(test::TestSignal(240.0, 9));
  std::atomic<int> long_done{0};
  std::vector<std::thread> longs;
  std::vector<HttpResult> long_results(2);
  for (int i = 0; i < 2; ++i) {
    longs.emplace_back([&, i] {
      long_results[static_cast<size_t>(i)] = HttpCall(server_->port(), "POST", "/v1/transcribe", long_wav, "audio/wav");
      ++long_done;
    });
  }
  // Once the long files are under way (queued in the batcher) ...
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (server_->in_flight() < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const HttpResult shorter = HttpCall(server_->port(), "POST", "/v1/transcribe", wav_, "audio/wav");
  const int long_done_when_short_answered = long_done.load();
  for (auto& t : longs) t.join();
  EXPECT_EQ(shorter.status, 200) << shorter.body;
  EXPECT_EQ(long_done_when_short_answered, 0);
  for (const HttpResult& r : long_results) {
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NEAR(Json(r)["duration"].get<double>(), 240.0, 0.01);
  }
}

// A drain deadline answers what it cannot finish with 503: queued recognition and an
// upload still arriving. Nothing is cut without a status.
TEST_F(HostileRequestTest, StopAfterTheDrainDeadlineAnswers503InsteadOfCutting) {
  SttServiceConfig sc;
  sc.max_audio_seconds = 600;
  sc.batcher.max_batch_size = 1;
  sc.batcher.long_batch_seconds = 8;
  Launch(sc);
  const std::string long_wav = Wav(test::TestSignal(240.0, 5));
  std::vector<HttpResult> results(3);
  std::vector<std::thread> clients;
  for (size_t i = 0; i < results.size(); ++i) {
    clients.emplace_back([&, i] { results[i] = HttpCall(server_->port(), "POST", "/v1/transcribe", long_wav, "audio/wav"); });
  }
  std::string upload_answer;
  std::thread uploader([&] {  // a header promising 100 kB, then only 10 bytes
    upload_answer = RawExchange(server_->port(), "POST /v1/transcribe HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n0123456789", 20);
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while ((server_->in_flight() < 3 || server_->uploading() < 1) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server_->StopAccepting();
  EXPECT_FALSE(server_->WaitIdle(0.05));
  const int cancelled = service_->Cancel("the drain deadline passed");
  const int refused = server_->Stop(0);
  for (auto& t : clients) t.join();
  uploader.join();
  EXPECT_GE(cancelled, 1);
  EXPECT_EQ(refused, 1);
  EXPECT_EQ(StatusOf(upload_answer), 503) << upload_answer;
  int unanswered = 0, refused_503 = 0;
  for (const HttpResult& r : results) {
    unanswered += r.status == 0;
    refused_503 += r.status == 503;
  }
  EXPECT_EQ(unanswered, 0);
  EXPECT_GE(refused_503, 1);
}

TEST(HttpFramingTest, ParsesRequestsAndRefusesWhatTheServerRefuses) {
  const FramedRequest ok = ParseRequestBytes("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", 1024, 1);
  ASSERT_TRUE(ok.request.has_value());
  EXPECT_EQ(ok.request->body(), "abc");
  const FramedRequest chunked = ParseRequestBytes(kChunkedHead + "X-T: ok\r\n\r\n", 1024, 7);
  ASSERT_TRUE(chunked.request.has_value());
  EXPECT_EQ(chunked.request->body(), "abc");
  const FramedRequest crash = ParseRequestBytes(kChunkedHead + "X-T: " + std::string(70000, 't') + "\r\n\r\n", 1024, 4096);
  ASSERT_TRUE(crash.refusal.has_value());
  EXPECT_EQ(crash.refusal->status, 431u);
  const FramedRequest big = ParseRequestBytes("POST /a HTTP/1.1\r\nContent-Length: 5000\r\n\r\n", 1024, 64);
  ASSERT_TRUE(big.refusal.has_value());
  EXPECT_EQ(big.refusal->status, 413u);
  const FramedRequest cut = ParseRequestBytes("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nab", 1024, 64);
  ASSERT_TRUE(cut.refusal.has_value());
  EXPECT_EQ(cut.refusal->status, 400u);
}

}  // namespace
}  // namespace sori
