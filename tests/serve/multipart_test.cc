#include "serve/multipart.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sori {
namespace {

using namespace std::string_literals;

TEST(MultipartTest, ParsesFieldsAndFilesAsViews) {
  const std::string body =
      "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
      "--XyZ\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a;b \\\"c\\\".wav\"\r\n"
      "Content-Type: audio/wav\r\n\r\nRIFF\r\n\0\x01--Xy\r\n--XyZ--\r\nepilogue"s;
  const std::string& full = body;
  const auto parts = ParseMultipart(full, MultipartBoundary("multipart/form-data; boundary=\"XyZ\""));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "model");
  EXPECT_EQ(parts[0].data, "whisper-1");
  EXPECT_EQ(parts[1].name, "file");
  EXPECT_EQ(parts[1].filename, "a;b \"c\".wav");
  EXPECT_EQ(parts[1].content_type, "audio/wav");
  EXPECT_EQ(parts[1].data, std::string_view("RIFF\r\n\0\x01--Xy", 12));
  EXPECT_EQ(FindPart(parts, "file"), &parts[1]);
  EXPECT_EQ(FindPart(parts, "nope"), nullptr);
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data;boundary=abc"), "abc");
}

TEST(MultipartTest, MalformedBodiesAreErrorsNamingTheProblem) {
  const std::string b = "B";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"", "no boundary"},
      {"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nxx", "closing boundary"},
      {"--B\r\nContent-Disposition: form-data\r\n\r\nxx\r\n--B--", "no Content-Disposition name"},
      {"--B\r\nno colon here\r\n\r\nxx\r\n--B--", "malformed part header"},
      {"--B\r\nContent-Disposition: form-data; name=\"a\r\n\r\nxx\r\n--B--", "unterminated"},
      {"--Bjunk", "malformed boundary line"},
  };
  for (const auto& [body, expect] : cases) {
    try {
      ParseMultipart(body, b);
      ADD_FAILURE() << "accepted: " << body;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find(expect), std::string::npos) << e.what();
    }
  }
  std::string many;
  for (int i = 0; i < 5; ++i) many += "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  many += "--B--";
  EXPECT_EQ(ParseMultipart(many, b, 5).size(), 5u);
  EXPECT_THROW(ParseMultipart(many, b, 4), Error);
  EXPECT_THROW(MultipartBoundary("application/json"), Error);
  EXPECT_THROW(MultipartBoundary("multipart/form-data"), Error);
}

}  // namespace
}  // namespace sori
