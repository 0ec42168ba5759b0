// A small synthetic corpus end to end: espeak-ng voices, splits by voice, manifests
// that validate, determinism for a seed.
#include "data/synth/synth.h"

#include <gtest/gtest.h>

#include <set>

#include "data/synth/espeak.h"
#include "data/manifest.h"
#include "data/manifest_check.h"
#include "support/temp_dir.h"
#include "text/normalize.h"
#include "util/error.h"
#include "util/subprocess.h"

namespace sori {
namespace {

class SynthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ProgramExists("espeak-ng")) GTEST_SKIP() << "espeak-ng not installed";
  }
};

SynthOptions Small(const std::string& out, uint64_t seed, int threads) {
  SynthOptions o;
  o.lang = "ko";
  o.hours = 40.0 / 3600.0;  // 40 seconds
  o.out_dir = out;
  o.seed = seed;
  o.threads = threads;
  o.show_progress = false;
  return o;
}

TEST_F(SynthTest, VariantsAreListed) {
  const auto v = ListEspeakVariants();
  EXPECT_GT(v.size(), 20u);
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
  EXPECT_EQ(std::count(v.begin(), v.end(), "fast"), 0);
}

TEST_F(SynthTest, CorpusValidatesAndSplitsByVoice) {
  test::TempDir dir;
  const SynthReport r = SynthesizeCorpus(Small(dir.path(), 3, 2));
  EXPECT_GE(r.hours * 3600, 40.0);
  EXPECT_LT(r.hours * 3600, 60.0);

  std::map<std::string, std::set<std::string>> speakers;
  int64_t total = 0;
  for (const char* split : {"train", "val", "test"}) {
    const Manifest m = ReadManifest(dir.File(std::string(split) + ".jsonl"));
    total += static_cast<int64_t>(m.entries.size());
    ManifestCheckOptions check;
    check.show_progress = false;
    const ManifestCheckReport report = CheckManifest(m, check);
    // 40 s leave val and test without a voice: an empty manifest is one failure.
    EXPECT_EQ(report.failures(), m.entries.empty() ? 1 : 0) << split;
    for (const auto& e : m.entries) {
      speakers[split].insert(*e.speaker);
      EXPECT_EQ(NormalizeText(e.text, "ko"), e.text);
      EXPECT_EQ(e.lang.value(), "ko");
      EXPECT_TRUE(e.extra.contains("kind"));
    }
  }
  EXPECT_EQ(total, r.utterances);
  for (const auto& s : speakers["test"]) EXPECT_EQ(speakers["train"].count(s), 0u) << s << " in train and test";
  for (const auto& s : speakers["val"]) EXPECT_EQ(speakers["train"].count(s), 0u) << s << " in train and val";
  // The declared voice assignment agrees with the manifests.
  for (const auto& s : r.splits.at("test").voices) EXPECT_EQ(speakers["train"].count(s), 0u);
}

TEST_F(SynthTest, SameSeedSameCorpusAtAnyThreadCount) {
  test::TempDir a, b, c;
  SynthesizeCorpus(Small(a.path(), 5, 1));
  SynthesizeCorpus(Small(b.path(), 5, 2));
  SynthesizeCorpus(Small(c.path(), 6, 2));
  const auto texts = [](const test::TempDir& d) {
    std::vector<std::string> out;
    for (const char* split : {"train", "val", "test"}) {
      for (const auto& e : ReadManifest(d.File(std::string(split) + ".jsonl")).entries) {
        out.push_back(e.text + "|" + *e.speaker + "|" + std::to_string(e.duration));
      }
    }
    return out;
  };
  EXPECT_EQ(texts(a), texts(b));
  EXPECT_NE(texts(a), texts(c));
}

TEST_F(SynthTest, RefusesToOverwriteWithoutForce) {
  test::TempDir dir;
  SynthOptions o = Small(dir.path(), 1, 2);
  o.hours = 5.0 / 3600.0;
  SynthesizeCorpus(o);
  EXPECT_THROW(SynthesizeCorpus(o), Error);
  o.force = true;
  EXPECT_NO_THROW(SynthesizeCorpus(o));
}

TEST_F(SynthTest, InvalidOptions) {
  SynthOptions o = Small("/tmp/x", 1, 1);
  o.lang = "fr";
  EXPECT_THROW(o.Validate(), Error);
  o = Small("/tmp/x", 1, 1);
  o.hours = 0;
  EXPECT_THROW(o.Validate(), Error);
  o = Small("", 1, 1);
  EXPECT_THROW(o.Validate(), Error);
}

}  // namespace
}  // namespace sori
