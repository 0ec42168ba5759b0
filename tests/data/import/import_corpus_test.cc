// ImportCorpus's own contract: formats, option checks, sources of the wrong kind.
#include "data/import/import.h"

#include <gtest/gtest.h>

#include "data/import/import_fixtures.h"
#include "util/error.h"

namespace sori {
namespace {

ErrorCode CodeOf(const std::string& format, const std::string& source, const ImportOptions& options,
                 std::string* message) {
  try {
    ImportCorpus(format, source, options);
  } catch (const Error& e) {
    *message = e.what();
    return e.code();
  }
  ADD_FAILURE() << "no error for --format " << format << " " << source;
  return ErrorCode::kInternal;
}

TEST(ImportCorpusTest, ListsItsFormats) {
  EXPECT_EQ(ImportFormats(),
            (std::vector<std::string>{"kspon", "librispeech", "kaldi", "fsdd", "folder", "nemo"}));
}

TEST(ImportCorpusTest, RejectsAnUnknownFormatNamingTheAcceptedOnes) {
  test::TempDir dir;
  std::string message;
  EXPECT_EQ(CodeOf("timit", dir.path(), test::QuietOptions(), &message), ErrorCode::kInvalidInput);
  EXPECT_EQ(message,
            "unknown import format 'timit'; accepted: kspon, librispeech, kaldi, fsdd, folder, nemo");
}

TEST(ImportCorpusTest, MissingSourceIsNotFound) {
  test::TempDir dir;
  std::string message;
  EXPECT_EQ(CodeOf("folder", dir.File("nope"), test::QuietOptions(), &message), ErrorCode::kNotFound);
  EXPECT_NE(message.find(dir.File("nope")), std::string::npos) << message;
}

TEST(ImportCorpusTest, MissingAudioRootIsNotFound) {
  test::TempDir dir;
  ImportOptions o = test::QuietOptions();
  o.audio_root = dir.File("elsewhere");
  std::string message;
  EXPECT_EQ(CodeOf("kaldi", dir.path(), o, &message), ErrorCode::kNotFound);
  EXPECT_EQ(message, "audio root not found: '" + dir.File("elsewhere") + "'");
}

TEST(ImportCorpusTest, ValidatesOptions) {
  test::TempDir dir;
  std::string message;
  ImportOptions o = test::QuietOptions();
  o.lang = "fr";
  EXPECT_EQ(CodeOf("folder", dir.path(), o, &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("'fr'"), std::string::npos) << message;
  o = test::QuietOptions();
  o.text_encoding = "latin1";
  EXPECT_EQ(CodeOf("folder", dir.path(), o, &message), ErrorCode::kInvalidInput);
  o = test::QuietOptions();
  o.threads = 0;
  EXPECT_EQ(CodeOf("folder", dir.path(), o, &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("threads"), std::string::npos) << message;
  o = test::QuietOptions();
  o.decode.max_duration_sec = -1;
  EXPECT_EQ(CodeOf("folder", dir.path(), o, &message), ErrorCode::kInvalidInput);
}

TEST(ImportCorpusTest, SourcesOfTheWrongKindAreInvalidInput) {
  test::TempDir dir;
  const std::string file = dir.Write("m.jsonl", "");
  std::string message;
  for (const char* format : {"librispeech", "kaldi", "fsdd", "folder"}) {
    EXPECT_EQ(CodeOf(format, file, test::QuietOptions(), &message), ErrorCode::kInvalidInput);
    EXPECT_NE(message.find("is not a folder"), std::string::npos) << message;
  }
  EXPECT_EQ(CodeOf("kspon", file, test::QuietOptions(), &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find(".trn"), std::string::npos) << message;
  EXPECT_EQ(CodeOf("nemo", dir.path(), test::QuietOptions(), &message), ErrorCode::kInvalidInput);
  EXPECT_EQ(CodeOf("kaldi", dir.path(), test::QuietOptions(), &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("wav.scp is missing"), std::string::npos) << message;
}

TEST(ImportCorpusTest, AnEmptyFolderImportsNothing) {
  test::TempDir dir;
  const ImportResult r = ImportCorpus("folder", dir.path(), test::QuietOptions());
  EXPECT_TRUE(r.entries.empty());
  EXPECT_TRUE(r.skipped.empty());
}

}  // namespace
}  // namespace sori
