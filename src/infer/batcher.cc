#include "infer/batcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>

#include "util/error.h"

namespace sori {

namespace {

using Clock = std::chrono::steady_clock;

// Requests decoded the same way can share a batch (Recognizer::Transcribe takes one set
// of options for all its inputs).
bool SameDecoding(const RecognizerOptions& a, const RecognizerOptions& b) {
  return a.beam == b.beam && a.lm_weight == b.lm_weight && a.lm_bonus == b.lm_bonus;
}

Error AsError(const std::exception& e) {
  if (const auto* error = dynamic_cast<const Error*>(&e)) return *error;
  return Error(ErrorCode::kInternal, e.what());
}

}  // namespace

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
  check("short_batches_first", short_batches_first, 1, 1000);
  check("background_idle_ms", background_idle_ms, 0, 60000);
  for (const auto& [name, v] : {std::pair{"long_batch_seconds", long_batch_seconds},
                                 std::pair{"background_batch_seconds", background_batch_seconds}}) {
    if (!(v >= 1.0 && v <= 3600.0)) {
      throw Error(ErrorCode::kInvalidInput, std::string(name) + " must be in [1, 3600], got " + std::to_string(v));
    }
  }
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

int DynamicBatcher::Cancel(const Error& error) {
  std::vector<JobPtr> now;
  int later = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    now.assign(short_.begin(), short_.end());
    short_.clear();
    for (std::deque<JobPtr>* lane : {&long_, &background_}) {
      std::deque<JobPtr> running;
      for (JobPtr& job : *lane) {
        if (!job->busy) {
          now.push_back(std::move(job));
          continue;
        }
        if (!job->failure) job->failure = error;  // answered when its batch ends (Settle)
        ++later;
        running.push_back(std::move(job));
      }
      *lane = std::move(running);
    }
  }
  wake_.notify_all();
  for (const JobPtr& job : now) job->Answer(&error);
  return static_cast<int>(now.size()) + later;
}

size_t DynamicBatcher::queue_depth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return short_.size() + long_.size();
}

size_t DynamicBatcher::background_depth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return background_.size();
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
  if (!TrySubmit(audio, options, done)) throw Error(ErrorCode::kUnavailable, "the batcher has stopped: it takes no new requests");
}

bool DynamicBatcher::TrySubmit(std::vector<float>& audio, const RecognizerOptions& options, Callback& done) {
  options.Validate();
  const int rate = recognizer_.sample_rate();
  return Admit([&] { return std::make_shared<BatchJob>(std::move(audio), options, std::move(done), rate); });
}

bool DynamicBatcher::TrySubmitPieces(AudioPieces& pieces, const RecognizerOptions& options, Callback& done) {
  options.Validate();
  const int rate = recognizer_.sample_rate();
  return Admit([&] { return std::make_shared<BatchJob>(std::move(pieces), options, std::move(done), rate); });
}

bool DynamicBatcher::TrySubmitBackground(AudioPieces& pieces, const RecognizerOptions& options, Callback& done,
                                         BatchProgress progress) {
  options.Validate();
  const int rate = recognizer_.sample_rate();
  return Admit(
      [&] {
        auto job = std::make_shared<BatchJob>(std::move(pieces), options, std::move(done), rate);
        job->set_progress(std::move(progress));
        return job;
      },
      true);
}

// Queues the job `make` builds (it moves the caller's audio and callback, so it runs only
// once the request is accepted).
bool DynamicBatcher::Admit(const std::function<JobPtr()>& make, bool background) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    if (background) {
      background_.push_back(make());
    } else if (static_cast<int>(short_.size() + long_.size()) >= config_.max_queue_size) {
      throw Error(ErrorCode::kOverloaded, "the recognition queue is full (" + std::to_string(config_.max_queue_size) +
                                              " requests waiting); retry shortly");
    } else {
      JobPtr job = make();
      (job->is_long() ? long_ : short_).push_back(std::move(job));
      last_live_ = Clock::now();
    }
  }
  wake_.notify_all();
  return true;
}

bool DynamicBatcher::Ready(const std::deque<JobPtr>& lane) {
  return std::any_of(lane.begin(), lane.end(), [](const JobPtr& j) { return !j->busy && !j->exhausted(); });
}

// The next batch's requests (and, for long ones, how many segments each adds): short
// requests first, except that a long request waiting behind short_batches_first short
// batches in a row goes next. Background requests only after a live silence.
std::vector<DynamicBatcher::JobPtr> DynamicBatcher::TakeBatch(std::unique_lock<std::mutex>& lock, std::vector<int>* claims) {
  if (!WaitForWork(lock)) return {};
  if (short_.empty() && !Ready(long_)) return TakeLong(background_, config_.background_batch_seconds, claims);
  const bool long_turn = Ready(long_) && (short_.empty() || short_streak_ >= config_.short_batches_first);
  if (!long_turn) {
    std::vector<JobPtr> batch = TakeShort(lock);
    if (!batch.empty()) {
      ++short_streak_;
      claims->assign(batch.size(), 1);
      return batch;
    }
  }
  if (!Ready(long_)) return {};
  short_streak_ = 0;
  return TakeLong(long_, config_.long_batch_seconds, claims);
}

// Waits until a live request is ready, or a background one is and live requests have
// been quiet for background_idle_ms. False when there is nothing to do (stopping).
bool DynamicBatcher::WaitForWork(std::unique_lock<std::mutex>& lock) {
  const auto live = [&] { return !short_.empty() || Ready(long_); };
  const auto done = [&] { return stopping_ && short_.empty() && long_.empty() && background_.empty(); };
  const auto idle = std::chrono::milliseconds(config_.background_idle_ms);
  while (true) {
    if (live()) return true;
    if (Ready(background_)) {
      const auto quiet_from = last_live_ + idle;
      if (Clock::now() >= quiet_from) return true;
      wake_.wait_until(lock, quiet_from, [&] { return live() || done(); });
      continue;
    }
    if (done()) return false;
    wake_.wait(lock, [&] { return live() || Ready(background_) || done(); });
  }
}

std::vector<DynamicBatcher::JobPtr> DynamicBatcher::TakeShort(std::unique_lock<std::mutex>& lock) {
  // Wait until the batch is full or the oldest request's delay is up.
  const auto deadline = short_.front()->submitted() + std::chrono::milliseconds(config_.max_queue_delay_ms);
  wake_.wait_until(lock, deadline, [&] {
    return stopping_ || short_.empty() || static_cast<int>(short_.size()) >= config_.max_batch_size;
  });
  std::vector<JobPtr> batch;
  if (short_.empty()) return batch;  // another worker took them
  batch.push_back(std::move(short_.front()));
  short_.pop_front();
  for (auto it = short_.begin(); it != short_.end() && static_cast<int>(batch.size()) < config_.max_batch_size;) {
    if (SameDecoding((*it)->options(), batch[0]->options())) {
      batch.push_back(std::move(*it));
      it = short_.erase(it);
    } else {
      ++it;
    }
  }
  for (const JobPtr& job : batch) job->busy = true;
  return batch;
}

// Round-robin over the free requests of a lane (long or background), one segment each
// per round, until the batch holds `batch_seconds` of (padded) audio; the requests
// served move to the back of the line.
std::vector<DynamicBatcher::JobPtr> DynamicBatcher::TakeLong(std::deque<JobPtr>& lane, double batch_seconds,
                                                             std::vector<int>* claims) {
  const auto free = [](const JobPtr& j) { return !j->busy && !j->exhausted(); };
  const JobPtr lead = *std::find_if(lane.begin(), lane.end(), free);
  const double segment_seconds = lead->options().segments.max_seconds;
  const int budget = std::clamp(static_cast<int>(std::floor(batch_seconds / segment_seconds)), 1, config_.max_batch_size);
  std::vector<JobPtr> batch;
  for (const JobPtr& job : lane) {
    if (free(job) && SameDecoding(job->options(), lead->options()) && job->options().segments.max_seconds == segment_seconds) {
      batch.push_back(job);
    }
  }
  if (static_cast<int>(batch.size()) > budget) batch.resize(static_cast<size_t>(budget));
  claims->assign(batch.size(), 0);
  for (int given = 0; given < budget; ++given) (*claims)[static_cast<size_t>(given) % batch.size()]++;
  for (const JobPtr& job : batch) {
    job->busy = true;
    lane.erase(std::find(lane.begin(), lane.end(), job));
    lane.push_back(job);
  }
  return batch;
}

// Outside the lock (decoding takes time): the segments the batch's requests add. A
// request whose audio fails to decode adds none and fails alone.
std::vector<DynamicBatcher::Slot> DynamicBatcher::PullSegments(const std::vector<JobPtr>& jobs, const std::vector<int>& claims) {
  std::vector<Slot> slots;
  std::vector<AudioSegment> segments;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const int first = jobs[i]->pulled();
    segments.clear();
    try {
      jobs[i]->Pull(claims[i], &segments);
    } catch (const std::exception& e) {
      segments.clear();
      jobs[i]->Fail(AsError(e));
    }
    for (size_t k = 0; k < segments.size(); ++k) {
      slots.push_back(Slot{jobs[i], first + static_cast<int>(k), std::move(segments[k])});
    }
  }
  return slots;
}

void DynamicBatcher::Work() {
  while (true) {
    std::vector<JobPtr> jobs;
    std::vector<int> claims;
    {
      std::unique_lock<std::mutex> lock(mu_);
      jobs = TakeBatch(lock, &claims);
      if (jobs.empty()) {
        if (stopping_ && short_.empty() && long_.empty() && background_.empty()) return;
        continue;
      }
    }
    std::vector<Slot> slots = PullSegments(jobs, claims);
    if (!slots.empty()) {
      BatchStats stats;
      Run(slots, &stats);
      std::function<void(const BatchStats&)> observer;
      {
        std::lock_guard<std::mutex> lock(mu_);
        observer = observer_;
      }
      // Told before anyone is answered, so a client that reads the metrics right after
      // its answer finds its batch counted.
      if (observer) observer(stats);
    }
    Settle(jobs);
  }
}

void DynamicBatcher::Run(std::vector<Slot>& slots, BatchStats* stats) {
  const auto start = Clock::now();
  std::set<const BatchJob*> requests;
  for (const Slot& s : slots) {
    requests.insert(s.job.get());
    if (s.index == 0) stats->queue_seconds.push_back(std::chrono::duration<double>(start - s.job->submitted()).count());
  }
  stats->size = static_cast<int>(requests.size());
  stats->segments = static_cast<int>(slots.size());
  std::vector<std::vector<float>> audio;
  for (Slot& s : slots) audio.push_back(std::move(s.segment.samples));
  const RecognizerOptions& options = slots[0].job->options();
  std::vector<Transcript> out;
  bool batched = true;
  try {
    out = recognizer_.Transcribe(audio, options);
  } catch (const std::exception& e) {
    // One bad request must not fail the others: retry each alone.
    if (slots.size() > 1) spdlog::warn("batch of {} failed ({}); retrying one by one", slots.size(), e.what());
    batched = false;
  }
  for (size_t i = 0; i < slots.size(); ++i) {
    Slot& s = slots[i];
    try {
      Transcript t = batched ? std::move(out[i]) : recognizer_.Transcribe({audio[i]}, s.job->options()).at(0);
      s.job->Complete(s.index, std::move(t), s.segment.start_sample);
    } catch (const std::exception& e) {
      s.job->Fail(AsError(e));
    }
  }
  stats->compute_seconds = std::chrono::duration<double>(Clock::now() - start).count();
}

// After a batch: its requests are free again; those finished or failed leave the queue
// and are answered (outside the lock; each exactly once).
void DynamicBatcher::Settle(const std::vector<JobPtr>& jobs) {
  std::vector<JobPtr> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!jobs.empty() && std::find(background_.begin(), background_.end(), jobs[0]) == background_.end()) {
      last_live_ = Clock::now();  // its client may send the next request at once
    }
    for (const JobPtr& job : jobs) {
      job->busy = false;
      job->TakeFailure();
      if (!job->failure && !job->finished()) continue;
      for (std::deque<JobPtr>* lane : {&long_, &background_}) {
        const auto it = std::find(lane->begin(), lane->end(), job);
        if (it != lane->end()) lane->erase(it);
      }
      done.push_back(job);
    }
  }
  wake_.notify_all();
  for (const JobPtr& job : done) job->Answer(job->failure ? &*job->failure : nullptr);
}

}  // namespace sori
