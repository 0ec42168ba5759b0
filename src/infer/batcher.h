// DynamicBatcher: many concurrent callers, one model, batches formed on the fly (as
// Triton's dynamic batcher). Requests wait in a bounded queue; a worker takes a batch
// when max_batch_size requests are waiting or the oldest has waited max_queue_delay_ms,
// runs it through the Recognizer, and answers each request. When the queue is full
// Submit() refuses at once (Error kOverloaded) rather than growing memory.
//
// Long audio does not hold the model: a request longer than one segment (batch_job.h) is
// run a few segments at a time, decoded only as far as its next batch needs, and the
// scheduler alternates between batches of short requests (first, max_queue_delay_ms
// applies) and batches of long-audio segments (round-robin over the long requests, at
// most long_batch_seconds of padded audio, so a short request waits for one such batch
// at most). After short_batches_first short batches in a row, a waiting long request
// gets a batch, so neither kind starves. Requests share a batch only with requests
// asking for the same beam. A request whose audio makes the model throw fails alone:
// the batch is retried one by one so the others still get their answer.
//
// Background requests (TrySubmitBackground: queued jobs, src/jobs) are a third lane, run
// only once no live request has arrived or finished for background_idle_ms: under a
// steady live load (clients sending their next request as soon as they have an answer)
// the lane waits, and in a quiet moment a late live request waits for at most one
// background batch (background_batch_seconds of audio). Background requests do not count
// towards max_queue_size (their producer bounds how many it has in flight) and may wait
// as long as the live load lasts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "infer/batch_job.h"
#include "infer/recognizer.h"
#include "util/error.h"

namespace sori {

struct BatcherConfig {
  int max_batch_size = 16;
  int max_queue_delay_ms = 10;
  int max_queue_size = 64;   // requests waiting, or long ones under way (not counting running short ones)
  int workers = 1;           // batches run at once (each uses the torch threads)
  double long_batch_seconds = 32.0;  // padded audio per batch of long-audio segments
                                     // (`sori serve` defaults to 8, see serve_command.cc)
  int short_batches_first = 4;       // short batches in a row while long audio waits
  double background_batch_seconds = 8.0;  // padded audio per batch of background segments
  int background_idle_ms = 50;       // live silence before a background batch may start
  void Validate() const;     // Error(kInvalidInput) naming the field
};

// What the batcher tells its observer after each batch (for metrics).
struct BatchStats {
  int size = 0;                       // requests with audio in the batch
  int segments = 0;                   // utterances run (a long request may add several)
  double compute_seconds = 0.0;
  std::vector<double> queue_seconds;  // per request starting in it: submit to batch start
};

class DynamicBatcher {
 public:
  // `recognizer` must outlive the batcher.
  DynamicBatcher(const Recognizer& recognizer, const BatcherConfig& config);
  ~DynamicBatcher();  // Stop()
  DynamicBatcher(const DynamicBatcher&) = delete;
  DynamicBatcher& operator=(const DynamicBatcher&) = delete;

  // Queues one request's audio (at the recognizer's sample rate; any length). Throws
  // Error(kOverloaded) when the queue is full, kUnavailable once stopping, kInvalidInput
  // for bad options.
  std::future<Transcript> Submit(std::vector<float> audio, const RecognizerOptions& options = {});
  // The same, calling `done` on a worker thread with the transcript or the error (for
  // callers that must not block, such as the server's I/O threads). `done` must not throw.
  using Callback = BatchCallback;
  void Submit(std::vector<float> audio, const RecognizerOptions& options, Callback done);
  // As Submit with a callback, but returns false, leaving `audio` and `done` untouched,
  // when the batcher is stopping: a server swapping models hands the request to the new
  // model's batcher instead of failing it.
  bool TrySubmit(std::vector<float>& audio, const RecognizerOptions& options, Callback& done);
  // Long audio as pieces decoded while it is recognized (see batch_job.h); the same
  // contract as TrySubmit. An Error thrown by `pieces` fails this request alone.
  bool TrySubmitPieces(AudioPieces& pieces, const RecognizerOptions& options, Callback& done);
  // The same at background priority (see the top of this file), telling `progress`
  // after each of its batches.
  bool TrySubmitBackground(AudioPieces& pieces, const RecognizerOptions& options, Callback& done,
                           BatchProgress progress);

  // Stops taking requests, finishes every queued and running one, joins the workers.
  void Stop();
  // Stops taking requests and answers every request not yet finished with `error` (those
  // in a running batch once it ends); returns how many. Stop() then returns quickly.
  int Cancel(const Error& error);

  size_t queue_depth() const;       // live requests waiting or under way
  size_t background_depth() const;  // background requests not finished
  const BatcherConfig& config() const { return config_; }
  void set_observer(std::function<void(const BatchStats&)> observer);

 private:
  struct Slot {  // one utterance of a batch
    std::shared_ptr<BatchJob> job;
    int index = 0;  // the segment's index in its job
    AudioSegment segment;
  };
  using JobPtr = std::shared_ptr<BatchJob>;
  bool Admit(const std::function<JobPtr()>& make, bool background = false);
  void Work();
  std::vector<JobPtr> TakeBatch(std::unique_lock<std::mutex>& lock, std::vector<int>* claims);
  bool WaitForWork(std::unique_lock<std::mutex>& lock);
  std::vector<JobPtr> TakeShort(std::unique_lock<std::mutex>& lock);
  std::vector<JobPtr> TakeLong(std::deque<JobPtr>& lane, double batch_seconds, std::vector<int>* claims);
  static bool Ready(const std::deque<JobPtr>& lane);
  std::vector<Slot> PullSegments(const std::vector<JobPtr>& jobs, const std::vector<int>& claims);
  void Run(std::vector<Slot>& slots, BatchStats* stats);
  void Settle(const std::vector<JobPtr>& jobs);

  const Recognizer& recognizer_;
  BatcherConfig config_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<JobPtr> short_;  // FIFO
  std::deque<JobPtr> long_;   // round-robin: the front goes next
  std::deque<JobPtr> background_;  // round-robin, only when no live request waits
  int short_streak_ = 0;      // short batches run in a row
  std::chrono::steady_clock::time_point last_live_;  // a live request arrived or finished
  bool stopping_ = false;
  std::function<void(const BatchStats&)> observer_;
  std::vector<std::thread> workers_;
};

}  // namespace sori
