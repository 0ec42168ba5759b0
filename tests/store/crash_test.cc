// A process killed in the middle of writing leaves the store consistent: the database
// passes SQLite's integrity check, every step is there with all of its metrics or not
// at all, and the next writer carries on.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "store/sqlite_database.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

constexpr int kKeysPerStep = 20;

std::map<std::string, double> StepValues(int64_t step) {
  std::map<std::string, double> values;
  for (int k = 0; k < kKeysPerStep; ++k) values["m" + std::to_string(k)] = static_cast<double>(step * 100 + k);
  return values;
}

// Writes steps 0, 1, 2, ... until killed; writes one byte to `ready` after the first.
[[noreturn]] void WriteForever(const std::string& home, const std::string& run, int ready) {
  try {
    auto store = Store::Open(home);
    for (int64_t step = 0;; ++step) {
      store->runs().LogMetrics(run, step, step / 10, StepValues(step));
      if (step == 0 && ::write(ready, "x", 1) != 1) ::_exit(2);
    }
  } catch (...) {
    ::_exit(1);
  }
}

TEST(StoreCrashTest, WriterKilledMidTransactionLeavesWholeStepsOnly) {
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    test::TempDir dir;
    std::string run;
    {
      auto store = Store::Open(dir.path());
      run = store->runs().Create("crash", "", "").id;
    }  // closed: no SQLite connection crosses fork()

    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      WriteForever(dir.path(), run, fds[1]);
    }
    ::close(fds[1]);
    char byte = 0;
    const ssize_t got = ::read(fds[0], &byte, 1);
    ::close(fds[0]);
    if (got != 1) {
      ::kill(child, SIGKILL);
      ::waitpid(child, nullptr, 0);
      FAIL() << "the writer failed before its first step";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer stopped on its own: " << status;

    int64_t steps = 0;
    {
      SqliteDatabase db(dir.File("store.db"));
      Statement check(db, "PRAGMA integrity_check");
      ASSERT_TRUE(check.Step());
      EXPECT_EQ(check.ColumnText(0), "ok");
      // Steps 0..n-1 each with all their keys and values: no gap, no partial step.
      Statement per_step(db, "SELECT step, COUNT(*), SUM(value) FROM run_metrics WHERE run_id = ? GROUP BY step ORDER BY step");
      per_step.Bind(1, run);
      while (per_step.Step()) {
        const int64_t step = per_step.ColumnInt(0);
        ASSERT_EQ(step, steps) << "missing step";
        ASSERT_EQ(per_step.ColumnInt(1), kKeysPerStep) << "partial step " << step;
        // sum over k of (100 step + k) = 20 * 100 step + 190
        ASSERT_EQ(per_step.ColumnDouble(2), static_cast<double>(kKeysPerStep * 100 * step + 190));
        ++steps;
      }
    }
    EXPECT_GE(steps, 1);

    // The store takes new writes.
    auto store = Store::Open(dir.path());
    store->runs().LogMetrics(run, steps, 0, StepValues(steps));
    EXPECT_EQ(store->runs().GetMetric(run, "m0").size(), static_cast<size_t>(steps + 1));
    store->runs().Finish(run, "finished");
    EXPECT_EQ(store->runs().Get(run).status, "finished");
  }
}

}  // namespace
}  // namespace sori
