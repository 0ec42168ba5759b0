// Partial artifact copies left in <home>/artifacts/tmp by killed writers (a `sori models
// register` stopped with SIGKILL) are removed when a store opens, and only those.
#include "store/artifact_temps.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "store/process_identity.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

namespace fs = std::filesystem;
using store_internal::ArtifactTempName;

// A child process that only waits to be killed; killed and reaped when this goes away.
class IdleChild {
 public:
  IdleChild() : pid_(::fork()) {
    if (pid_ == 0) {
      for (;;) ::pause();
    }
  }
  ~IdleChild() { KillAndReap(); }
  IdleChild(const IdleChild&) = delete;
  IdleChild& operator=(const IdleChild&) = delete;
  pid_t pid() const { return pid_; }
  void KillAndReap() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_;
};

class ArtifactTempsTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(tmp_); }

  std::string Put(const std::string& name, int age_seconds = 0) {
    const std::string path = dir_.Write("home/artifacts/tmp/" + name, "partial copy");
    const fs::file_time_type now = fs::file_time_type::clock::now();
    fs::last_write_time(path, now - std::chrono::seconds(age_seconds));
    return path;
  }

  test::TempDir dir_;
  std::string home_ = dir_.File("home");
  std::string tmp_ = dir_.File("home/artifacts/tmp");
};

TEST_F(ArtifactTempsTest, AKilledWritersCopyGoesAtTheNextOpenALiveOnesStays) {
  IdleChild writer;
  ASSERT_GT(writer.pid(), 0);
  const ProcessIdentity identity{HostName(), writer.pid(), ProcessStartTicks(writer.pid())};
  const std::string partial = Put(ArtifactTempName(identity, 42));
  Store::Open(home_);
  EXPECT_TRUE(fs::exists(partial)) << "removed while its writer was still running";
  writer.KillAndReap();
  Store::Open(home_);
  EXPECT_FALSE(fs::exists(partial)) << "left behind by a killed writer";
}

TEST_F(ArtifactTempsTest, OnlyCertainlyAbandonedFilesAreRemoved) {
  const ProcessIdentity self = CurrentProcess();
  ASSERT_GT(self.start_ticks, 0) << "needs /proc";
  const int hour = static_cast<int>(store_internal::kStaleArtifactTempSeconds);
  // The same pid started at another time: the pid was reused after the writer died.
  const std::string reused = Put(ArtifactTempName({self.host, self.pid, self.start_ticks + 1}, 1));
  const std::string mine = Put(ArtifactTempName(self, 2), 2 * hour);  // old but alive: kept
  // Writers on another host cannot be asked: only files untouched for an hour go.
  const std::string remote = Put(ArtifactTempName({"elsewhere.example", 1, 1}, 3));
  const std::string remote_old = Put(ArtifactTempName({"elsewhere.example", 1, 1}, 4), hour + 60);
  // Names of older Sori versions ("<pid>.<random>") say nothing of the host either.
  const std::string legacy = Put("123.456");
  const std::string legacy_old = Put("123.789", hour + 60);
  fs::create_directories(tmp_ + "/folder");

  const int removed = store_internal::RemoveAbandonedArtifactTemps(tmp_, self, std::time(nullptr));
  EXPECT_EQ(removed, 3);
  EXPECT_FALSE(fs::exists(reused));
  EXPECT_TRUE(fs::exists(mine));
  EXPECT_TRUE(fs::exists(remote));
  EXPECT_FALSE(fs::exists(remote_old));
  EXPECT_TRUE(fs::exists(legacy));
  EXPECT_FALSE(fs::exists(legacy_old));
  EXPECT_TRUE(fs::is_directory(tmp_ + "/folder"));
}

TEST_F(ArtifactTempsTest, AStoreWithoutATmpFolderOpens) {
  fs::remove_all(tmp_);
  EXPECT_EQ(store_internal::RemoveAbandonedArtifactTemps(tmp_, CurrentProcess(), std::time(nullptr)), 0);
  EXPECT_NE(Store::Open(home_), nullptr);
}

}  // namespace
}  // namespace sori
