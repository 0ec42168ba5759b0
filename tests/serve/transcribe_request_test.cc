// ParseTranscribeRequest on its own: every field of Sori's and OpenAI's transcription
// requests, and every error, without a server.
#include <gtest/gtest.h>

#include "http_client.h"
#include "serve/transcribe_request.h"
#include "support/error_code.h"

namespace sori {
namespace {

namespace http = boost::beast::http;
using test::MultipartField;

HttpRequest Raw(const std::string& body, const std::string& content_type = "audio/wav") {
  HttpRequest r{http::verb::post, "/v1/transcribe", 11};
  r.set(http::field::content_type, content_type);
  r.body() = body;
  return r;
}

HttpRequest Form(const std::vector<MultipartField>& fields, bool upper_case_type = false) {
  auto [body, type] = test::EncodeMultipart(fields);
  if (upper_case_type) type.replace(0, 19, "Multipart/Form-Data");
  return Raw(body, type);
}

TranscribeRequest Parse(HttpRequest r, bool openai, const std::string& query = "", RecognizerOptions defaults = {}) {
  return ParseTranscribeRequest(r, openai, query, defaults);
}

// The message of the kInvalidInput the request is refused with.
std::string Refusal(HttpRequest r, bool openai, const std::string& query = "") {
  std::string message;
  EXPECT_EQ(test::ErrorCodeOf([&] { Parse(std::move(r), openai, query); }, &message), ErrorCode::kInvalidInput);
  return message;
}

TEST(TranscribeRequestTest, SoriTakesARawBodyOrAMultipartAudioOrFileField) {
  const TranscribeRequest raw = Parse(Raw("RIFF..."), false);
  EXPECT_EQ(raw.audio, "RIFF...");
  EXPECT_EQ(raw.audio_name, "request body");
  const TranscribeRequest audio = Parse(Form({{"audio", "bytes", "clip.wav"}}), false);
  EXPECT_EQ(audio.audio, "bytes");
  EXPECT_EQ(audio.audio_name, "clip.wav");
  EXPECT_EQ(Parse(Form({{"file", "other", "f.wav"}}), false).audio, "other");
  EXPECT_EQ(Parse(Form({{"audio", "x", "a.wav"}}, true), false).audio, "x") << "media types are case-insensitive";
}

TEST(TranscribeRequestTest, MissingOrEmptyAudioIsRefusedNamingTheField) {
  EXPECT_NE(Refusal(Raw(""), false).find("no audio"), std::string::npos);
  EXPECT_NE(Refusal(Form({{"beam", "2", ""}}), false).find("'audio'"), std::string::npos);
  EXPECT_NE(Refusal(Form({{"model", "m", ""}}), true).find("'file'"), std::string::npos);
  EXPECT_NE(Refusal(Form({{"file", "", "empty.wav"}}), true).find("no audio"), std::string::npos);
  EXPECT_NE(Refusal(Raw("RIFF"), true).find("multipart/form-data"), std::string::npos);
  EXPECT_EQ(test::ErrorCodeOf([] { Parse(Raw("--x\r\n", "multipart/form-data"), false); }), ErrorCode::kInvalidInput)
      << "no boundary";
}

TEST(TranscribeRequestTest, BeamFromTheFormOrTheQueryWithinOneTo64) {
  RecognizerOptions defaults;
  defaults.beam = 7;
  EXPECT_EQ(Parse(Raw("a"), false, "", defaults).options.beam, 7) << "the server's default";
  EXPECT_EQ(Parse(Raw("a"), false, "beam=4").options.beam, 4);
  EXPECT_EQ(Parse(Form({{"audio", "a", "a.wav"}, {"beam", "16", ""}}), false, "beam=4").options.beam, 16)
      << "a form field wins over the query";
  for (const char* bad : {"0", "65", "abc", "3x", "-1", "99999999999"}) {
    EXPECT_NE(Refusal(Raw("a"), false, std::string("beam=") + bad).find("beam must be an integer in [1, 64]"),
              std::string::npos)
        << bad;
  }
}

TEST(TranscribeRequestTest, LanguageIsALanguageTag) {
  EXPECT_EQ(Parse(Form({{"file", "a", "a.wav"}, {"language", "en-US", ""}}), true).language, "en-US");
  EXPECT_EQ(Parse(Raw("a"), false, "language=ko").language, "ko");
  EXPECT_NE(Refusal(Raw("a"), false, "language=english!").find("language must be"), std::string::npos);
  const std::string huge(5000, 'k');
  const std::string message = Refusal(Form({{"file", "a", "a.wav"}, {"language", huge, ""}}), true);
  EXPECT_LT(message.size(), 200u) << "a hostile value is quoted only in part";
  for (const char* ok : {"ko", "yue", "en-US", "zh-Hant-TW"}) EXPECT_NO_THROW(CheckLanguageTag(ok)) << ok;
  for (const char* bad : {"", "e", "engl", "en_US", "en-", "1a", "en-toolongsubtag", "a-b-c-d-e"}) {
    EXPECT_EQ(test::ErrorCodeOf([&] { CheckLanguageTag(bad); }), ErrorCode::kInvalidInput) << bad;
  }
}

TEST(TranscribeRequestTest, OpenAiResponseFormatAndTimestampGranularities) {
  const auto openai = [](std::vector<MultipartField> fields) {
    fields.insert(fields.begin(), {"file", "a", "a.wav"});
    return Parse(Form(fields), true);
  };
  EXPECT_EQ(openai({}).response_format, "json") << "OpenAI's default";
  for (const char* f : {"json", "text", "srt", "vtt", "verbose_json"}) {
    EXPECT_EQ(openai({{"response_format", f, ""}}).response_format, f);
  }
  EXPECT_NE(Refusal(Form({{"file", "a", "a.wav"}, {"response_format", "xml", ""}}), true).find("response_format must be"),
            std::string::npos);
  const TranscribeRequest neither = openai({});
  EXPECT_TRUE(neither.segments);
  EXPECT_FALSE(neither.words);
  const TranscribeRequest words = openai({{"timestamp_granularities[]", "word", ""}});
  EXPECT_TRUE(words.words);
  EXPECT_FALSE(words.segments);
  const TranscribeRequest both = openai({{"timestamp_granularities[]", "word", ""}, {"timestamp_granularities", "segment", ""}});
  EXPECT_TRUE(both.words && both.segments);
  EXPECT_NE(Refusal(Form({{"file", "a", "a.wav"}, {"timestamp_granularities[]", "char", ""}}), true)
                .find("timestamp_granularities[] must be word or segment"),
            std::string::npos);
  EXPECT_EQ(Parse(Raw("a"), false, "response_format=xml").response_format, "json") << "Sori's route ignores it";
}

TEST(TranscribeRequestTest, QueryParamFindsExactKeys) {
  EXPECT_EQ(QueryParam("beam=4&language=ko", "language"), "ko");
  EXPECT_EQ(QueryParam("beam=4&language=ko", "beam"), "4");
  EXPECT_EQ(QueryParam("xbeam=4", "beam"), "");
  EXPECT_EQ(QueryParam("beam", "beam"), "");
  EXPECT_EQ(QueryParam("", "beam"), "");
  EXPECT_EQ(QueryParam("a=1&&beam=2&", "beam"), "2");
}

}  // namespace
}  // namespace sori
