#include "infer/batcher.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <string>

#include "util/error.h"

namespace sori {

void BatcherConfig::Validate() const {
  const auto check = [](const char* name, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw Error(ErrorCode::kInvalidInput, std::string(name) + " must be in [" + std::to_string(lo) + ", " +
                                                std::to_string(hi) + "], got " + std::to_string(v));
    }
  };
  check("max_batch_size", max_batch_size, 1, 256);
  check("max_queue_delay_ms", max_queue_delay_ms, 0, 10000);
  check("max_queue_size", max_queue_size, 1, 100000);
  check("workers", workers, 1, 64);
}

DynamicBatcher::DynamicBatcher(const Recognizer& recognizer, const BatcherConfig& config)
    : recognizer_(recognizer), config_(config) {
  config_.Validate();
  for (int i = 0; i < config_.workers; ++i) workers_.emplace_back([this] { Work(); });
}

DynamicBatcher::~DynamicBatcher() { Stop(); }

void DynamicBatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
}

size_t DynamicBatcher::queue_depth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void DynamicBatcher::set_observer(std::function<void(const BatchStats&)> observer) {
  std::lock_guard<std::mutex> lock(mu_);
  observer_ = std::move(observer);
}

std::future<Transcript> DynamicBatcher::Submit(std::vector<float> audio, const RecognizerOptions& options) {
  auto promise = std::make_shared<std::promise<Transcript>>();
  std::future<Transcript> f = promise->get_future();
  Submit(std::move(audio), options, [promise](Transcript* result, const Error* error) {
    // Error is copied by its own type, so callers can still read its code.
    if (error) promise->set_exception(std::make_exception_ptr(*error));
    else promise->set_value(std::move(*result));
  });
  return f;
}

void DynamicBatcher::Submit(std::vector<float> audio, const RecognizerOptions& options, Callback done) {
  if (!TrySubmit(audio, options, done)) throw Error(ErrorCode::kUnsupported, "the server is shutting down");
}

bool DynamicBatcher::TrySubmit(std::vector<float>& audio, const RecognizerOptions& options, Callback& done) {
  options.Validate();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    if (static_cast<int>(queue_.size()) >= config_.max_queue_size) {
      throw Error(ErrorCode::kOverloaded, "the recognition queue is full (" + std::to_string(config_.max_queue_size) +
                                              " requests waiting); retry shortly");
    }
    queue_.push_back(Request{std::move(audio), options, std::move(done), std::chrono::steady_clock::now()});
  }
  wake_.notify_one();
  return true;
}

bool DynamicBatcher::Long(const Request& r) const {
  return static_cast<double>(r.audio.size()) > r.options.segments.max_seconds * recognizer_.sample_rate();
}

std::vector<DynamicBatcher::Request> DynamicBatcher::TakeBatch(std::unique_lock<std::mutex>& lock) {
  // Wait for work, then until the batch is full or the oldest request's delay is up.
  wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
  if (queue_.empty()) return {};
  const auto deadline = queue_.front().submitted + std::chrono::milliseconds(config_.max_queue_delay_ms);
  wake_.wait_until(lock, deadline, [&] {
    return stopping_ || queue_.empty() || static_cast<int>(queue_.size()) >= config_.max_batch_size;
  });
  std::vector<Request> batch;
  if (queue_.empty()) return batch;  // another worker took them
  batch.push_back(std::move(queue_.front()));
  queue_.pop_front();
  if (Long(batch[0])) return batch;
  for (auto it = queue_.begin(); it != queue_.end() && static_cast<int>(batch.size()) < config_.max_batch_size;) {
    if (!Long(*it) && it->options.beam == batch[0].options.beam) {
      batch.push_back(std::move(*it));
      it = queue_.erase(it);
    } else {
      ++it;
    }
  }
  return batch;
}

void DynamicBatcher::Work() {
  while (true) {
    std::vector<Request> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      batch = TakeBatch(lock);
      if (batch.empty()) {
        if (stopping_ && queue_.empty()) return;
        continue;
      }
    }
    Run(batch);
  }
}

void DynamicBatcher::Run(std::vector<Request>& batch) {
  BatchStats stats;
  stats.size = static_cast<int>(batch.size());
  const auto start = std::chrono::steady_clock::now();
  for (const Request& r : batch) stats.queue_seconds.push_back(std::chrono::duration<double>(start - r.submitted).count());
  // Every result is computed first and the observer told before anyone is answered, so a
  // client that reads the metrics right after its answer finds its batch counted.
  struct Outcome {
    std::optional<Transcript> transcript;
    std::optional<Error> error;
  };
  std::vector<Outcome> outcomes(batch.size());
  const auto compute = [](Outcome& o, const std::function<Transcript()>& f) {
    try {
      o.transcript = f();
    } catch (const Error& e) {
      o.error = e;
    } catch (const std::exception& e) {
      o.error = Error(ErrorCode::kInternal, e.what());
    }
  };
  if (batch.size() == 1) {
    Request& r = batch[0];
    compute(outcomes[0], [&] { return Long(r) ? recognizer_.TranscribeLong(r.audio, r.options) : recognizer_.Transcribe({r.audio}, r.options).at(0); });
  } else {
    std::vector<std::vector<float>> audio;
    for (Request& r : batch) audio.push_back(std::move(r.audio));
    std::vector<Transcript> out;
    bool batched = true;
    try {
      out = recognizer_.Transcribe(audio, batch[0].options);
    } catch (const std::exception& e) {
      // One bad request must not fail the others: retry each alone.
      spdlog::warn("batch of {} failed ({}); retrying one by one", batch.size(), e.what());
      batched = false;
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (batched) {
        outcomes[i].transcript = std::move(out[i]);
      } else {
        compute(outcomes[i], [&] { return recognizer_.Transcribe({audio[i]}, batch[i].options).at(0); });
      }
    }
  }
  stats.compute_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::function<void(const BatchStats&)> observer;
  {
    std::lock_guard<std::mutex> lock(mu_);
    observer = observer_;
  }
  if (observer) observer(stats);
  // Each request is answered exactly once, with its transcript or its own error.
  for (size_t i = 0; i < batch.size(); ++i) {
    if (outcomes[i].transcript) {
      batch[i].done(&*outcomes[i].transcript, nullptr);
    } else {
      batch[i].done(nullptr, &*outcomes[i].error);
    }
  }
}

}  // namespace sori
