// The sori binary against the hostile-input review (issue 17): FIFOs and devices where
// audio or a manifest is expected, empty manifests, cut-off Ogg files. Every run that
// could hang is bounded (RunSoriWithin): a hang fails the test with exit status 124.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sndfile.h>
#include <sys/stat.h>

#include <fstream>

#include "support/audio_fixtures.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

using test::RunSoriWithin;
using test::ShellQuote;

constexpr int kLimitSeconds = 60;  // far above a normal run (about 1 s), so only a hang trips it

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

class HostileInputCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::WriteSine(dir_.File("a.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, test::SineSpec{}));
    fifo_ = dir_.File("fifo.wav");
    ASSERT_EQ(::mkfifo(fifo_.c_str(), 0600), 0);
  }

  std::string Line(const std::string& audio) const {
    return "{\"audio_filepath\": \"" + audio + "\", \"duration\": 1.0, \"text\": \"ok\"}\n";
  }

  test::TempDir dir_;
  std::string fifo_;
};

TEST_F(HostileInputCliTest, AudioInfoOnAFifoFailsAtOnce) {
  const auto r = RunSoriWithin(kLimitSeconds, "audio info " + ShellQuote(fifo_));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, fifo_ + "' is not a regular file (it is a FIFO")) << r.err;
}

TEST_F(HostileInputCliTest, TokenizerTrainingTextThatIsAFifoFailsAtOnce) {
  const auto r = RunSoriWithin(kLimitSeconds, "text train-tokenizer --type char --input " + ShellQuote(fifo_) + " --out " +
                                                  ShellQuote(dir_.File("tok")));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, "is not a regular file (it is a FIFO")) << r.err;
}

TEST_F(HostileInputCliTest, ManifestValidateReportsAFifoLineAndChecksTheRest) {
  const std::string manifest = dir_.Write("m.jsonl", Line("a.wav") + Line("fifo.wav") + Line("a.wav"));
  const auto r = RunSoriWithin(kLimitSeconds, "manifest validate " + ShellQuote(manifest) + " --report " +
                                                  ShellQuote(dir_.File("report.json")));
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = ReadJson(dir_.File("report.json"));
  EXPECT_EQ(j["ok"], 2);
  ASSERT_EQ(j["problems"].size(), 1u) << j.dump(2);
  EXPECT_EQ(j["problems"][0]["line"], 2);
  EXPECT_TRUE(Contains(j["problems"][0]["message"].get<std::string>(), "not a regular file (it is a FIFO")) << j.dump(2);
}

TEST_F(HostileInputCliTest, AManifestThatIsAFifoOrADeviceFailsAtOnce) {
  for (const std::string& path : {fifo_, std::string("/dev/zero")}) {
    const auto r = RunSoriWithin(kLimitSeconds, "manifest validate " + ShellQuote(path));
    EXPECT_EQ(r.exit_code, 3) << path << ": " << r.err;
    EXPECT_TRUE(Contains(r.err, "manifest '" + path + "' is not a regular file")) << r.err;
    EXPECT_FALSE(Contains(r.err, "Operation not supported")) << r.err;
  }
}

TEST_F(HostileInputCliTest, NemoImportSkipsAFifoLine) {
  const std::string manifest = dir_.Write("m.jsonl", Line("a.wav") + Line("fifo.wav"));
  const auto r = RunSoriWithin(kLimitSeconds, "data import --format nemo " + ShellQuote(manifest) + " --out " +
                                                  ShellQuote(dir_.File("out.jsonl")) + " --report " +
                                                  ShellQuote(dir_.File("report.json")));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = ReadJson(dir_.File("report.json"));
  EXPECT_EQ(j["imported"], 1);
  ASSERT_EQ(j["skipped"].size(), 1u) << j.dump(2);
  EXPECT_TRUE(Contains(j["skipped"][0]["reason"].get<std::string>(), "not a regular file")) << j.dump(2);
}

TEST_F(HostileInputCliTest, EmptyManifestsAreProblemsNotSuccess) {
  for (const char* text : {"", "\n  \n\r\n"}) {
    const std::string manifest = dir_.Write("empty.jsonl", text);
    const auto validate = RunSoriWithin(kLimitSeconds, "manifest validate " + ShellQuote(manifest));
    EXPECT_EQ(validate.exit_code, 1) << validate.out << validate.err;
    EXPECT_TRUE(Contains(validate.out, "has no utterances")) << validate.out;
    const auto fail_fast = RunSoriWithin(kLimitSeconds, "manifest validate --on-error fail " + ShellQuote(manifest));
    EXPECT_EQ(fail_fast.exit_code, 3) << fail_fast.err;
    EXPECT_TRUE(Contains(fail_fast.err, "has no utterances")) << fail_fast.err;
    const auto import = RunSoriWithin(kLimitSeconds, "data import --format nemo " + ShellQuote(manifest) +
                                                         " --out " + ShellQuote(dir_.File("out.jsonl")));
    EXPECT_EQ(import.exit_code, 3) << import.out << import.err;
    EXPECT_TRUE(Contains(import.err, "has no utterances")) << import.err;
  }
}

TEST_F(HostileInputCliTest, AudioInfoOnACutOggPrintsNoAbsurdDuration) {
  test::SineSpec spec;
  spec.seconds = 3.0;
  const std::string path = dir_.File("cut.ogg");
  if (!test::WriteSine(path, SF_FORMAT_OGG | SF_FORMAT_VORBIS, spec)) GTEST_SKIP() << "no Vorbis writer";
  const std::string bytes = test::ReadBytes(path);
  test::WriteBytes(path, bytes.substr(0, bytes.size() * 7 / 10));
  const auto r = RunSoriWithin(kLimitSeconds, "audio info --json " + ShellQuote(path));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(Contains(r.err, "truncated or corrupt OGG")) << r.err;
  EXPECT_FALSE(Contains(r.out + r.err, "576460752303423")) << r.out << r.err;
}

}  // namespace
}  // namespace sori
