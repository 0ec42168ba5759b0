#include "model/state_dict_io.h"
#include "model/zip_directory.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <fstream>

#include "support/audio_fixtures.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

TEST(StateDictIoTest, SaveThenLoadKeepsNamesOrderTypesAndValues) {
  test::TempDir dir;
  StateDict in = {
      {"encoder.w", torch::randn({3, 4})},
      {"encoder.count", torch::tensor(7, torch::kLong)},
      {"decoder.b", torch::randn({5}).to(torch::kDouble)},
      {"a.mask", torch::tensor({true, false, true})},
      {"z.transposed", torch::randn({4, 6}).t()},  // non-contiguous: saved contiguous
  };
  SaveStateDict(dir.File("w.ckpt"), in);
  const StateDict out = LoadStateDict(dir.File("w.ckpt"));
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].first, in[i].first);
    EXPECT_EQ(out[i].second.scalar_type(), in[i].second.scalar_type()) << in[i].first;
    EXPECT_TRUE(torch::equal(out[i].second, in[i].second)) << in[i].first;
  }
}

TEST(StateDictIoTest, ReadsNeMosCheckpoint) {
  const std::string nemo = test::SharedDataDir() + "/nemo-fastconformer-tiny/tiny_fastconformer_ctc.nemo";
  if (!std::ifstream(nemo)) GTEST_SKIP() << "NeMo reference not found";
  test::TempDir dir;
  ASSERT_EQ(test::RunCommand("tar -xf " + test::ShellQuote(nemo) + " -C " + test::ShellQuote(dir.path())).exit_code, 0);
  const StateDict sd = LoadStateDict(dir.File("model_weights.ckpt"));
  ASSERT_EQ(sd.size(), 176u);
  EXPECT_EQ(sd[0].first, "preprocessor.featurizer.window");
  EXPECT_EQ(sd[0].second.sizes(), torch::IntArrayRef({400}));
  int64_t values = 0;
  for (const auto& [name, t] : sd) values += t.numel();
  EXPECT_EQ(values, 3622189);  // the count the reference README gives
  for (const auto& [name, t] : sd) {
    if (name.find("num_batches_tracked") != std::string::npos) {
      EXPECT_EQ(t.scalar_type(), torch::kLong);
    }
  }
}

TEST(StateDictIoTest, BadFilesAreClearErrors) {
  test::TempDir dir;
  const auto expect = [&](const std::string& path, ErrorCode code, const std::string& needle) {
    try {
      LoadStateDict(path);
      ADD_FAILURE() << path << " should fail";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), code) << e.what();
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect(dir.File("missing.ckpt"), ErrorCode::kNotFound, "missing.ckpt");
  expect(dir.Write("text.ckpt", "hello"), ErrorCode::kUnsupported, "not a zip-format");
  expect(dir.Write("legacy.ckpt", std::string("\x80\x02\x8a\x0a", 4)), ErrorCode::kUnsupported, "1.6");
  // A real checkpoint cut in half.
  SaveStateDict(dir.File("good.ckpt"), {{"w", torch::randn({64, 64})}});
  std::string bytes = test::ReadBytes(dir.File("good.ckpt"));
  test::WriteBytes(dir.File("cut.ckpt"), bytes.substr(0, bytes.size() / 2));
  expect(dir.File("cut.ckpt"), ErrorCode::kInvalidInput, "cut.ckpt");
  // A zip archive that is not a checkpoint.
  ASSERT_EQ(test::RunCommand("cd " + test::ShellQuote(dir.path()) + " && echo x > note.txt && "
                             "python3 -c \"import zipfile; zipfile.ZipFile('other.zip','w').write('note.txt')\"")
                .exit_code,
            0);
  expect(dir.File("other.zip"), ErrorCode::kInvalidInput, "other.zip");
  // Hostile central directories: a count far beyond the directory, an offset past the end.
  std::string zip = test::ReadBytes(dir.File("good.ckpt"));
  const size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  ASSERT_NE(eocd, std::string::npos);
  std::string many = zip;
  many[eocd + 10] = many[eocd + 11] = '\xfe';
  expect(dir.Write("many.ckpt", many), ErrorCode::kInvalidInput, "entry count");
  std::string outside = zip;
  outside[eocd + 19] = '\x7f';
  expect(dir.Write("outside.ckpt", outside), ErrorCode::kInvalidInput, "outside the file");
}

TEST(ZipDirectoryTest, ListsEntriesOfATorchArchiveInOrder) {
  test::TempDir dir;
  SaveStateDict(dir.File("w.ckpt"), {{"a", torch::ones({2})}, {"b", torch::zeros({3})}});
  const std::string bytes = test::ReadBytes(dir.File("w.ckpt"));
  const auto names =
      ZipEntryNames([&](uint64_t at, size_t n) { return bytes.substr(at, n); }, bytes.size(), "w.ckpt");
  ASSERT_GE(names.size(), 3u);
  EXPECT_NE(std::find(names.begin(), names.end(), names.front().substr(0, names.front().find('/') + 1) + "data.pkl"),
            names.end());
  EXPECT_NO_THROW(CheckTorchArchiveLayout(names, "w.ckpt"));
  EXPECT_THROW(CheckTorchArchiveLayout({"flat.txt"}, "x"), Error);
  EXPECT_THROW(CheckTorchArchiveLayout({}, "x"), Error);
}

}  // namespace
}  // namespace sori
