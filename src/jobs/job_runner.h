// Runs queued transcription jobs (store/jobs.h) through the model the server serves, at
// background priority (DynamicBatcher::TrySubmitBackground): live requests always go
// first, and a job holds the model for at most one background batch at a time.
//
// `concurrent_jobs` worker threads each claim the oldest queued job with a lease, open
// its audio file as a stream (AudioReader: a one-hour file is decoded a few segments at a
// time, never held whole), and wait for the transcript while renewing the lease and
// recording progress every second. A job canceled meanwhile (DELETE /v1/jobs/{id},
// `sori jobs cancel`, possibly from another process) is noticed at the next renewal and
// its audio stops feeding the model. A job is given back to the queue (not failed) when
// no model is loaded or the runner stops; a process killed mid-job leaves it running
// with a lease that RequeueAbandoned takes back at the next start.
//
// A janitor thread requeues abandoned jobs, deletes finished jobs past the retention
// time, and refreshes the stt_jobs gauge.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "infer/batcher.h"
#include "infer/recognizer.h"
#include "jobs/job_metrics.h"
#include "store/store.h"

namespace sori {

struct JobRunnerConfig {
  int concurrent_jobs = 2;              // jobs recognized at once (each a background request)
  double lease_seconds = 30;            // a dead worker's job is requeued after this long
  double poll_seconds = 1.0;            // how often an idle worker looks for queued jobs
  double max_audio_seconds = 4 * 3600;  // longer audio fails the job
  double retention_seconds = 7 * 86400; // finished jobs (rows, audio, results) are deleted after
  RecognizerOptions recognizer;         // decoding defaults (a job may set its beam)
  void Validate() const;                // Error(kInvalidInput) naming the field
};

// The model a server serves now, held alive while a job uses it.
struct ServedModel {
  std::shared_ptr<const void> hold;
  const Recognizer* recognizer = nullptr;
  DynamicBatcher* batcher = nullptr;
  std::string version;
};
using CurrentModel = std::function<std::optional<ServedModel>()>;
// Told about every job this runner finished, with its audio seconds (for usage and quotas).
using JobFinished = std::function<void(const JobRecord& job, double audio_seconds)>;

class JobRunner {
 public:
  // `store` must outlive the runner and should be this runner's own connection.
  JobRunner(Store& store, const JobRunnerConfig& config, CurrentModel current, JobFinished finished,
            JobMetrics& metrics);
  ~JobRunner();  // Stop()
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Requeues jobs a killed process left running, removes orphan job folders, starts the
  // worker and janitor threads.
  void Start();
  // A job was queued (or a model loaded): wakes an idle worker now.
  void Wake();
  // Gives the jobs under way back to the queue and joins the threads.
  void Stop();

 private:
  struct Flight;  // one job under way
  void WorkLoop();
  void JanitorLoop();
  void Run(const JobRecord& job);
  void Recognize(const JobRecord& job, const ServedModel& model, Flight& flight);
  void Finish(const JobRecord& job, const ServedModel& model, Flight& flight);
  bool WaitForWork(double seconds);

  Store& store_;
  JobRunnerConfig config_;
  CurrentModel current_;
  JobFinished finished_;
  JobMetrics& metrics_;
  const std::string owner_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int wakeups_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace sori
