// Runs: creation, lookup by id prefix, the life cycle, and reaping runs whose process
// is gone.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <functional>
#include <set>

#include "store/process_identity.h"
#include "store/sqlite_database.h"
#include "store/store.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

bool Contains(const std::string& h, const std::string& n) { return h.find(n) != std::string::npos; }

// Changes rows behind the store's back, as another process (or a hand edit) would.
void Sql(const std::string& home, const std::string& sql) { SqliteDatabase(home + "/store.db").Exec(sql); }

std::string IsoAgo(int seconds) {
  const std::time_t t = std::time(nullptr) - seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

TEST(RunsTest, CreateRecordsThisProcessAndMakesTheRunFolder) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home"));
  const RunInfo run = store->runs().Create("baseline", "model: tiny\n", "abc123");
  ASSERT_EQ(run.id.size(), 8u);
  EXPECT_EQ(run.id.find_first_not_of("0123456789abcdef"), std::string::npos) << run.id;
  EXPECT_EQ(run.status, "running");
  EXPECT_EQ(run.host, HostName());
  EXPECT_EQ(run.pid, static_cast<int64_t>(::getpid()));
  EXPECT_EQ(run.started_at, run.heartbeat_at);
  EXPECT_TRUE(ParseUtcIso8601(run.started_at).has_value()) << run.started_at;
  EXPECT_TRUE(run.ended_at.empty());
  EXPECT_TRUE(std::filesystem::path(run.run_dir).is_absolute()) << run.run_dir;
  EXPECT_EQ(run.run_dir, dir.File("home") + "/runs/" + run.id);
  EXPECT_TRUE(std::filesystem::is_directory(run.run_dir));

  const RunInfo got = store->runs().Get(run.id);
  EXPECT_EQ(got.name, "baseline");
  EXPECT_EQ(got.config_yaml, "model: tiny\n");
  EXPECT_EQ(got.source_revision, "abc123");
  EXPECT_EQ(got.run_dir, run.run_dir);

  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Create("  ", "", ""); }), ErrorCode::kInvalidInput);
}

TEST(RunsTest, IdsAreUniqueAndListIsNewestFirst) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.push_back(store->runs().Create("r" + std::to_string(i), "", "").id);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 50u);
  const auto runs = store->runs().List();
  ASSERT_EQ(runs.size(), 50u);
  EXPECT_EQ(runs.front().name, "r49");
  EXPECT_EQ(runs.back().name, "r0");
}

TEST(RunsTest, GetByPrefixAndItsErrors) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string a = store->runs().Create("first", "", "").id;
  const std::string b = store->runs().Create("second", "", "").id;
  const std::string c = store->runs().Create("third", "", "").id;
  // Give them known ids: two share the prefix "abcd".
  Sql(dir.path(), "UPDATE runs SET id = 'abcd1111' WHERE id = '" + a + "';"
                  "UPDATE runs SET id = 'abcd2222' WHERE id = '" + b + "';"
                  "UPDATE runs SET id = 'ef012345' WHERE id = '" + c + "';");
  EXPECT_EQ(store->runs().Get("abcd1111").name, "first");
  EXPECT_EQ(store->runs().Get("abcd1").name, "first");
  EXPECT_EQ(store->runs().Get("ef01").name, "third");
  EXPECT_EQ(store->runs().Get("EF01").name, "third");  // ids are lowercase; what is typed may not be

  std::string message;
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Get("abcd"); }, &message), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Contains(message, "ambiguous")) << message;
  EXPECT_TRUE(Contains(message, "abcd1111 (first)")) << message;
  EXPECT_TRUE(Contains(message, "abcd2222 (second)")) << message;

  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Get("ef0"); }, &message), ErrorCode::kNotFound);  // too short for a prefix
  EXPECT_TRUE(Contains(message, "at least 4")) << message;
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Get("99999999"); }, &message), ErrorCode::kNotFound);
  EXPECT_TRUE(Contains(message, "99999999")) << message;
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Get("a_b%"); }), ErrorCode::kNotFound);
}

TEST(RunsTest, FinishReopenAndHeartbeat) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("r", "", "").id;
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Finish(id, "done"); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Finish("00000000", "finished"); }), ErrorCode::kNotFound);

  store->runs().Finish(id, "failed", "CUDA out of memory");
  RunInfo r = store->runs().Get(id);
  EXPECT_EQ(r.status, "failed");
  EXPECT_EQ(r.error, "CUDA out of memory");
  EXPECT_FALSE(r.ended_at.empty());

  // A late heartbeat does not bring a finished or failed run back.
  store->runs().Heartbeat(id);
  EXPECT_EQ(store->runs().Get(id).status, "failed");

  // --resume: running again, owned by this process, no end time or error.
  Sql(dir.path(), "UPDATE runs SET pid = 1, host = 'elsewhere' WHERE id = '" + id + "'");
  store->runs().Reopen(id);
  r = store->runs().Get(id);
  EXPECT_EQ(r.status, "running");
  EXPECT_EQ(r.pid, static_cast<int64_t>(::getpid()));
  EXPECT_EQ(r.host, HostName());
  EXPECT_TRUE(r.ended_at.empty());
  EXPECT_TRUE(r.error.empty());
  store->runs().Reopen(id);  // reopening our own running run is fine

  store->runs().Finish(id, "finished");
  EXPECT_EQ(store->runs().Get(id).status, "finished");
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Heartbeat("00000000"); }), ErrorCode::kNotFound);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Reopen("00000000"); }), ErrorCode::kNotFound);
}

TEST(RunsTest, ReopenIsRefusedWhileAnotherLiveProcessOwnsTheRun) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("r", "", "").id;
  // Our parent process (the test runner's shell or ctest) is alive on this host.
  const int64_t parent = ::getppid();
  Sql(dir.path(), "UPDATE runs SET pid = " + std::to_string(parent) +
                      ", pid_start_ticks = " + std::to_string(ProcessStartTicks(parent)) + " WHERE id = '" + id + "'");
  std::string message;
  EXPECT_EQ(test::ErrorCodeOf([&] { store->runs().Reopen(id); }, &message), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Contains(message, "still running")) << message;
  EXPECT_TRUE(Contains(message, "pid " + std::to_string(parent))) << message;
}

// A child process creates a run and exits without finishing it, as a crashed trainer
// would. The next listing marks it killed.
TEST(RunsTest, RunOfAProcessThatExitedIsReapedAsKilled) {
  test::TempDir dir;
  Store::Open(dir.path());  // create the schema; no connection stays open across fork()
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    try {
      auto store = Store::Open(dir.path());
      const std::string id = store->runs().Create("crashed", "", "").id;
      if (::write(fds[1], id.data(), id.size()) != static_cast<ssize_t>(id.size())) ::_exit(2);
    } catch (...) {
      ::_exit(1);
    }
    ::_exit(0);  // no FinishRun
  }
  ::close(fds[1]);
  char buf[8];
  ASSERT_EQ(::read(fds[0], buf, sizeof(buf)), 8);
  ::close(fds[0]);
  const std::string id(buf, 8);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  auto store = Store::Open(dir.path());
  const auto runs = store->runs().List();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, id);
  EXPECT_EQ(runs[0].pid, static_cast<int64_t>(child));
  EXPECT_EQ(runs[0].status, "killed");
  EXPECT_EQ(runs[0].error, RunStore::kReapedRunError);
  EXPECT_EQ(runs[0].ended_at, runs[0].heartbeat_at);  // the last sign of life

  // Now the run can be resumed by another process.
  store->runs().Reopen(id);
  EXPECT_EQ(store->runs().Get(id).status, "running");
}

TEST(RunsTest, LiveRunOfThisProcessIsNotReaped) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("alive", "", "").id;
  EXPECT_EQ(store->runs().ReapStale(), 0);
  EXPECT_EQ(store->runs().List().at(0).status, "running");
  EXPECT_EQ(store->runs().Get(id).status, "running");
}

TEST(RunsTest, LiveLocalRunWithAnOldHeartbeatIsNotReaped) {
  if (ProcessStartTicks(::getpid()) == 0) GTEST_SKIP() << "no /proc/<pid>/stat here";
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("busy", "", "").id;
  // A trainer hashing a large corpus beats rarely; its process is alive on this host.
  Sql(dir.path(), "UPDATE runs SET heartbeat_at = '" + IsoAgo(3600) + "' WHERE id = '" + id + "'");
  EXPECT_EQ(store->runs().ReapStale(10), 0);
  EXPECT_EQ(store->runs().Get(id).status, "running");
}

TEST(RunsTest, RemoteRunWithAnOldHeartbeatIsReapedAndComesBackIfItBeatsAgain) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("silent", "", "").id;
  Sql(dir.path(), "UPDATE runs SET host = 'elsewhere', heartbeat_at = '" + IsoAgo(30) + "' WHERE id = '" + id + "'");
  EXPECT_EQ(store->runs().ReapStale(60), 0);  // 30 s old: within a 60 s threshold
  EXPECT_EQ(store->runs().ReapStale(10), 1);  // but not within 10 s
  RunInfo r = store->runs().Get(id);
  EXPECT_EQ(r.status, "killed");
  EXPECT_EQ(r.ended_at, r.heartbeat_at);
  EXPECT_EQ(store->runs().ReapStale(10), 0);  // already marked

  // The process was alive after all (e.g. suspended): its next heartbeat revives the run.
  store->runs().Heartbeat(id);
  r = store->runs().Get(id);
  EXPECT_EQ(r.status, "running");
  EXPECT_TRUE(r.ended_at.empty());
  EXPECT_TRUE(r.error.empty());

  // The default threshold is 600 s.
  Sql(dir.path(), "UPDATE runs SET heartbeat_at = '" + IsoAgo(601) + "' WHERE id = '" + id + "'");
  EXPECT_EQ(store->runs().List().at(0).status, "killed");
}

TEST(RunsTest, PidNowUsedByAnotherProgramIsReaped) {
  if (ProcessStartTicks(::getpid()) == 0) GTEST_SKIP() << "no /proc/<pid>/stat here";
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("reused pid", "", "").id;
  // Our pid, but a different start time: the recorded process is gone, the pid reused.
  Sql(dir.path(), "UPDATE runs SET pid_start_ticks = pid_start_ticks + 1 WHERE id = '" + id + "'");
  EXPECT_EQ(store->runs().Get(id).status, "killed");
}

TEST(RunsTest, DeadPidOnAnotherHostIsLeftToTheHeartbeatRule) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string id = store->runs().Create("remote", "", "").id;
  // pid 2^22+1 is above Linux's pid_max limit, so no process here has it; but the run
  // is on another host, where this host cannot check pids.
  Sql(dir.path(), "UPDATE runs SET host = 'some-other-host', pid = 4194305 WHERE id = '" + id + "'");
  EXPECT_EQ(store->runs().ReapStale(), 0);
  EXPECT_EQ(store->runs().Get(id).status, "running");
  Sql(dir.path(), "UPDATE runs SET host = '" + HostName() + "' WHERE id = '" + id + "'");
  EXPECT_EQ(store->runs().ReapStale(), 1);
}

TEST(RunsTest, Iso8601Parsing) {
  EXPECT_EQ(ParseUtcIso8601("1970-01-01T00:00:00Z"), std::optional<std::time_t>(0));
  EXPECT_EQ(ParseUtcIso8601("2000-03-01T01:02:03Z"), std::optional<std::time_t>(951872523));
  EXPECT_FALSE(ParseUtcIso8601("2000-03-01 01:02:03").has_value());
  EXPECT_FALSE(ParseUtcIso8601("2000-13-01T01:02:03Z").has_value());
  EXPECT_FALSE(ParseUtcIso8601("").has_value());
  const auto now = ParseUtcIso8601(UtcNowIso8601());
  ASSERT_TRUE(now.has_value());
  EXPECT_LE(std::abs(static_cast<double>(*now - std::time(nullptr))), 1.0);
}

}  // namespace
}  // namespace sori
