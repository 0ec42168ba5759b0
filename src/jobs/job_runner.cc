#include "jobs/job_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "audio/reader.h"
#include "jobs/job_options.h"
#include "jobs/job_results.h"
#include "util/error.h"

namespace sori {

namespace {

using Clock = std::chrono::steady_clock;

void CheckRange(const char* name, double v, double lo, double hi) {
  if (!(v >= lo && v <= hi)) {
    throw Error(ErrorCode::kInvalidInput,
                std::string(name) + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(v));
  }
}

// `error` naming the audio by its client's name rather than by where the server keeps it.
Error AsClientSees(const Error& error, const std::string& path, const std::string& name) {
  std::string message = error.what();
  const std::string quoted = "'" + path + "'";
  for (size_t at; (at = message.find(quoted)) != std::string::npos;) message.replace(at, quoted.size(), "'" + name + "'");
  return Error(error.code(), message);
}

}  // namespace

void JobRunnerConfig::Validate() const {
  CheckRange("concurrent_jobs", concurrent_jobs, 1, 64);
  CheckRange("lease_seconds", lease_seconds, 3, 3600);
  CheckRange("poll_seconds", poll_seconds, 0.05, 60);
  CheckRange("max_audio_seconds", max_audio_seconds, 1, 24 * 3600);
  CheckRange("retention_seconds", retention_seconds, 60, 10 * 365 * 86400.0);
  recognizer.Validate();
}

// What a worker and the batcher's callbacks share about one job under way.
struct JobRunner::Flight {
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  std::optional<Transcript> transcript;
  std::optional<Error> error;
  std::atomic<double> seconds_done{0};
  std::atomic<bool> stop{false};  // feed no more audio: canceled, or the runner stops
  double total_seconds = 0;
};

JobRunner::JobRunner(Store& store, const JobRunnerConfig& config, CurrentModel current, JobFinished finished,
                     JobMetrics& metrics)
    : store_(store),
      config_(config),
      current_(std::move(current)),
      finished_(std::move(finished)),
      metrics_(metrics),
      owner_(ThisProcessLeaseOwner()) {
  config_.Validate();
}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::Start() {
  if (const int n = store_.jobs().RequeueAbandoned(UnixNow())) spdlog::warn("jobs: {} job(s) left running by a stopped server requeued", n);
  if (const int n = store_.jobs().RemoveOrphanFolders()) spdlog::info("jobs: removed {} job folder(s) without a job", n);
  for (int i = 0; i < config_.concurrent_jobs; ++i) threads_.emplace_back([this] { WorkLoop(); });
  threads_.emplace_back([this] { JanitorLoop(); });
}

void JobRunner::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++wakeups_;
  }
  wake_.notify_all();
}

void JobRunner::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

// Waits up to `seconds` for a Wake() or Stop(); false once stopping.
bool JobRunner::WaitForWork(double seconds) {
  std::unique_lock<std::mutex> lock(mu_);
  const int seen = wakeups_;
  wake_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return stopping_ || wakeups_ != seen; });
  return !stopping_;
}

void JobRunner::WorkLoop() {
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    std::optional<JobRecord> job;
    try {
      if (current_()) job = store_.jobs().Claim(owner_, config_.lease_seconds);
    } catch (const std::exception& e) {
      spdlog::error("jobs: cannot claim a job: {}", e.what());
    }
    if (!job) {
      if (!WaitForWork(config_.poll_seconds)) return;
      continue;
    }
    Run(*job);
  }
}

void JobRunner::Run(const JobRecord& job) {
  const std::optional<ServedModel> model = current_();
  if (!model) {
    store_.jobs().Release(job.id, owner_);
    return;
  }
  spdlog::info("jobs: {} started (attempt {}, {} bytes of '{}')", job.id, job.attempts, job.audio_bytes, job.audio_name);
  Flight flight;
  try {
    Recognize(job, *model, flight);
    Finish(job, *model, flight);
  } catch (const std::exception& e) {
    // The store itself failed (disk full, locked too long): leave the job to the lease.
    spdlog::error("jobs: {}: {}", job.id, e.what());
  }
}

// Submits the job's audio as a background request and waits for it, renewing the lease
// and recording progress every second.
void JobRunner::Recognize(const JobRecord& job, const ServedModel& model, Flight& flight) {
  DecodeOptions decode;
  decode.target_sample_rate = model.recognizer->sample_rate();
  decode.max_duration_sec = config_.max_audio_seconds;
  std::shared_ptr<AudioReader> reader;
  try {
    reader = AudioReader::OpenFile(store_.jobs().AudioPath(job.id), decode);
  } catch (const Error& e) {
    flight.error = e;
    return;
  }
  flight.total_seconds = static_cast<double>(reader->expected_output_samples()) / decode.target_sample_rate;
  AudioPieces pieces = [reader, &flight](std::vector<float>* out) {
    if (flight.stop) throw Error(ErrorCode::kUnavailable, "the job stopped before its audio was read");
    return reader->ReadChunk(out);
  };
  DynamicBatcher::Callback done = [&flight](Transcript* t, const Error* e) {
    std::lock_guard<std::mutex> lock(flight.mu);
    if (e) flight.error = *e;
    else flight.transcript = std::move(*t);
    flight.done = true;
    flight.done_cv.notify_all();
  };
  BatchProgress progress = [&flight](double seconds) { flight.seconds_done = seconds; };
  const RecognizerOptions options = JobOptions::FromJson(job.options_json).Recognition(config_.recognizer);
  if (!model.batcher->TrySubmitBackground(pieces, options, done, progress)) {
    flight.stop = true;  // the model is being swapped: run the job again on the next one
    return;
  }
  std::unique_lock<std::mutex> lock(flight.mu);
  while (!flight.done_cv.wait_for(lock, std::chrono::seconds(1), [&] { return flight.done; })) {
    lock.unlock();
    const double percent = flight.total_seconds > 0 ? std::min(99.9, 100.0 * flight.seconds_done / flight.total_seconds) : 0;
    const bool ours = store_.jobs().Heartbeat(job.id, owner_, config_.lease_seconds, percent, flight.total_seconds);
    // A swapped model: stop feeding the old one (its batcher waits for us before it can
    // go) and run the job again on the new one.
    const std::optional<ServedModel> now = current_();
    const bool swapped = !now || now->hold != model.hold;
    {
      std::lock_guard<std::mutex> stop_lock(mu_);
      if (!ours || stopping_ || swapped) flight.stop = true;
    }
    lock.lock();
  }
}

// Records the outcome: the results and `succeeded`, `failed` with the error, or, when
// the job was stopped by this runner, back to the queue (a cancel already wrote its state).
void JobRunner::Finish(const JobRecord& job, const ServedModel& model, Flight& flight) {
  JobStore& jobs = store_.jobs();
  if (flight.stop && !flight.transcript) {
    if (jobs.Release(job.id, owner_)) spdlog::info("jobs: {} given back to the queue", job.id);
    else spdlog::info("jobs: {} stopped ({})", job.id, jobs.Get(job.id) ? jobs.Get(job.id)->status : "deleted");
    return;
  }
  if (flight.error) {
    const Error error = AsClientSees(*flight.error, jobs.AudioPath(job.id), job.audio_name);
    if (jobs.Fail(job.id, owner_, ErrorCodeName(error.code()), error.what())) {
      metrics_.finished->Add({"failed"});
      spdlog::warn("jobs: {} failed: {}", job.id, error.what());
      if (finished_) finished_(job, 0);
    }
    return;
  }
  const double seconds = flight.transcript->audio_seconds;
  WriteJobResults(jobs.JobDir(job.id), *flight.transcript, model.version);
  if (!jobs.Succeed(job.id, owner_, model.version, seconds)) return;  // canceled at the last moment
  const std::optional<JobRecord> now = jobs.Get(job.id);
  metrics_.finished->Add({"succeeded"});
  metrics_.audio_seconds->Add({}, seconds);
  if (now) metrics_.run_seconds->Observe({}, now->finished_at - now->started_at);
  spdlog::info("jobs: {} succeeded ({:.1f} s of audio)", job.id, seconds);
  if (finished_) finished_(job, seconds);
}

void JobRunner::JanitorLoop() {
  auto last_sweep = Clock::now() - std::chrono::hours(1);
  do {
    try {
      const auto counts = store_.jobs().CountByStatus();
      for (const char* status : {"queued", "running", "succeeded", "failed", "canceled"}) {
        const auto it = counts.find(status);
        metrics_.jobs->Set({status}, it == counts.end() ? 0.0 : static_cast<double>(it->second));
      }
      if (Clock::now() - last_sweep > std::chrono::minutes(1)) {
        last_sweep = Clock::now();
        store_.jobs().RequeueAbandoned(UnixNow());
        if (const int n = store_.jobs().DeleteFinishedBefore(UnixNow() - config_.retention_seconds)) {
          spdlog::info("jobs: deleted {} finished job(s) older than the retention time", n);
        }
      }
    } catch (const std::exception& e) {
      spdlog::error("jobs: janitor: {}", e.what());
    }
  } while (WaitForWork(config_.poll_seconds));
}

}  // namespace sori
