// The sori binary end to end: every command's happy path, its bad-input path, exit
// statuses and help. Runs the real executable built next to the tests.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sndfile.h>

#include <fstream>
#include <sstream>

#include "support/audio_fixtures.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

using test::RunSori;
using test::ShellQuote;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The value on the line of a key/value table that starts with `key`.
std::string ValueOf(const std::string& table, const std::string& key) {
  std::istringstream lines(table);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(key, 0) == 0) return line.substr(line.find_last_of(' ') + 1);
  }
  return "(no line '" + key + "')";
}

std::string Fsdd(const std::string& name) { return test::SharedDataDir() + "/fsdd/" + name; }

TEST(CliTest, HelpListsEveryCommandAndEachHelpWorks) {
  const auto top = RunSori("--help");
  EXPECT_EQ(top.exit_code, 0);
  for (const char* cmd : {"audio", "features", "text", "metrics", "manifest", "data", "version"}) {
    EXPECT_TRUE(Contains(top.out, cmd)) << cmd;
  }
  for (const char* cmd : {"audio info", "audio convert", "features", "text normalize", "text tokenize",
                          "text train-tokenizer", "metrics cer", "metrics wer", "manifest validate",
                          "data synth", "data import", "data split", "data snapshot", "data snapshots",
                          "models register", "models list", "models show", "models promote", "models rollback",
                          "models gate", "models canary", "lm build", "lm attach", "serve", "version"}) {
    const auto r = RunSori(std::string(cmd) + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_TRUE(Contains(r.out, "Usage")) << cmd << ": " << r.out;
  }
}

TEST(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(RunSori("").exit_code, 2);
  EXPECT_EQ(RunSori("no-such-command").exit_code, 2);
  EXPECT_EQ(RunSori("metrics cer --bogus-flag").exit_code, 2);
  EXPECT_EQ(RunSori("text normalize --lang xx hi").exit_code, 2);
}

TEST(CliTest, VersionReportsOptimizedBlas) {
  const auto r = RunSori("--threads 1 version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.out, "(optimized)")) << r.out;
  EXPECT_TRUE(Contains(r.out, "threads 1 of")) << r.out;
}

TEST(CliTest, WarnsWhenLibtorchGetsTheReferenceBlas) {
  // Debian's netlib BLAS (libblas3) is what libtorch falls back to without OpenBLAS;
  // preloading it makes sgemm_ resolve there, as on a machine that lacks OpenBLAS.
  const std::string reference = "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3";
  if (!std::ifstream(reference)) GTEST_SKIP() << "reference BLAS not installed at " << reference;
  const auto r = test::RunCommand("LD_PRELOAD=" + reference + " " + ShellQuote(SORI_BINARY_PATH) + " version");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "unoptimized BLAS")) << r.err;
  EXPECT_TRUE(Contains(r.out, "REFERENCE: slow")) << r.out;
}

TEST(CliTest, AudioInfoOnFsddReports8kHzMonoAndDecodesTo16k) {
  const std::string file = Fsdd("0_jackson_0.wav");
  if (!std::ifstream(file)) GTEST_SKIP() << "FSDD not found";
  const auto r = RunSori("audio info --decode --json " + ShellQuote(file));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["sample_rate"], 8000);
  EXPECT_EQ(j[0]["channels"], 1);
  EXPECT_EQ(j[0]["container"], "WAV");
  const int64_t frames = j[0]["frames"];
  EXPECT_DOUBLE_EQ(j[0]["duration_sec"].get<double>(), frames / 8000.0);
  EXPECT_EQ(j[0]["decoded_sample_rate"], 16000);
  EXPECT_EQ(j[0]["decoded_samples"], frames * 2);
  const auto table = RunSori("audio info " + ShellQuote(file));
  EXPECT_TRUE(Contains(table.out, "8000")) << table.out;
  EXPECT_TRUE(Contains(table.out, "PCM_16")) << table.out;
}

TEST(CliTest, AudioInfoBadFilesNameTheFileAndFail) {
  test::TempDir dir;
  const std::string empty = dir.Write("empty.wav", "");
  const std::string text = dir.Write("notes.wav", "not audio at all");
  const auto one = RunSori("audio info " + ShellQuote(empty));
  EXPECT_EQ(one.exit_code, 3);  // invalid input
  EXPECT_TRUE(Contains(one.err, empty)) << one.err;
  EXPECT_TRUE(Contains(one.err, "empty")) << one.err;
  const auto missing = RunSori("audio info /nonexistent.wav");
  EXPECT_EQ(missing.exit_code, 4);  // not found
  // Several files: the good ones are still listed, and the exit status says "problems".
  const auto many = RunSori("audio info " + ShellQuote(empty) + " " + ShellQuote(text) + " " +
                            ShellQuote(Fsdd("0_jackson_0.wav")));
  EXPECT_EQ(many.exit_code, 1);
  EXPECT_TRUE(Contains(many.err, "not a readable audio file")) << many.err;
}

TEST(CliTest, AudioConvertWrites16kHzMonoWav) {
  test::TempDir dir;
  test::SineSpec spec;
  spec.sample_rate = 44100;
  spec.channels = 2;
  ASSERT_TRUE(test::WriteSine(dir.File("in.flac"), SF_FORMAT_FLAC | SF_FORMAT_PCM_16, spec));
  const auto r = RunSori("audio convert " + ShellQuote(dir.File("in.flac")) + " " + ShellQuote(dir.File("out.wav")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto info = RunSori("audio info --json " + ShellQuote(dir.File("out.wav")));
  const auto j = nlohmann::json::parse(info.out);
  EXPECT_EQ(j[0]["sample_rate"], 16000);
  EXPECT_EQ(j[0]["channels"], 1);
  EXPECT_EQ(j[0]["frames"], 16000);
}

TEST(CliTest, FeaturesPrintsShapeAndSavesNpy) {
  const std::string file = Fsdd("0_jackson_0.wav");
  if (!std::ifstream(file)) GTEST_SKIP() << "FSDD not found";
  test::TempDir dir;
  const auto r = RunSori("features " + ShellQuote(file) + " --save-npy " + ShellQuote(dir.File("f.npy")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "[80, ")) << r.out;
  EXPECT_TRUE(std::ifstream(dir.File("f.npy")).good());
  const auto j = nlohmann::json::parse(RunSori("features --json " + ShellQuote(file)).out);
  EXPECT_EQ(j["shape"][0], 80);
  EXPECT_EQ(j["sample_rate"], 16000);
  EXPECT_NEAR(j["mean"].get<double>(), 0.0, 1e-3);
}

TEST(CliTest, TextNormalizeKoreanArgumentsAndStdin) {
  const auto r = RunSori("text normalize --lang ko " + ShellQuote("b/ 아/ 모+ 몬 소리야 (70%)/(칠 십 퍼센트) 확률이라니 n/"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "아 모 몬 소리야 칠 십 퍼센트 확률이라니\n");
  const auto spelling = RunSori("text normalize --lang ko --spelling " + ShellQuote("(70%)/(칠 십 퍼센트) 확률"));
  EXPECT_EQ(spelling.out, "70% 확률\n");
  const auto piped = test::RunCommand("printf 'Hello, World!\\nIt\\047s OK.\\n' | " + ShellQuote(SORI_BINARY_PATH) +
                                      " text normalize --lang en");
  EXPECT_EQ(piped.out, "hello world\nit's ok\n");
  const auto bad = test::RunCommand("printf 'ok\\n\\377\\n' | " + ShellQuote(SORI_BINARY_PATH) + " text normalize --lang ko");
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_TRUE(Contains(bad.err, "stdin line 2")) << bad.err;
}

TEST(CliTest, TextTokenizeJamoRoundTrips) {
  const auto r = RunSori("text tokenize --tokenizer jamo --json " + ShellQuote("안녕하세요 sori 2026"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decoded"], "안녕하세요 sori 2026");
  EXPECT_EQ(j["blank_id"], 112);
  EXPECT_EQ(j["ids"].size(), 12u + 1 + 4 + 1 + 4);  // 5 syllables = 12 jamo (2 finals), space, sori, space, 2026
}

TEST(CliTest, TrainSpmTokenizerThenTokenizeWithIt) {
  test::TempDir dir;
  std::string corpus;
  for (int i = 0; i < 200; ++i) corpus += "the quick brown fox number " + std::to_string(i) + " jumps over the lazy dog\n";
  dir.Write("corpus.txt", corpus);
  const auto train = RunSori("text train-tokenizer --type spm --vocab-size 60 --input " +
                             ShellQuote(dir.File("corpus.txt")) + " --out " + ShellQuote(dir.File("tok")));
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_TRUE(train.err.find("LOG(INFO)") == std::string::npos) << "SentencePiece should train quietly: " << train.err;
  const auto tok = RunSori("text tokenize --tokenizer spm --model " + ShellQuote(dir.File("tok")) + " --json " +
                           ShellQuote("the lazy fox"));
  ASSERT_EQ(tok.exit_code, 0) << tok.err;
  EXPECT_EQ(nlohmann::json::parse(tok.out)["decoded"], "the lazy fox");
  const auto missing = RunSori("text tokenize --tokenizer spm hello");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_TRUE(Contains(missing.err, "--model")) << missing.err;
}

TEST(CliTest, MetricsTextbookValues) {
  const auto cer = RunSori("metrics cer --ref kitten --hyp sitting");
  ASSERT_EQ(cer.exit_code, 0) << cer.err;
  EXPECT_TRUE(Contains(cer.out, "CER 50.00%  (S 2, D 0, I 1 / N 6 characters)")) << cer.out;
  const auto wer = RunSori("metrics wer --ref " + ShellQuote("the cat sat on the mat") + " --hyp " +
                           ShellQuote("the cat sit on mat"));
  EXPECT_TRUE(Contains(wer.out, "WER 33.33%  (S 1, D 1, I 0 / N 6 words)")) << wer.out;
  const auto ko = RunSori("metrics cer --ref 안녕하세요 --hyp 안녕하세오");
  EXPECT_TRUE(Contains(ko.out, "CER 20.00%")) << ko.out;
}

TEST(CliTest, MetricsOverFilesIsCorpusLevel) {
  test::TempDir dir;
  dir.Write("ref.txt", "abcd\nab\n");
  dir.Write("hyp.txt", "abcd\nxy\n");
  const auto r = RunSori("metrics cer --ref-file " + ShellQuote(dir.File("ref.txt")) + " --hyp-file " +
                         ShellQuote(dir.File("hyp.txt")) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(j["rate"].get<double>(), 2.0 / 6.0);  // not the mean of 0 and 1
  EXPECT_EQ(j["utterances"], 2);
  dir.Write("short.txt", "abcd\n");
  const auto mismatch = RunSori("metrics cer --ref-file " + ShellQuote(dir.File("ref.txt")) + " --hyp-file " +
                                ShellQuote(dir.File("short.txt")));
  EXPECT_EQ(mismatch.exit_code, 3);
  EXPECT_TRUE(Contains(mismatch.err, "has 2 lines")) << mismatch.err;
}

TEST(CliTest, ManifestValidateCountsFailuresByReason) {
  test::TempDir dir;
  ASSERT_TRUE(test::WriteSine(dir.File("a.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, test::SineSpec{}));
  dir.Write("good.jsonl", "{\"audio_filepath\": \"a.wav\", \"duration\": 1.0, \"text\": \"ok\"}\n");
  const auto ok = RunSori("manifest validate " + ShellQuote(dir.File("good.jsonl")));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_EQ(ValueOf(ok.out, "failures"), "0") << ok.out;
  EXPECT_EQ(ValueOf(ok.out, "utterances"), "1") << ok.out;

  dir.Write("bad.jsonl",
            "{\"audio_filepath\": \"a.wav\", \"duration\": 1.0, \"text\": \"ok\"}\n"
            "{\"audio_filepath\": \"gone.wav\", \"duration\": 1.0, \"text\": \"x\"}\n"
            "{broken\n");
  const auto bad = RunSori("manifest validate " + ShellQuote(dir.File("bad.jsonl")) + " --report " +
                           ShellQuote(dir.File("report.json")));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(Contains(bad.out, "audio file missing")) << bad.out;
  EXPECT_TRUE(Contains(bad.out, "invalid manifest line")) << bad.out;
  std::ifstream report(dir.File("report.json"));
  const auto j = nlohmann::json::parse(report);
  EXPECT_EQ(j["failures"], 2);
  EXPECT_EQ(j["problems"][0]["line"], 2);

  const auto fail_fast = RunSori("manifest validate --on-error fail " + ShellQuote(dir.File("bad.jsonl")));
  EXPECT_EQ(fail_fast.exit_code, 3);
  EXPECT_TRUE(Contains(fail_fast.err, "line 3")) << fail_fast.err;
}

}  // namespace
}  // namespace sori
