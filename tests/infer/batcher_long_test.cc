// Long audio in the DynamicBatcher: run in segments that share batches and the worker
// with short requests, round-robin between long requests, decoded on demand, failed
// alone, and cancelled on a drain deadline.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>

#include "infer/batcher.h"
#include "tiny_package.h"
#include "util/error.h"

namespace sori {
namespace {

using BatcherLongTest = test::TinyModelTest;
using namespace std::chrono_literals;

// Every batch's stats, as the batcher reports them.
class Batches {
 public:
  explicit Batches(DynamicBatcher& batcher) {
    batcher.set_observer([this](const BatchStats& s) {
      std::lock_guard<std::mutex> lock(mu_);
      stats_.push_back(s);
    });
  }
  std::vector<BatchStats> get() {
    std::lock_guard<std::mutex> lock(mu_);
    return stats_;
  }

 private:
  std::mutex mu_;
  std::vector<BatchStats> stats_;
};

TEST_F(BatcherLongTest, LongAudioRunsInSegmentsAndMatchesTranscribeLong) {
  DynamicBatcher batcher(*recognizer_, {});
  Batches batches(batcher);
  const std::vector<float> audio = test::TestSignal(30.0, 7);
  const Transcript got = batcher.Submit(audio).get();
  const Transcript want = recognizer_->TranscribeLong(audio);
  EXPECT_EQ(got.text, want.text);
  EXPECT_NEAR(got.audio_seconds, 30.0, 1e-6);
  ASSERT_EQ(got.words.size(), want.words.size());
  for (size_t i = 0; i < got.words.size(); ++i) EXPECT_NEAR(got.words[i].start, want.words[i].start, 1e-6);
  batcher.Stop();
  int segments = 0;
  for (const BatchStats& s : batches.get()) segments += s.segments;
  EXPECT_GE(segments, 4);  // 30 s in segments of at most 8 s
}

TEST_F(BatcherLongTest, ShortRequestOvertakesLongAudio) {
  BatcherConfig c;
  c.long_batch_seconds = 8;  // one segment per batch
  DynamicBatcher batcher(*recognizer_, c);
  Batches batches(batcher);
  auto long_result = batcher.Submit(test::TestSignal(300.0, 3));
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (batches.get().empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  const Transcript short_result = batcher.Submit(test::TestSignal(1.0, 4)).get();
  EXPECT_EQ(long_result.wait_for(0s), std::future_status::timeout);  // still in its segments
  EXPECT_NEAR(short_result.audio_seconds, 1.0, 1e-6);
  EXPECT_NEAR(long_result.get().audio_seconds, 300.0, 1e-6);
}

TEST_F(BatcherLongTest, LongRequestsShareBatchesRoundRobin) {
  BatcherConfig c;
  c.long_batch_seconds = 16;     // two segments per batch
  c.max_queue_delay_ms = 300;    // the worker waits on the short request ...
  DynamicBatcher batcher(*recognizer_, c);
  Batches batches(batcher);
  std::vector<float> first = test::TestSignal(40.0, 1), second = test::TestSignal(40.0, 2);
  auto s = batcher.Submit(test::TestSignal(1.0, 3));
  auto a = batcher.Submit(std::move(first));  // ... while both long requests arrive
  auto b = batcher.Submit(std::move(second));
  EXPECT_NEAR(s.get().audio_seconds, 1.0, 1e-6);
  EXPECT_NEAR(a.get().audio_seconds, 40.0, 1e-6);
  EXPECT_NEAR(b.get().audio_seconds, 40.0, 1e-6);
  batcher.Stop();
  int shared = 0;
  for (const BatchStats& stats : batches.get()) {
    EXPECT_LE(stats.segments, 2);
    shared += stats.size == 2;
  }
  EXPECT_GE(shared, 3);  // both requests advance together
}

TEST_F(BatcherLongTest, AudioThatFailsToDecodeFailsItsRequestAlone) {
  DynamicBatcher batcher(*recognizer_, {});
  std::promise<std::string> failed;
  int served = 0;
  AudioPieces pieces = [&served](std::vector<float>* out) {
    if (++served > 12) throw Error(ErrorCode::kInvalidInput, "'upload.mp3': corrupt frame at 12 s");
    *out = test::TestSignal(1.0, static_cast<unsigned>(served));
    return true;
  };
  DynamicBatcher::Callback done = [&failed](Transcript*, const Error* e) { failed.set_value(e ? e->what() : "no error"); };
  ASSERT_TRUE(batcher.TrySubmitPieces(pieces, {}, done));
  auto fine = batcher.Submit(test::TestSignal(2.0, 9));
  EXPECT_NE(failed.get_future().get().find("corrupt frame"), std::string::npos);
  EXPECT_NEAR(fine.get().audio_seconds, 2.0, 1e-6);
}

TEST_F(BatcherLongTest, CancelAnswersEveryUnfinishedRequest) {
  BatcherConfig c;
  c.max_batch_size = 1;
  c.long_batch_seconds = 8;
  DynamicBatcher batcher(*recognizer_, c);
  std::vector<std::future<Transcript>> futures;
  futures.push_back(batcher.Submit(test::TestSignal(300.0, 1)));
  for (unsigned i = 0; i < 4; ++i) futures.push_back(batcher.Submit(test::TestSignal(1.0, i)));
  const int cancelled = batcher.Cancel(Error(ErrorCode::kOverloaded, "drain deadline"));
  EXPECT_GE(cancelled, 1);
  int errors = 0;
  for (auto& f : futures) {
    try {
      f.get();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kOverloaded);
      ++errors;
    }
  }
  EXPECT_EQ(errors, cancelled);
  batcher.Stop();
  EXPECT_THROW(batcher.Submit(test::TestSignal(1.0, 1)), Error);
}

}  // namespace
}  // namespace sori

namespace sori {
namespace {

// Background requests (queued jobs) yield to every live one and report their progress.
TEST_F(BatcherLongTest, BackgroundWaitsForLiveRequestsAndReportsProgress) {
  BatcherConfig c;
  c.background_batch_seconds = 8;  // one segment per batch
  c.max_queue_size = 1;            // background requests do not count against it
  DynamicBatcher batcher(*recognizer_, c);
  auto samples = std::make_shared<std::vector<float>>(test::TestSignal(120.0, 5));
  auto pos = std::make_shared<size_t>(0);
  AudioPieces pieces = [samples, pos](std::vector<float>* out) {
    const size_t n = std::min<size_t>(16000, samples->size() - *pos);
    out->assign(samples->begin() + static_cast<std::ptrdiff_t>(*pos), samples->begin() + static_cast<std::ptrdiff_t>(*pos + n));
    *pos += n;
    return *pos < samples->size();
  };
  std::promise<Transcript> background;
  DynamicBatcher::Callback done = [&background](Transcript* t, const Error* e) {
    if (e) background.set_exception(std::make_exception_ptr(*e));
    else background.set_value(std::move(*t));
  };
  std::mutex mu;
  std::vector<double> progress;
  ASSERT_TRUE(batcher.TrySubmitBackground(pieces, {}, done, [&](double s) {
    std::lock_guard<std::mutex> lock(mu);
    progress.push_back(s);
  }));
  auto result = background.get_future();
  EXPECT_EQ(batcher.background_depth(), 1u);
  const Transcript live = batcher.Submit(test::TestSignal(1.0, 6)).get();  // admitted despite max_queue_size 1
  EXPECT_NEAR(live.audio_seconds, 1.0, 1e-6);
  EXPECT_EQ(result.wait_for(0s), std::future_status::timeout) << "the live request went first";
  EXPECT_NEAR(result.get().audio_seconds, 120.0, 1e-6);
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_GE(progress.size(), 10u);
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_NEAR(progress.back(), 120.0, 1e-6);
}

}  // namespace
}  // namespace sori
