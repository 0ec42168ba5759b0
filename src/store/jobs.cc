#include "store/jobs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>

#include "store/process_identity.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace sori {

namespace fs = std::filesystem;

namespace {

constexpr const char* kJobColumns =
    "id, key_id, status, audio_name, audio_bytes, options, metadata, callback_url, created_at, started_at, "
    "finished_at, progress, audio_seconds, attempts, error_code, error_message, model_version, webhook_state, "
    "webhook_next_at, webhook_attempts";

JobRecord ReadJob(const Statement& st) {
  JobRecord j;
  j.id = st.ColumnText(0);
  j.key_id = st.ColumnInt(1);
  j.status = st.ColumnText(2);
  j.audio_name = st.ColumnText(3);
  j.audio_bytes = st.ColumnInt(4);
  j.options_json = st.ColumnText(5);
  j.metadata_json = st.ColumnText(6);
  j.callback_url = st.ColumnText(7);
  j.created_at = st.ColumnDouble(8);
  j.started_at = st.ColumnDouble(9);
  j.finished_at = st.ColumnDouble(10);
  j.progress = st.ColumnDouble(11);
  j.audio_seconds = st.ColumnDouble(12);
  j.attempts = static_cast<int>(st.ColumnInt(13));
  j.error_code = st.ColumnText(14);
  j.error_message = st.ColumnText(15);
  j.model_version = st.ColumnText(16);
  j.webhook_state = st.ColumnText(17);
  j.webhook_next_at = st.ColumnDouble(18);
  j.webhook_attempts = static_cast<int>(st.ColumnInt(19));
  return j;
}

std::string NewJobId() {
  static std::random_device device;
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string id = "job_";
  for (int i = 0; i < 20; ++i) id += "0123456789abcdef"[nibble(device)];
  return id;
}

// A new folder's name reaches the disk only with its parent's fsync.
void FsyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorCode::kIo, "cannot open folder '" + dir + "' to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw Error(ErrorCode::kIo, "fsync failed for folder '" + dir + "'");
}

const std::set<std::string> kFinal = {"succeeded", "failed", "canceled"};

}  // namespace

double UnixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string ThisProcessLeaseOwner() {
  const ProcessIdentity me = CurrentProcess();
  return me.host + ":" + std::to_string(me.pid) + ":" + std::to_string(me.start_ticks);
}

JobStore::JobStore(Database& db, std::string home) : db_(db), home_(std::move(home)) {}

bool JobStore::IsJobId(std::string_view id) {
  return id.size() == 24 && id.substr(0, 4) == "job_" &&
         id.substr(4).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string JobStore::JobDir(const std::string& id) const { return home_ + "/jobs/" + id; }
std::string JobStore::AudioPath(const std::string& id) const { return JobDir(id) + "/audio"; }

JobRecord JobStore::Create(const JobRecord& fields, std::string_view audio) {
  JobRecord job = fields;
  job.id = NewJobId();
  job.status = "queued";
  job.created_at = UnixNow();
  job.audio_bytes = static_cast<int64_t>(audio.size());
  const std::string dir = JobDir(job.id);
  try {
    WriteFileAtomic(AudioPath(job.id), audio);  // creates the folders; fsyncs the file and its folder
    FsyncDirectory(home_ + "/jobs");
    auto lock = db_.Lock();
    Transaction tx(db_);
    Statement insert(db_, "INSERT INTO jobs (id, key_id, status, audio_name, audio_bytes, options, metadata, callback_url, "
                          "created_at, webhook_state) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, '')");
    insert.Bind(1, job.id).Bind(2, job.key_id).Bind(3, job.audio_name).Bind(4, job.audio_bytes);
    insert.Bind(5, job.options_json).Bind(6, job.metadata_json).Bind(7, job.callback_url).Bind(8, job.created_at);
    insert.Run();
    tx.Commit();
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    throw;
  }
  return job;
}

std::optional<JobRecord> JobStore::Get(const std::string& id) {
  auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?");
  st.Bind(1, id);
  if (!st.Step()) return std::nullopt;
  return ReadJob(st);
}

std::vector<JobRecord> JobStore::List(const JobListQuery& q) {
  if (q.limit < 1 || q.limit > 1000) {
    throw Error(ErrorCode::kInvalidInput, "limit must be in [1, 1000], got " + std::to_string(q.limit));
  }
  auto lock = db_.Lock();
  std::string sql = std::string("SELECT ") + kJobColumns + " FROM jobs WHERE 1 = 1";
  if (q.key_id) sql += " AND key_id = ?1";
  if (!q.status.empty()) sql += " AND status = ?2";
  if (!q.after.empty()) sql += " AND seq < (SELECT seq FROM jobs WHERE id = ?3)";
  sql += " ORDER BY seq DESC LIMIT ?4";
  if (!q.after.empty() && !Get(q.after)) throw Error(ErrorCode::kNotFound, "no job '" + q.after + "' to list after");
  Statement st(db_, sql);
  if (q.key_id) st.Bind(1, *q.key_id);
  if (!q.status.empty()) st.Bind(2, q.status);
  if (!q.after.empty()) st.Bind(3, q.after);
  st.Bind(4, static_cast<int64_t>(q.limit));
  std::vector<JobRecord> out;
  while (st.Step()) out.push_back(ReadJob(st));
  return out;
}

std::map<std::string, int64_t> JobStore::CountByStatus() {
  auto lock = db_.Lock();
  Statement st(db_, "SELECT status, COUNT(*) FROM jobs GROUP BY status");
  std::map<std::string, int64_t> out;
  while (st.Step()) out[st.ColumnText(0)] = st.ColumnInt(1);
  return out;
}

std::optional<JobRecord> JobStore::Claim(const std::string& owner, double lease_seconds) {
  auto lock = db_.Lock();
  Transaction tx(db_);
  Statement pick(db_, "SELECT id FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT 1");
  if (!pick.Step()) return std::nullopt;
  const std::string id = pick.ColumnText(0);
  const double now = UnixNow();
  Statement claim(db_, "UPDATE jobs SET status = 'running', started_at = ?, attempts = attempts + 1, progress = 0, "
                       "lease_owner = ?, lease_expires = ? WHERE id = ? AND status = 'queued'");
  claim.Bind(1, now).Bind(2, owner).Bind(3, now + lease_seconds).Bind(4, id);
  claim.Run();
  tx.Commit();
  return Get(id);
}

bool JobStore::Heartbeat(const std::string& id, const std::string& owner, double lease_seconds, double progress,
                         double audio_seconds) {
  auto lock = db_.Lock();
  Statement st(db_, "UPDATE jobs SET lease_expires = ?, progress = ?, audio_seconds = ? "
                    "WHERE id = ? AND status = 'running' AND lease_owner = ?");
  st.Bind(1, UnixNow() + lease_seconds).Bind(2, progress).Bind(3, audio_seconds).Bind(4, id).Bind(5, owner);
  st.Run();
  return st.RowsChanged() == 1;
}

bool JobStore::Succeed(const std::string& id, const std::string& owner, const std::string& model_version,
                       double audio_seconds) {
  auto lock = db_.Lock();
  const double now = UnixNow();
  Statement st(db_, "UPDATE jobs SET status = 'succeeded', finished_at = ?, progress = 100, audio_seconds = ?, "
                    "model_version = ?, error_code = '', error_message = '', lease_owner = NULL, "
                    "webhook_state = CASE WHEN callback_url = '' THEN '' ELSE 'pending' END, webhook_next_at = ? "
                    "WHERE id = ? AND status = 'running' AND lease_owner = ?");
  st.Bind(1, now).Bind(2, audio_seconds).Bind(3, model_version).Bind(4, now).Bind(5, id).Bind(6, owner);
  st.Run();
  return st.RowsChanged() == 1;
}

bool JobStore::Fail(const std::string& id, const std::string& owner, const std::string& code, const std::string& message) {
  auto lock = db_.Lock();
  const double now = UnixNow();
  Statement st(db_, "UPDATE jobs SET status = 'failed', finished_at = ?, error_code = ?, error_message = ?, "
                    "lease_owner = NULL, webhook_state = CASE WHEN callback_url = '' THEN '' ELSE 'pending' END, "
                    "webhook_next_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ?");
  st.Bind(1, now).Bind(2, code).Bind(3, message).Bind(4, now).Bind(5, id).Bind(6, owner);
  st.Run();
  return st.RowsChanged() == 1;
}

bool JobStore::Release(const std::string& id, const std::string& owner) {
  auto lock = db_.Lock();
  Statement st(db_, "UPDATE jobs SET status = 'queued', progress = 0, lease_owner = NULL "
                    "WHERE id = ? AND status = 'running' AND lease_owner = ?");
  st.Bind(1, id).Bind(2, owner);
  st.Run();
  return st.RowsChanged() == 1;
}

// Moves job `id` from one of `from` to the state `sql_set` describes; kNotFound, or
// kConflict naming the job's state and what `verb` needs.
void JobStore::Transition(const std::string& id, const std::vector<std::string>& from, const std::string& sql_set,
                          const std::string& verb) {
  auto lock = db_.Lock();
  Transaction tx(db_);
  const std::optional<JobRecord> job = Get(id);
  if (!job) throw Error(ErrorCode::kNotFound, "no job '" + id + "'");
  if (std::find(from.begin(), from.end(), job->status) == from.end()) {
    throw Error(ErrorCode::kConflict, "job " + id + " is " + job->status + "; only a job that is " + Join(from, " or ") +
                                          " can be " + verb);
  }
  Statement st(db_, "UPDATE jobs SET " + sql_set + " WHERE id = ?");
  st.Bind(1, id);
  st.Run();
  tx.Commit();
}

JobRecord JobStore::Cancel(const std::string& id) {
  Transition(id, {"queued", "running"},
             "status = 'canceled', finished_at = " + FormatFixed(UnixNow(), 3) + ", lease_owner = NULL", "canceled");
  return *Get(id);
}

JobRecord JobStore::Retry(const std::string& id) {
  Transition(id, {"failed", "canceled"},
             "status = 'queued', progress = 0, started_at = 0, finished_at = 0, error_code = '', error_message = '', "
             "webhook_state = '', webhook_next_at = 0",
             "retried");
  return *Get(id);
}

int JobStore::RequeueAbandoned(double now) {
  auto lock = db_.Lock();
  Transaction tx(db_);
  Statement running(db_, "SELECT id, lease_owner, lease_expires FROM jobs WHERE status = 'running'");
  std::vector<std::string> abandoned;
  const std::string host = HostName();
  while (running.Step()) {
    const std::vector<std::string> owner = Split(running.ColumnText(1), ':');
    const bool expired = running.ColumnDouble(2) < now;
    const bool gone = owner.size() == 3 && owner[0] == host &&
                      ProcessIsGone(std::stoll(owner[1]), std::stoll(owner[2]));
    if (expired || gone) abandoned.push_back(running.ColumnText(0));
  }
  for (const std::string& id : abandoned) {
    Statement st(db_, "UPDATE jobs SET status = 'queued', progress = 0, lease_owner = NULL WHERE id = ?");
    st.Bind(1, id).Run();
  }
  tx.Commit();
  return static_cast<int>(abandoned.size());
}

std::vector<JobRecord> JobStore::DueWebhooks(double now, int limit) {
  auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kJobColumns +
                        " FROM jobs WHERE webhook_state = 'pending' AND webhook_next_at <= ? ORDER BY webhook_next_at LIMIT ?");
  st.Bind(1, now).Bind(2, static_cast<int64_t>(limit));
  std::vector<JobRecord> out;
  while (st.Step()) out.push_back(ReadJob(st));
  return out;
}

void JobStore::RecordWebhookAttempt(const std::string& id, const WebhookAttempt& a, const std::string& state,
                                    double next_at) {
  auto lock = db_.Lock();
  Transaction tx(db_);
  Statement insert(db_, "INSERT INTO job_webhook_attempts (job_id, attempt, at, status, error, seconds) VALUES (?, ?, ?, ?, ?, ?)");
  insert.Bind(1, id).Bind(2, static_cast<int64_t>(a.attempt)).Bind(3, a.at).Bind(4, static_cast<int64_t>(a.status));
  insert.Bind(5, a.error).Bind(6, a.seconds).Run();
  Statement update(db_, "UPDATE jobs SET webhook_state = ?, webhook_next_at = ?, webhook_attempts = ? WHERE id = ?");
  update.Bind(1, state).Bind(2, next_at).Bind(3, static_cast<int64_t>(a.attempt)).Bind(4, id).Run();
  tx.Commit();
}

std::vector<WebhookAttempt> JobStore::WebhookAttempts(const std::string& id) {
  auto lock = db_.Lock();
  Statement st(db_, "SELECT attempt, at, status, error, seconds FROM job_webhook_attempts WHERE job_id = ? ORDER BY attempt");
  st.Bind(1, id);
  std::vector<WebhookAttempt> out;
  while (st.Step()) {
    out.push_back({static_cast<int>(st.ColumnInt(0)), st.ColumnDouble(1), static_cast<int>(st.ColumnInt(2)),
                   st.ColumnText(3), st.ColumnDouble(4)});
  }
  return out;
}

int JobStore::DeleteFinishedBefore(double before) {
  std::vector<std::string> ids;
  {
    auto lock = db_.Lock();
    Transaction tx(db_);
    Statement pick(db_, "SELECT id FROM jobs WHERE status IN ('succeeded', 'failed', 'canceled') AND finished_at > 0 "
                        "AND finished_at < ? AND webhook_state <> 'pending'");
    pick.Bind(1, before);
    while (pick.Step()) ids.push_back(pick.ColumnText(0));
    for (const std::string& id : ids) {
      Statement(db_, "DELETE FROM job_webhook_attempts WHERE job_id = ?").Bind(1, id).Run();
      Statement(db_, "DELETE FROM jobs WHERE id = ?").Bind(1, id).Run();
    }
    tx.Commit();
  }
  // Rows first: a crash here leaves folders without rows, which RemoveOrphanFolders takes.
  for (const std::string& id : ids) {
    std::error_code ec;
    fs::remove_all(JobDir(id), ec);
  }
  return static_cast<int>(ids.size());
}

int JobStore::RemoveOrphanFolders() {
  std::error_code ec;
  if (!fs::is_directory(home_ + "/jobs", ec)) return 0;
  int removed = 0;
  for (const auto& entry : fs::directory_iterator(home_ + "/jobs", ec)) {
    const std::string name = entry.path().filename().string();
    // Only the folders jobs make (a user's own files here are none of our business), and
    // only old ones: a folder a moment old may belong to a Create that has yet to insert.
    if (!IsJobId(name) || Get(name)) continue;
    const auto age = fs::file_time_type::clock::now() - fs::last_write_time(entry.path(), ec);
    if (ec || age < std::chrono::minutes(10)) continue;
    fs::remove_all(entry.path(), ec);
    ++removed;
  }
  return removed;
}

}  // namespace sori
