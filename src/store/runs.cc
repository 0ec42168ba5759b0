// RunStore (store/runs.h): the life cycle of training runs (create, reopen, heartbeat, finish, look up)
// and the reaper that marks runs whose process is gone as killed.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>

#include "store/process_identity.h"
#include "store/runs.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr char kRunColumns[] =
    "id, name, status, config_yaml, source_revision, host, pid, started_at, ended_at, heartbeat_at, error, run_dir";

RunInfo ReadRun(const Statement& st) {
  RunInfo r;
  r.id = st.ColumnText(0);
  r.name = st.ColumnText(1);
  r.status = st.ColumnText(2);
  r.config_yaml = st.ColumnText(3);
  r.source_revision = st.ColumnText(4);
  r.host = st.ColumnText(5);
  r.pid = st.ColumnInt(6);
  r.started_at = st.ColumnText(7);
  r.ended_at = st.ColumnText(8);  // NULL reads as ""
  r.heartbeat_at = st.ColumnText(9);
  r.error = st.ColumnText(10);
  r.run_dir = st.ColumnText(11);
  return r;
}

// 32 random bits as 8 lowercase hex characters: short enough to type, and a prefix of
// 4 is almost always unique in one store.
std::string RandomRunId() {
  static std::random_device device;
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%08x", static_cast<unsigned>(device()));
  return buf;
}

bool IsLowerHex(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

std::optional<std::time_t> ParseUtcIso8601(std::string_view text) {
  // Exactly "YYYY-MM-DDTHH:MM:SSZ", as UtcNowIso8601 writes.
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  const auto number = [&](size_t pos, size_t len, int* out) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  std::tm tm{};
  int year = 0, month = 0;
  if (!number(0, 4, &year) || !number(5, 2, &month) || !number(8, 2, &tm.tm_mday) ||
      !number(11, 2, &tm.tm_hour) || !number(14, 2, &tm.tm_min) || !number(17, 2, &tm.tm_sec)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  return timegm(&tm);
}


std::optional<RunInfo> RunStore::FindById(const std::string& id) {
  Statement st(db_, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?");
  st.Bind(1, id);
  if (!st.Step()) return std::nullopt;
  return ReadRun(st);
}

void RunStore::Require(const std::string& id) {
  Statement st(db_, "SELECT 1 FROM runs WHERE id = ?");
  st.Bind(1, id);
  if (!st.Step()) {
    throw Error(ErrorCode::kNotFound, "no run with id '" + id + "' in store '" + home_ + "' (see: sori runs list)");
  }
}

RunInfo RunStore::Create(const std::string& name, const std::string& config_yaml,
                         const std::string& source_revision) {
  if (Trim(name).empty()) {
    throw Error(ErrorCode::kInvalidInput, "a run needs a name (e.g. the training config's name); got an empty one");
  }
  const auto lock = db_.Lock();
  const ProcessIdentity me = CurrentProcess();
  RunInfo run;
  run.name = name;
  run.status = "running";
  run.config_yaml = config_yaml;
  run.source_revision = source_revision;
  run.host = me.host;
  run.pid = me.pid;
  run.started_at = UtcNowIso8601();
  run.heartbeat_at = run.started_at;

  Transaction tx(db_);
  for (int attempt = 0;; ++attempt) {
    run.id = RandomRunId();
    if (!FindById(run.id)) break;
    if (attempt == 100) throw Error(ErrorCode::kInternal, "no free run id after 100 random draws");
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  run.run_dir = fs::absolute(fs::path(home_) / "runs" / run.id, ec).lexically_normal().string();
  if (ec) throw Error(ErrorCode::kIo, "cannot resolve the run folder under '" + home_ + "': " + ec.message());
  Statement insert(db_,
                   "INSERT INTO runs (id, name, status, config_yaml, source_revision, host, pid, pid_start_ticks, "
                   "started_at, ended_at, heartbeat_at, error, run_dir) "
                   "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, NULL, ?, '', ?)");
  insert.Bind(1, run.id).Bind(2, run.name).Bind(3, run.config_yaml).Bind(4, run.source_revision);
  insert.Bind(5, run.host).Bind(6, run.pid).Bind(7, me.start_ticks).Bind(8, run.started_at);
  insert.Bind(9, run.heartbeat_at).Bind(10, run.run_dir);
  insert.Run();
  // Made inside the transaction: if the folder cannot be made, the run is not recorded.
  fs::create_directories(run.run_dir, ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot create run folder '" + run.run_dir + "': " + ec.message());
  tx.Commit();
  return run;
}

void RunStore::Reopen(const std::string& id) {
  const auto lock = db_.Lock();
  ReapStale();  // a dead owner must not block the resume
  const ProcessIdentity me = CurrentProcess();
  Transaction tx(db_);
  const std::optional<RunInfo> run = FindById(id);
  if (!run) {
    throw Error(ErrorCode::kNotFound, "cannot resume run '" + id + "': no such run in store '" + home_ +
                                          "' (see: sori runs list)");
  }
  if (run->status == "running" && !(run->host == me.host && run->pid == me.pid)) {
    throw Error(ErrorCode::kInvalidInput,
                "cannot resume run '" + id + "': it is still running (pid " + std::to_string(run->pid) + " on " +
                    run->host + ", last heartbeat " + run->heartbeat_at +
                    "); stop that process first, or wait until its heartbeat is " +
                    std::to_string(static_cast<int>(kDefaultStaleAfterSec)) + " s old");
  }
  Statement update(db_,
                   "UPDATE runs SET status = 'running', host = ?, pid = ?, pid_start_ticks = ?, heartbeat_at = ?, "
                   "ended_at = NULL, error = '' WHERE id = ?");
  update.Bind(1, me.host).Bind(2, me.pid).Bind(3, me.start_ticks).Bind(4, UtcNowIso8601()).Bind(5, id);
  update.Run();
  tx.Commit();
}

void RunStore::Heartbeat(const std::string& id) {
  const auto lock = db_.Lock();
  Transaction tx(db_);
  const std::optional<RunInfo> run = FindById(id);
  if (!run) throw Error(ErrorCode::kNotFound, "heartbeat for unknown run '" + id + "' in store '" + home_ + "'");
  const bool reaped = run->status == "killed" && run->error == kReapedRunError;
  if (run->status == "running") {
    Statement update(db_, "UPDATE runs SET heartbeat_at = ? WHERE id = ?");
    update.Bind(1, UtcNowIso8601()).Bind(2, id);
    update.Run();
  } else if (reaped) {
    Statement update(db_,
                     "UPDATE runs SET status = 'running', heartbeat_at = ?, ended_at = NULL, error = '' WHERE id = ?");
    update.Bind(1, UtcNowIso8601()).Bind(2, id);
    update.Run();
  }
  tx.Commit();
}

void RunStore::Finish(const std::string& id, const std::string& status, const std::string& error) {
  if (status != "finished" && status != "failed" && status != "killed") {
    throw Error(ErrorCode::kInvalidInput,
                "run status '" + status + "' cannot end a run; use finished, failed or killed");
  }
  const auto lock = db_.Lock();
  Transaction tx(db_);
  Require(id);
  Statement update(db_, "UPDATE runs SET status = ?, ended_at = ?, error = ? WHERE id = ?");
  update.Bind(1, status).Bind(2, UtcNowIso8601()).Bind(3, error).Bind(4, id);
  update.Run();
  tx.Commit();
}

RunInfo RunStore::Get(const std::string& id_or_prefix) {
  const auto lock = db_.Lock();
  ReapStale();
  const std::string wanted = AsciiLower(Trim(id_or_prefix));
  if (std::optional<RunInfo> exact = FindById(wanted)) return *exact;
  if (wanted.size() >= 4 && IsLowerHex(wanted)) {
    // substr() rather than LIKE: no wildcard characters to worry about.
    Statement st(db_, std::string("SELECT ") + kRunColumns +
                           " FROM runs WHERE substr(id, 1, ?) = ? ORDER BY " + db_.dialect().InsertionOrder() + " DESC");
    st.Bind(1, static_cast<int64_t>(wanted.size())).Bind(2, wanted);
    std::vector<RunInfo> found;
    while (st.Step()) found.push_back(ReadRun(st));
    if (found.size() == 1) return found.front();
    if (found.size() > 1) {
      std::vector<std::string> candidates;
      for (const RunInfo& r : found) candidates.push_back(r.id + " (" + r.name + ")");
      throw Error(ErrorCode::kInvalidInput, "run id prefix '" + wanted + "' is ambiguous: it matches " +
                                                Join(candidates, ", ") + "; give more characters");
    }
  }
  std::string hint;
  if (IsLowerHex(wanted) && wanted.size() < 4) hint = " (an id prefix needs at least 4 characters)";
  throw Error(ErrorCode::kNotFound,
              "no run '" + id_or_prefix + "' in store '" + home_ + "'" + hint + " (see: sori runs list)");
}

std::vector<RunInfo> RunStore::List() {
  const auto lock = db_.Lock();
  ReapStale();
  // The insertion order, so this is creation order even within one second.
  Statement st(db_, std::string("SELECT ") + kRunColumns + " FROM runs ORDER BY " + db_.dialect().InsertionOrder() + " DESC");
  std::vector<RunInfo> out;
  while (st.Step()) out.push_back(ReadRun(st));
  return out;
}

int RunStore::ReapStale(double stale_after_sec) {
  const auto lock = db_.Lock();
  struct Stale {
    std::string id;
    std::string heartbeat_at;
  };
  std::vector<Stale> stale;
  const std::string this_host = HostName();
  const std::time_t now = std::time(nullptr);
  {
    Statement st(db_, "SELECT id, host, pid, pid_start_ticks, heartbeat_at FROM runs WHERE status = 'running'");
    while (st.Step()) {
      const std::string heartbeat_at = st.ColumnText(4);
      const std::optional<std::time_t> beat = ParseUtcIso8601(heartbeat_at);
      // An unreadable heartbeat can only come from a hand-edited row: treat it as old.
      const bool silent = !beat || static_cast<double>(now - *beat) > stale_after_sec;
      // On this host the process table is the truth: a live trainer may be silent for a
      // long time (hashing a corpus, a long validation) and must not be declared dead,
      // or a `--resume` could start a second writer on its folder. The heartbeat decides
      // only for other hosts, or where /proc could not identify the process.
      const bool local = st.ColumnText(1) == this_host && st.ColumnInt(2) > 0 && st.ColumnInt(3) > 0;
      const bool dead = local ? ProcessIsGone(st.ColumnInt(2), st.ColumnInt(3)) : silent;
      if (dead) stale.push_back({st.ColumnText(0), heartbeat_at});
    }
  }
  if (stale.empty()) return 0;
  int marked = 0;
  Transaction tx(db_);
  // The heartbeat in the WHERE clause makes this a no-op for a run that beat meanwhile.
  Statement update(db_,
                   "UPDATE runs SET status = 'killed', ended_at = heartbeat_at, error = ? "
                   "WHERE id = ? AND status = 'running' AND heartbeat_at = ?");
  for (const Stale& s : stale) {
    update.Bind(1, std::string_view(kReapedRunError)).Bind(2, s.id).Bind(3, s.heartbeat_at);
    update.Run();
    marked += static_cast<int>(update.RowsChanged());
    update.Reset();
  }
  tx.Commit();
  return marked;
}

}  // namespace sori
