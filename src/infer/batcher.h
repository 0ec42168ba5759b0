// DynamicBatcher: many concurrent callers, one model, batches formed on the fly (as
// Triton's dynamic batcher). Requests wait in a bounded queue; a worker takes a batch
// when max_batch_size requests are waiting or the oldest has waited max_queue_delay_ms,
// runs it through the Recognizer, and fulfils each request's future. When the queue is
// full Submit() refuses at once (Error kOverloaded) rather than growing memory.
//
// Requests longer than one segment run alone through Recognizer::TranscribeLong (they
// would stretch a whole batch's padding); requests only share a batch with requests
// asking for the same beam width. A request whose audio makes the model throw fails
// alone: the batch is retried one by one so the others still get their answer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "infer/recognizer.h"
#include "util/error.h"

namespace sori {

struct BatcherConfig {
  int max_batch_size = 16;
  int max_queue_delay_ms = 10;
  int max_queue_size = 64;   // requests waiting (not counting those running)
  int workers = 1;           // batches run at once (each uses the torch threads)
  void Validate() const;     // Error(kInvalidInput) naming the field
};

// What the batcher tells its observer after each batch (for metrics).
struct BatchStats {
  int size = 0;
  double compute_seconds = 0.0;
  std::vector<double> queue_seconds;  // per request: submit to start of its batch
};

class DynamicBatcher {
 public:
  // `recognizer` must outlive the batcher.
  DynamicBatcher(const Recognizer& recognizer, const BatcherConfig& config);
  ~DynamicBatcher();  // Stop()
  DynamicBatcher(const DynamicBatcher&) = delete;
  DynamicBatcher& operator=(const DynamicBatcher&) = delete;

  // Queues one utterance (at the recognizer's sample rate). Throws Error(kOverloaded)
  // when the queue is full, kUnsupported once stopping, kInvalidInput for bad options.
  std::future<Transcript> Submit(std::vector<float> audio, const RecognizerOptions& options = {});
  // The same, calling `done` on a worker thread with the transcript or the error (for
  // callers that must not block, such as the server's I/O threads). `done` must not throw.
  using Callback = std::function<void(Transcript* result, const Error* error)>;
  void Submit(std::vector<float> audio, const RecognizerOptions& options, Callback done);
  // As Submit with a callback, but returns false, leaving `audio` and `done` untouched,
  // when the batcher is stopping: a server swapping models hands the request to the new
  // model's batcher instead of failing it.
  bool TrySubmit(std::vector<float>& audio, const RecognizerOptions& options, Callback& done);

  // Stops taking requests, finishes every queued and running one, joins the workers.
  void Stop();

  size_t queue_depth() const;
  const BatcherConfig& config() const { return config_; }
  void set_observer(std::function<void(const BatchStats&)> observer);

 private:
  struct Request {
    std::vector<float> audio;
    RecognizerOptions options;
    Callback done;
    std::chrono::steady_clock::time_point submitted;
  };
  void Work();
  std::vector<Request> TakeBatch(std::unique_lock<std::mutex>& lock);
  void Run(std::vector<Request>& batch);
  bool Long(const Request& r) const;

  const Recognizer& recognizer_;
  BatcherConfig config_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Request> queue_;
  bool stopping_ = false;
  std::function<void(const BatchStats&)> observer_;
  std::vector<std::thread> workers_;
};

}  // namespace sori
