#include "infer/batcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/temp_dir.h"
#include "tiny_package.h"
#include "util/error.h"

namespace sori {
namespace {

// Records the size of every batch the batcher runs.
class BatchSizes {
 public:
  explicit BatchSizes(DynamicBatcher& batcher) {
    batcher.set_observer([this](const BatchStats& s) {
      std::lock_guard<std::mutex> lock(mu_);
      sizes_.push_back(s.size);
    });
  }
  std::vector<int> get() {
    std::lock_guard<std::mutex> lock(mu_);
    return sizes_;
  }

 private:
  std::mutex mu_;
  std::vector<int> sizes_;
};

using BatcherTest = test::TinyModelTest;

TEST_F(BatcherTest, ConcurrentRequestsAreBatchedAndEachGetsItsOwnAnswer) {
  BatcherConfig c;
  c.max_batch_size = 8;
  c.max_queue_delay_ms = 200;  // long enough that all 8 arrive in one batch
  DynamicBatcher batcher(*recognizer_, c);
  BatchSizes recorded(batcher);
  std::vector<std::vector<float>> clips;
  for (unsigned i = 0; i < 8; ++i) clips.push_back(test::TestSignal(1.0 + 0.3 * i, i));
  std::vector<std::future<Transcript>> futures;
  for (const auto& clip : clips) futures.push_back(batcher.Submit(clip));
  for (size_t i = 0; i < clips.size(); ++i) {
    const Transcript got = futures[i].get();
    EXPECT_EQ(got.text, recognizer_->Transcribe({clips[i]}).at(0).text) << i;
    EXPECT_NEAR(got.audio_seconds, 1.0 + 0.3 * static_cast<double>(i), 1e-6);
  }
  batcher.Stop();
  const std::vector<int> sizes = recorded.get();
  ASSERT_FALSE(sizes.empty());
  EXPECT_EQ(sizes[0], 8);  // one full batch, not eight singles
}

TEST_F(BatcherTest, ALoneRequestRunsAfterTheQueueDelay) {
  BatcherConfig c;
  c.max_batch_size = 16;
  c.max_queue_delay_ms = 5;
  DynamicBatcher batcher(*recognizer_, c);
  const auto t0 = std::chrono::steady_clock::now();
  const Transcript t = batcher.Submit(test::TestSignal(0.5, 1)).get();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
  EXPECT_NEAR(t.audio_seconds, 0.5, 1e-6);
}

TEST_F(BatcherTest, FullQueueRefusesAtOnceAndStopFinishesQueuedWork) {
  BatcherConfig c;
  c.max_batch_size = 1;
  c.max_queue_delay_ms = 0;
  c.max_queue_size = 2;
  DynamicBatcher batcher(*recognizer_, c);
  std::vector<std::future<Transcript>> accepted;
  int refused = 0;
  for (int i = 0; i < 40; ++i) {
    try {
      accepted.push_back(batcher.Submit(test::TestSignal(4.0, static_cast<unsigned>(i))));
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kOverloaded);
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
  batcher.Stop();  // drains what was accepted
  for (auto& f : accepted) EXPECT_NEAR(f.get().audio_seconds, 4.0, 1e-6);
  EXPECT_THROW(batcher.Submit(test::TestSignal(0.5, 1)), Error);
}

TEST_F(BatcherTest, LongAndBeamRequestsAreKeptApartAndBadOptionsRefused) {
  BatcherConfig c;
  c.max_batch_size = 8;
  c.max_queue_delay_ms = 100;
  DynamicBatcher batcher(*recognizer_, c);
  BatchSizes recorded(batcher);
  RecognizerOptions beam;
  beam.beam = 4;
  RecognizerOptions long_opts;
  long_opts.segments = {5.0, 2.5, 0.05};
  auto a = batcher.Submit(test::TestSignal(1.0, 1));
  auto b = batcher.Submit(test::TestSignal(1.0, 2), beam);
  auto l = batcher.Submit(test::TestSignal(12.0, 3), long_opts);
  auto d = batcher.Submit(test::TestSignal(1.0, 4));
  EXPECT_NEAR(l.get().audio_seconds, 12.0, 1e-6);
  a.get();
  b.get();
  d.get();
  batcher.Stop();
  const std::vector<int> sizes = recorded.get();
  int total = 0;
  for (int s : sizes) total += s;
  EXPECT_EQ(total, 4);
  EXPECT_GE(sizes.size(), 3u);  // {a, d}, {b}, {l}
  RecognizerOptions bad;
  bad.beam = -1;
  DynamicBatcher other(*recognizer_, c);
  EXPECT_THROW(other.Submit(test::TestSignal(1.0, 1), bad), Error);
  BatcherConfig wrong;
  wrong.max_batch_size = 0;
  EXPECT_THROW(DynamicBatcher(*recognizer_, wrong), Error);
}

}  // namespace
}  // namespace sori
