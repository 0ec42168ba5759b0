#include "data/split.h"

#include <gtest/gtest.h>

#include <set>

#include "util/error.h"

namespace sori {
namespace {

std::vector<ManifestEntry> Corpus(int speakers, int per_speaker) {
  std::vector<ManifestEntry> out;
  for (int s = 0; s < speakers; ++s) {
    for (int i = 0; i < per_speaker; ++i) {
      ManifestEntry e;
      e.audio_filepath = "/a/" + std::to_string(s) + "_" + std::to_string(i) + ".wav";
      e.duration = 1.0 + (i % 3);
      e.text = "x";
      e.speaker = "spk" + std::to_string(s);
      e.line = static_cast<int64_t>(out.size()) + 1;
      out.push_back(e);
    }
  }
  return out;
}

double Hours(const std::vector<ManifestEntry>& v) {
  double h = 0;
  for (const auto& e : v) h += e.duration;
  return h;
}

TEST(SplitTest, BySpeakerKeepsEachSpeakerInOneSplitAndApproachesRatios) {
  const auto corpus = Corpus(50, 20);
  SplitOptions o;
  const auto parts = SplitManifest(corpus, o);
  std::map<std::string, std::string> where;
  size_t total = 0;
  for (const auto& [name, entries] : parts) {
    total += entries.size();
    for (const auto& e : entries) {
      const auto [it, inserted] = where.emplace(*e.speaker, name);
      EXPECT_EQ(it->second, name) << *e.speaker << " is in two splits";
    }
  }
  EXPECT_EQ(total, corpus.size());
  const double all = Hours(corpus);
  EXPECT_NEAR(Hours(parts.at("train")) / all, 0.8, 0.05);
  EXPECT_NEAR(Hours(parts.at("val")) / all, 0.1, 0.05);
  EXPECT_NEAR(Hours(parts.at("test")) / all, 0.1, 0.05);
}

TEST(SplitTest, DeterministicForASeedAndDifferentAcrossSeeds) {
  const auto corpus = Corpus(30, 5);
  SplitOptions o;
  o.seed = 7;
  const auto a = SplitManifest(corpus, o);
  const auto b = SplitManifest(corpus, o);
  for (const auto& [name, entries] : a) {
    ASSERT_EQ(entries.size(), b.at(name).size());
    for (size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i].audio_filepath, b.at(name)[i].audio_filepath);
  }
  o.seed = 8;
  const auto c = SplitManifest(corpus, o);
  std::set<std::string> test_a, test_c;
  for (const auto& e : a.at("test")) test_a.insert(*e.speaker);
  for (const auto& e : c.at("test")) test_c.insert(*e.speaker);
  EXPECT_NE(test_a, test_c);
}

TEST(SplitTest, RandomSplitByHours) {
  auto corpus = Corpus(1, 1000);
  for (auto& e : corpus) e.speaker.reset();
  SplitOptions o;
  o.by = "random";
  o.names = {"train", "test"};
  o.ratios = {0.9, 0.1};
  const auto parts = SplitManifest(corpus, o);
  EXPECT_NEAR(Hours(parts.at("test")) / Hours(corpus), 0.1, 0.01);
  EXPECT_EQ(parts.at("train").size() + parts.at("test").size(), corpus.size());
}

TEST(SplitTest, MissingSpeakerAndBadOptionsAreErrors) {
  auto corpus = Corpus(3, 2);
  corpus[4].speaker.reset();
  try {
    SplitManifest(corpus, SplitOptions{});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 5"), std::string::npos) << e.what();
  }
  SplitOptions o;
  o.ratios = {0.5, 0.4};
  EXPECT_THROW(SplitManifest(Corpus(2, 2), o), Error);
  o.ratios = {0.5, 0.4, 0.2};
  EXPECT_THROW(SplitManifest(Corpus(2, 2), o), Error);
  o = SplitOptions{};
  o.by = "gender";
  EXPECT_THROW(SplitManifest(Corpus(2, 2), o), Error);
}

}  // namespace
}  // namespace sori
