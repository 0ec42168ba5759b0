#include "data/loader.h"

#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <sndfile.h>

#include <set>

#include "audio/reader.h"
#include "support/audio_fixtures.h"
#include "support/temp_dir.h"
#include "text/char_tokenizer.h"
#include "util/error.h"

namespace sori {
namespace {

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 24 utterances of 0.5..5.1 s with transcripts of a few characters.
    for (int i = 0; i < 24; ++i) {
      test::SineSpec spec;
      spec.seconds = 0.5 + 0.2 * i;
      spec.frequency = 200 + 37 * i;
      const std::string path = dir_.File("u" + std::to_string(i) + ".wav");
      ASSERT_TRUE(test::WriteSine(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, spec));
      ManifestEntry e;
      e.audio_filepath = path;
      e.duration = spec.seconds;
      e.text = std::string("abc de fg").substr(0, 3 + static_cast<size_t>(i % 6));
      e.line = i + 1;
      entries_.push_back(e);
    }
    tokenizer_ = std::make_shared<CharTokenizer>(CharTokenizer::Build({"abc de fg"}));
  }

  LoaderConfig Config() const {
    LoaderConfig c;
    c.max_batch_duration = 12.0;
    c.max_duration = 10.0;
    c.max_batch_size = 8;
    c.workers = 2;
    c.prefetch_batches = 2;
    c.seed = 11;
    return c;
  }

  std::vector<Batch> Epoch(DataLoader& loader, int64_t epoch, int64_t start = 0) {
    loader.Start(epoch, start);
    std::vector<Batch> out;
    while (auto b = loader.Next()) out.push_back(std::move(*b));
    return out;
  }

  test::TempDir dir_;
  std::vector<ManifestEntry> entries_;
  std::shared_ptr<CharTokenizer> tokenizer_;
};

TEST_F(LoaderTest, EveryUtteranceOncePerEpochWithinTheBatchLimits) {
  DataLoader loader(entries_, tokenizer_, FeatureConfig{}, Config());
  EXPECT_EQ(loader.stats().utterances, 24);
  for (int64_t epoch : {0, 1}) {
    const auto batches = Epoch(loader, epoch);
    EXPECT_EQ(static_cast<int64_t>(batches.size()), loader.BatchesInEpoch(epoch));
    std::multiset<int64_t> seen;
    for (size_t i = 0; i < batches.size(); ++i) {
      const Batch& b = batches[i];
      EXPECT_EQ(b.index, static_cast<int64_t>(i));
      EXPECT_LE(b.size(), 8);
      double longest = 0;
      for (int64_t u : b.utterances) {
        seen.insert(u);
        longest = std::max(longest, entries_[static_cast<size_t>(u)].duration);
      }
      EXPECT_LE(longest * static_cast<double>(b.size()), 12.0 + 1e-9);
      ASSERT_EQ(b.features.dim(), 3);
      EXPECT_EQ(b.features.size(0), b.size());
      EXPECT_EQ(b.features.size(1), 80);
      EXPECT_EQ(b.targets.size(0), b.size());
      for (int64_t k = 0; k < b.size(); ++k) {
        const auto& e = entries_[static_cast<size_t>(b.utterances[static_cast<size_t>(k)])];
        EXPECT_EQ(b.target_lengths[k].item<int64_t>(), static_cast<int64_t>(e.text.size()));
        EXPECT_EQ(b.feature_lengths[k].item<int64_t>(), static_cast<int64_t>(e.duration * 16000) / 160);
      }
    }
    EXPECT_EQ(seen.size(), 24u);
    EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), 24u);
  }
}

TEST_F(LoaderTest, EpochsDifferButAreReproducible) {
  DataLoader a(entries_, tokenizer_, FeatureConfig{}, Config());
  DataLoader b(entries_, tokenizer_, FeatureConfig{}, Config());
  const auto a0 = Epoch(a, 0), a1 = Epoch(a, 1), b0 = Epoch(b, 0);
  ASSERT_EQ(a0.size(), b0.size());
  bool epochs_differ = a0.size() != a1.size();
  for (size_t i = 0; i < a0.size(); ++i) {
    EXPECT_EQ(a0[i].utterances, b0[i].utterances);
    EXPECT_TRUE(at::equal(a0[i].features, b0[i].features));  // dither too: seeded per utterance
    if (i < a1.size() && a0[i].utterances != a1[i].utterances) epochs_differ = true;
  }
  EXPECT_TRUE(epochs_differ);
}

TEST_F(LoaderTest, ResumeMidEpochGivesTheSameBatches) {
  LoaderConfig c = Config();
  c.augment.speed_perturb.enabled = true;
  c.augment.noise_aug.enabled = true;
  c.augment.vtlp.enabled = true;
  c.augment.spec_augment.enabled = true;
  DataLoader full(entries_, tokenizer_, FeatureConfig{}, c);
  const auto all = Epoch(full, 3);
  ASSERT_GT(all.size(), 3u);
  c.workers = 3;  // a different worker count must not change anything
  DataLoader resumed(entries_, tokenizer_, FeatureConfig{}, c);
  const auto rest = Epoch(resumed, 3, 2);
  ASSERT_EQ(rest.size(), all.size() - 2);
  for (size_t i = 0; i < rest.size(); ++i) {
    EXPECT_EQ(rest[i].index, all[i + 2].index);
    EXPECT_EQ(rest[i].utterances, all[i + 2].utterances);
    EXPECT_TRUE(at::equal(rest[i].features, all[i + 2].features)) << "batch " << i + 2;
  }
  EXPECT_THROW(resumed.Start(3, 1000), Error);
}

TEST_F(LoaderTest, VtlpWarpsTheFeaturesNotTheBatches) {
  LoaderConfig c = Config();
  DataLoader plain(entries_, tokenizer_, FeatureConfig{}, c);
  c.augment.vtlp = VtlpConfig{true, 0.8, 0.9, 4800};  // never 1: every utterance is warped
  DataLoader warped(entries_, tokenizer_, FeatureConfig{}, c);
  const auto a = Epoch(plain, 1);
  const auto b = Epoch(warped, 1);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].utterances, b[i].utterances);
    EXPECT_TRUE(at::equal(a[i].feature_lengths, b[i].feature_lengths));
    EXPECT_FALSE(at::allclose(a[i].features, b[i].features)) << "batch " << i;
  }
}

TEST_F(LoaderTest, PositionAndPrefetchStayInOrder) {
  DataLoader loader(entries_, tokenizer_, FeatureConfig{}, Config());
  loader.Start(0);
  EXPECT_EQ(loader.position().batch_index, 0);
  ASSERT_TRUE(loader.Next().has_value());
  ASSERT_TRUE(loader.Next().has_value());
  EXPECT_EQ(loader.position().epoch, 0);
  EXPECT_EQ(loader.position().batch_index, 2);
}

TEST_F(LoaderTest, ValidationModeIsSortedAndUnaugmented) {
  LoaderConfig c = Config();
  c.shuffle = false;
  c.training = false;
  c.augment.spec_augment.enabled = true;  // ignored when not training
  c.augment.vtlp.enabled = true;
  DataLoader loader(entries_, tokenizer_, FeatureConfig{}, c);
  const auto batches = Epoch(loader, 0);
  double last = 0;
  for (const auto& b : batches) {
    for (int64_t u : b.utterances) {
      EXPECT_GE(entries_[static_cast<size_t>(u)].duration, last);
      last = entries_[static_cast<size_t>(u)].duration;
    }
  }
  // Features equal what the extractor gives for the decoded files of that batch.
  const Batch& b = batches.front();
  std::vector<std::vector<float>> waves;
  for (int64_t u : b.utterances) waves.push_back(DecodeAudioFile(entries_[static_cast<size_t>(u)].audio_filepath).samples);
  const Features f = FeatureExtractor(FeatureConfig{}).Compute(waves);
  EXPECT_TRUE(at::equal(f.values, b.features));
  EXPECT_TRUE(at::equal(f.lengths, b.feature_lengths));
}

TEST_F(LoaderTest, FiltersAndCountsWhatCannotTrain) {
  auto entries = entries_;
  ManifestEntry tiny = entries_[0];
  tiny.duration = 0.05;
  ManifestEntry huge = entries_[0];
  huge.duration = 40.0;
  ManifestEntry wordy = entries_[0];  // 0.5 s: 50 frames -> 7 encoder frames, 20 tokens
  wordy.text = "abcdefgabcdefgabcdef";
  ManifestEntry repeats = entries_[0];  // 4 tokens, but "aaaa" needs 7 CTC frames: 7 <= 7 fits
  repeats.text = "aaaa";
  entries.insert(entries.end(), {tiny, huge, wordy, repeats});
  LoaderConfig c = Config();
  c.max_duration = 10.0;
  DataLoader loader(entries, tokenizer_, FeatureConfig{}, c);
  EXPECT_EQ(loader.stats().skipped_too_short, 1);
  EXPECT_EQ(loader.stats().skipped_too_long, 1);
  EXPECT_EQ(loader.stats().skipped_targets_too_long, 1);
  EXPECT_EQ(loader.stats().utterances, 25);
}

TEST_F(LoaderTest, MissingFilesAreSkippedNotFatal) {
  auto entries = entries_;
  entries[5].audio_filepath = dir_.File("deleted.wav");
  DataLoader loader(entries, tokenizer_, FeatureConfig{}, Config());
  int64_t seen = 0;
  for (const auto& b : Epoch(loader, 0)) seen += b.size();
  EXPECT_EQ(seen, 23);
  EXPECT_EQ(loader.decode_failures(), 1);
}

TEST_F(LoaderTest, CallerKeepsItsTorchThreads) {
  at::set_num_threads(2);
  DataLoader loader(entries_, tokenizer_, FeatureConfig{}, Config());
  Epoch(loader, 0);
  EXPECT_EQ(at::get_num_threads(), 2);
}

TEST_F(LoaderTest, ConfigErrors) {
  LoaderConfig c = Config();
  c.max_duration = 50;  // longer than a batch
  EXPECT_THROW(DataLoader(entries_, tokenizer_, FeatureConfig{}, c), Error);
  c = Config();
  c.subsampling_factor = 6;
  EXPECT_THROW(DataLoader(entries_, tokenizer_, FeatureConfig{}, c), Error);
  c = Config();
  c.min_duration = 100;
  c.max_duration = 110;
  c.max_batch_duration = 200;
  EXPECT_THROW(DataLoader(entries_, tokenizer_, FeatureConfig{}, c), Error);  // nothing usable
}

TEST(EncodedLengthTest, MatchesStrideTwoConvolutions) {
  EXPECT_EQ(EncodedLength(64, 8), 8);   // fsdd_0_jackson_0 in the NeMo reference: 64 -> 8
  EXPECT_EQ(EncodedLength(65, 8), 9);
  EXPECT_EQ(EncodedLength(1, 8), 1);
  EXPECT_EQ(EncodedLength(100, 4), 25);
  EXPECT_EQ(EncodedLength(0, 8), 0);
}

}  // namespace
}  // namespace sori
