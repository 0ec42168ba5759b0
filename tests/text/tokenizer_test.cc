// LoadTokenizer and the tokenizer.json envelope; per-type behaviour is in the
// *_tokenizer_test.cc files.
#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include <string>

#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

struct CorruptCase {
  std::string name;
  std::string contents;
  ErrorCode code;
  std::string expect;  // substring of the message
};

class CorruptTokenizerJsonTest : public ::testing::TestWithParam<CorruptCase> {};

TEST_P(CorruptTokenizerJsonTest, IsRejectedWithFileAndField) {
  test::TempDir dir;
  dir.Write("tokenizer.json", GetParam().contents);
  try {
    LoadTokenizer(dir.path());
    FAIL() << "accepted: " << GetParam().contents;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), GetParam().code) << e.what();
    const std::string what = e.what();
    EXPECT_NE(what.find(dir.File("tokenizer.json")), std::string::npos) << what;
    EXPECT_NE(what.find(GetParam().expect), std::string::npos) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CorruptTokenizerJsonTest,
    ::testing::Values(
        CorruptCase{"Empty", "", ErrorCode::kInvalidInput, "not valid JSON"},
        CorruptCase{"NotJson", "type = jamo", ErrorCode::kInvalidInput, "not valid JSON"},
        CorruptCase{"Truncated", R"({"type": "jamo", "vers)", ErrorCode::kInvalidInput, "not valid JSON"},
        CorruptCase{"InvalidUtf8", "{\"type\": \"\xFF\"}", ErrorCode::kInvalidInput, "not valid JSON"},
        CorruptCase{"NumberOverflow", R"({"type": "jamo", "version": 1e999})", ErrorCode::kInvalidInput, "not valid JSON"},
        CorruptCase{"Array", R"(["jamo"])", ErrorCode::kInvalidInput, "expected a JSON object"},
        CorruptCase{"MissingType", R"({"version": 1})", ErrorCode::kInvalidInput, "field 'type' is missing"},
        CorruptCase{"TypeNotString", R"({"type": 3, "version": 1})", ErrorCode::kInvalidInput,
                    "field 'type' must be a string"},
        CorruptCase{"UnknownType", R"({"type": "wordpiece", "version": 1})", ErrorCode::kInvalidInput,
                    "expected one of: jamo, char, spm"},
        CorruptCase{"MissingVersion", R"({"type": "jamo"})", ErrorCode::kInvalidInput,
                    "field 'version' is missing"},
        CorruptCase{"VersionNotInt", R"({"type": "jamo", "version": "1"})", ErrorCode::kInvalidInput,
                    "field 'version' must be an integer"},
        CorruptCase{"VersionZero", R"({"type": "jamo", "version": 0})", ErrorCode::kInvalidInput,
                    "field 'version' must be >= 1"},
        CorruptCase{"VersionHuge", R"({"type": "jamo", "version": 99999999999})", ErrorCode::kInvalidInput,
                    "field 'version' is out of range"},
        CorruptCase{"FutureVersion", R"({"type": "char", "version": 2, "vocab": ["<unk>"]})",
                    ErrorCode::kUnsupported, "newer than this build"},
        CorruptCase{"JamoMissingVocab", R"({"type": "jamo", "version": 1})", ErrorCode::kInvalidInput,
                    "field 'vocab' is missing"},
        CorruptCase{"CharMissingVocab", R"({"type": "char", "version": 1})", ErrorCode::kInvalidInput,
                    "field 'vocab' is missing"},
        CorruptCase{"CharVocabNotArray", R"({"type": "char", "version": 1, "vocab": "abc"})",
                    ErrorCode::kInvalidInput, "must be an array of strings"},
        CorruptCase{"CharVocabNumber", R"({"type": "char", "version": 1, "vocab": ["<unk>", 5]})",
                    ErrorCode::kInvalidInput, "entry 1 is 5"},
        CorruptCase{"CharVocabNoUnk", R"({"type": "char", "version": 1, "vocab": ["a"]})",
                    ErrorCode::kInvalidInput, "must start with"},
        CorruptCase{"SpmMissingModelField", R"({"type": "spm", "version": 1})", ErrorCode::kInvalidInput,
                    "field 'model' is missing"},
        CorruptCase{"SpmEmptyModelField", R"({"type": "spm", "version": 1, "model": ""})",
                    ErrorCode::kInvalidInput, "field 'model' must name"},
        CorruptCase{"SpmBadFlag", R"({"type": "spm", "version": 1, "model": "m", "decompose_jamo": "yes"})",
                    ErrorCode::kInvalidInput, "field 'decompose_jamo' must be true or false"}),
    [](const ::testing::TestParamInfo<CorruptCase>& param_info) { return param_info.param.name; });

TEST(LoadTokenizerTest, MissingDirectoryOrFileIsNotFound) {
  test::TempDir dir;
  try {
    LoadTokenizer(dir.File("nope"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("tokenizer.json"), std::string::npos) << e.what();
  }
  EXPECT_THROW(LoadTokenizer(dir.path()), Error);
}

TEST(LoadTokenizerTest, IgnoresUnknownExtraFields) {
  test::TempDir dir;
  dir.Write("tokenizer.json", R"({"type": "char", "version": 1, "vocab": ["<unk>", "x"], "comment": "hi"})");
  EXPECT_EQ(LoadTokenizer(dir.path())->vocab_size(), 2);
}

TEST(CheckTokenIdTest, Messages) {
  EXPECT_NO_THROW(CheckTokenId(0, 1));
  EXPECT_NO_THROW(CheckTokenId(9, 10));
  try {
    CheckTokenId(10, 10, 4);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_STREQ(e.what(),
                 "token id 10 at position 4 is out of range: valid ids are 0..9 (the CTC blank, 10, must be "
                 "removed before decoding)");
  }
  try {
    CheckTokenId(-3, 10);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find("position"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sori
