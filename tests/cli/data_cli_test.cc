// `sori data ...` end to end through the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <filesystem>
#include <map>

#include "data/manifest.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

using test::RunSori;
using test::ShellQuote;

bool Contains(const std::string& h, const std::string& n) { return h.find(n) != std::string::npos; }

TEST(DataCliTest, SynthSmallKoreanCorpusValidatesWithVoiceSplits) {
  test::TempDir dir;
  const auto r = RunSori("--threads 2 data synth --lang ko --hours 0.01 --seed 4 --out " + ShellQuote(dir.File("ko")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "h of audio per minute")) << r.out;
  std::set<std::string> train_speakers;
  for (const auto& e : ReadManifest(dir.File("ko/train.jsonl")).entries) train_speakers.insert(*e.speaker);
  for (const char* split : {"train", "val", "test"}) {
    const auto v = RunSori("manifest validate " + ShellQuote(dir.File(std::string("ko/") + split + ".jsonl")));
    EXPECT_EQ(v.exit_code, 0) << split << ": " << v.out << v.err;
  }
  for (const auto& e : ReadManifest(dir.File("ko/test.jsonl")).entries) {
    EXPECT_EQ(train_speakers.count(*e.speaker), 0u) << *e.speaker;
  }
  // A second run into the same folder refuses unless --force.
  const auto again = RunSori("data synth --lang ko --hours 0.001 --out " + ShellQuote(dir.File("ko")));
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_TRUE(Contains(again.err, "--force")) << again.err;
}

TEST(DataCliTest, ImportFsddGives2000UtterancesThenSplitAndSnapshot) {
  const std::string fsdd = test::SharedDataDir() + "/fsdd";
  if (!std::ifstream(fsdd + "/0_jackson_0.wav")) GTEST_SKIP() << "FSDD not found at " << fsdd;
  test::TempDir dir;
  const std::string manifest = dir.File("fsdd.jsonl");
  const auto r = RunSori("data import --format fsdd " + ShellQuote(fsdd) + " --out " + ShellQuote(manifest));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Manifest m = ReadManifest(manifest);
  ASSERT_EQ(m.entries.size(), 2000u);
  std::map<std::string, int> per_speaker;
  for (const auto& e : m.entries) {
    per_speaker[*e.speaker]++;
    const std::string digit = std::filesystem::path(e.audio_filepath).filename().string().substr(0, 1);
    static const char* kWords[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    EXPECT_EQ(e.text, kWords[digit[0] - '0']) << e.audio_filepath;
  }
  EXPECT_EQ(per_speaker, (std::map<std::string, int>{{"jackson", 500}, {"nicolas", 500}, {"theo", 500}, {"yweweler", 500}}));

  const auto split = RunSori("data split " + ShellQuote(manifest) + " --by speaker --ratios 0.5,0.25,0.25");
  ASSERT_EQ(split.exit_code, 0) << split.err;
  std::set<std::string> seen;
  for (const char* name : {"train", "val", "test"}) {
    std::set<std::string> speakers;
    for (const auto& e : ReadManifest(dir.File(std::string(name) + ".jsonl")).entries) speakers.insert(*e.speaker);
    for (const auto& s : speakers) EXPECT_TRUE(seen.insert(s).second) << s << " is in two splits";
  }
  EXPECT_EQ(seen.size(), 4u);

  const std::string store = ShellQuote(dir.File("store"));
  const auto snap = RunSori("--store " + store + " data snapshot --json " + ShellQuote(manifest));
  ASSERT_EQ(snap.exit_code, 0) << snap.err;
  const auto j = nlohmann::json::parse(snap.out);
  EXPECT_EQ(j["utterances"], 2000);
  EXPECT_EQ(j["new"], true);
  const auto again = RunSori("--store " + store + " data snapshot --json " + ShellQuote(manifest));
  EXPECT_EQ(nlohmann::json::parse(again.out)["new"], false);
  const auto list = RunSori("--store " + store + " data snapshots");
  EXPECT_TRUE(Contains(list.out, j["hash"].get<std::string>().substr(0, 12))) << list.out;
}

TEST(DataCliTest, ImportReportsEverySkippedItem) {
  test::TempDir dir;
  dir.Write("corpus/a.txt", "orphan transcript");
  dir.Write("corpus/b.wav", "not audio");
  dir.Write("corpus/b.txt", "hello");
  const auto r = RunSori("data import --format folder " + ShellQuote(dir.File("corpus")) + " --out " +
                         ShellQuote(dir.File("m.jsonl")) + " --report " + ShellQuote(dir.File("report.json")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "skipped")) << r.out;
  std::ifstream in(dir.File("report.json"));
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["imported"], 0);
  EXPECT_EQ(j["skipped"].size(), 2u);
  const auto bad_format = RunSori("data import --format tedlium x --out y.jsonl");
  EXPECT_EQ(bad_format.exit_code, 2);
}

}  // namespace
}  // namespace sori
