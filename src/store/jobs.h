// Durable transcription jobs: one row per job in the store and one folder per job,
// <home>/jobs/<id>/, holding the uploaded audio and, once done, the results.
//
// A job is acknowledged only once it is durable: Create writes the audio (temp file,
// fsync, rename, fsync of the folders) and then inserts the row in one transaction; a
// crash in between leaves a folder without a row, which RemoveOrphanFolders deletes.
//
// Life of a job (status):  queued -> running -> succeeded | failed
//                          queued | running -> canceled;  failed | canceled -> queued (Retry)
// A worker claims a queued job with a lease (owner + expiry) that it renews while it
// works. A final transition succeeds only while the worker still holds the lease of a
// running job, so a job taken from a dead worker and run again elsewhere completes once.
// RequeueAbandoned puts running jobs whose lease expired, or whose owner process on
// this host is gone (a kill -9), back in the queue.
//
// Webhooks: a final job with a callback URL gets webhook_state "pending" in the same
// transaction as its final status; the delivery loop (src/jobs) records each attempt and
// moves the state to "delivered" or "failed", or leaves it pending with a later time.
//
// Times are Unix seconds (REAL); 0 means "not yet".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace sori {

struct JobRecord {
  std::string id;              // "job_" + 20 lowercase hex
  int64_t key_id = 0;          // the API key that submitted it; 0 without keys
  std::string status;          // queued | running | succeeded | failed | canceled
  std::string audio_name;      // the uploaded file's name, for messages
  int64_t audio_bytes = 0;
  std::string options_json;    // {"response_format": ..., "beam": ...}
  std::string metadata_json;   // the client's metadata object, "" if none
  std::string callback_url;    // "" if none
  double created_at = 0, started_at = 0, finished_at = 0;
  double progress = 0;         // percent of the audio recognized
  double audio_seconds = 0;    // the audio's length, once a worker has opened it
  int attempts = 0;            // times a worker started it
  std::string error_code, error_message;  // failed jobs: the sori::ErrorCode name and why
  std::string model_version;   // the version that recognized it
  std::string webhook_state;   // "" (no callback) | pending | delivered | failed
  double webhook_next_at = 0;  // pending: when the next attempt is due
  int webhook_attempts = 0;
};

struct WebhookAttempt {
  int attempt = 0;      // 1, 2, ...
  double at = 0;        // when it was sent
  int status = 0;       // the receiver's HTTP status; 0 when none (network error, refused URL)
  std::string error;    // why, when not delivered
  double seconds = 0;   // how long the attempt took
};

struct JobListQuery {
  std::optional<int64_t> key_id;  // only this key's jobs
  std::string status;             // "" for any
  int limit = 20;                 // 1..1000
  std::string after;              // a job id: list the jobs older than it (pages, newest first)
};

class JobStore {
 public:
  JobStore(Database& db, std::string home);

  static bool IsJobId(std::string_view id);
  std::string JobDir(const std::string& id) const;     // <home>/jobs/<id>
  std::string AudioPath(const std::string& id) const;  // <home>/jobs/<id>/audio

  // Writes `audio` durably, then inserts the job (status queued, a new id, created now).
  // Returns the stored record.
  JobRecord Create(const JobRecord& fields, std::string_view audio);
  std::optional<JobRecord> Get(const std::string& id);
  std::vector<JobRecord> List(const JobListQuery& query);
  std::map<std::string, int64_t> CountByStatus();

  // Takes the oldest queued job for `owner` until now + lease_seconds; nullopt if none.
  std::optional<JobRecord> Claim(const std::string& owner, double lease_seconds);
  // Renews the lease and records progress; false when the job is no longer this owner's
  // running job (canceled, or taken back), so the worker must stop.
  bool Heartbeat(const std::string& id, const std::string& owner, double lease_seconds, double progress,
                 double audio_seconds);
  // Final transitions of a running job held by `owner`; false (and nothing changed) when
  // it no longer is. Succeed expects the results already written into JobDir.
  bool Succeed(const std::string& id, const std::string& owner, const std::string& model_version, double audio_seconds);
  bool Fail(const std::string& id, const std::string& owner, const std::string& code, const std::string& message);
  // Gives a claimed job back to the queue (the model is not loaded, the server stops).
  bool Release(const std::string& id, const std::string& owner);

  // queued | running -> canceled. kNotFound; kConflict for a job already final.
  JobRecord Cancel(const std::string& id);
  // failed | canceled -> queued, progress and error cleared. kNotFound; kConflict otherwise.
  JobRecord Retry(const std::string& id);
  // Running jobs whose lease has expired, or whose owner is a process of this host that
  // is gone, back to queued. Returns how many.
  int RequeueAbandoned(double now);

  // Jobs whose webhook is pending and due at `now`, oldest first.
  std::vector<JobRecord> DueWebhooks(double now, int limit);
  // Records an attempt and the webhook's next state: "pending" (with next_at),
  // "delivered" or "failed".
  void RecordWebhookAttempt(const std::string& id, const WebhookAttempt& attempt, const std::string& state,
                            double next_at);
  std::vector<WebhookAttempt> WebhookAttempts(const std::string& id);

  // Deletes final jobs that finished before `before` (rows, attempts and folders) whose
  // webhook is not pending. Returns how many.
  int DeleteFinishedBefore(double before);
  // Deletes folders under <home>/jobs that have no row (a crash between writing the audio
  // and inserting the row). Returns how many.
  int RemoveOrphanFolders();

 private:
  void Transition(const std::string& id, const std::vector<std::string>& from, const std::string& sql_set,
                  const std::string& verb);

  Database& db_;
  std::string home_;
};

// A lease owner naming this process ("host:pid:start_ticks"), so that RequeueAbandoned
// can tell a dead owner from a live one.
std::string ThisProcessLeaseOwner();

double UnixNow();

}  // namespace sori
