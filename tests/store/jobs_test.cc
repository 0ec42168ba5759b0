// The durable job queue: creation writes the audio before the row, claims and leases,
// the final transitions only the lease holder may make, cancel/retry, requeueing after a
// dead worker, webhook bookkeeping, retention and orphan folders.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/process_identity.h"
#include "store/store.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "util/fs.h"

namespace sori {
namespace {

namespace fs = std::filesystem;

class JobStoreTest : public ::testing::Test {
 protected:
  JobRecord Queue(int64_t key, const std::string& callback = "") {
    JobRecord f;
    f.key_id = key;
    f.audio_name = "clip.wav";
    f.options_json = R"({"response_format": "json", "beam": 0})";
    f.callback_url = callback;
    return store->jobs().Create(f, "RIFF....audio bytes");
  }
  test::TempDir dir;
  std::unique_ptr<Store> store = Store::Open(dir.path());
  JobStore& jobs = store->jobs();
};

TEST_F(JobStoreTest, CreateWritesTheAudioAndAQueuedRow) {
  const JobRecord job = Queue(7);
  EXPECT_TRUE(JobStore::IsJobId(job.id)) << job.id;
  EXPECT_EQ(ReadFileToString(jobs.AudioPath(job.id), 1 << 20), "RIFF....audio bytes");
  const auto got = jobs.Get(job.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, "queued");
  EXPECT_EQ(got->key_id, 7);
  EXPECT_EQ(got->audio_bytes, 19);
  EXPECT_GT(got->created_at, 1.7e9);
}

TEST_F(JobStoreTest, IdsAreCheckedStrictly) {
  EXPECT_TRUE(JobStore::IsJobId("job_0123456789abcdef0123"));
  for (const char* bad : {"", "job_", "job_0123456789ABCDEF0123", "job_0123456789abcdef012", "job_0123456789abcdef01234",
                          "../../etc/passwd", "job_0123456789abcdef012/", "xjob0123456789abcdef0123"}) {
    EXPECT_FALSE(JobStore::IsJobId(bad)) << bad;
  }
}

TEST_F(JobStoreTest, ClaimTakesTheOldestAndOnlyTheHolderFinishes) {
  const JobRecord first = Queue(1), second = Queue(1);
  const auto claimed = jobs.Claim("me", 30);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, first.id);
  EXPECT_EQ(claimed->status, "running");
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_FALSE(jobs.Succeed(first.id, "someone else", "v1", 3.0));
  EXPECT_TRUE(jobs.Heartbeat(first.id, "me", 30, 50, 3.0));
  EXPECT_DOUBLE_EQ(jobs.Get(first.id)->progress, 50);
  EXPECT_TRUE(jobs.Succeed(first.id, "me", "v1", 3.0));
  EXPECT_FALSE(jobs.Succeed(first.id, "me", "v1", 3.0)) << "a job completes once";
  EXPECT_EQ(jobs.Get(first.id)->status, "succeeded");
  EXPECT_EQ(jobs.Get(first.id)->progress, 100);
  EXPECT_EQ(jobs.Claim("me", 30)->id, second.id);
  EXPECT_FALSE(jobs.Claim("me", 30)) << "nothing left";
}

TEST_F(JobStoreTest, CancelStopsTheHolderAndFinalJobsRefuse) {
  const JobRecord job = Queue(1);
  jobs.Claim("me", 30);
  EXPECT_EQ(jobs.Cancel(job.id).status, "canceled");
  EXPECT_FALSE(jobs.Heartbeat(job.id, "me", 30, 10, 1)) << "the worker learns at its next renewal";
  EXPECT_FALSE(jobs.Succeed(job.id, "me", "v1", 1));
  EXPECT_EQ(test::ErrorCodeOf([&] { jobs.Cancel(job.id); }), ErrorCode::kConflict);
  EXPECT_EQ(test::ErrorCodeOf([&] { jobs.Cancel("job_00000000000000000000"); }), ErrorCode::kNotFound);
  EXPECT_EQ(jobs.Retry(job.id).status, "queued");
  EXPECT_EQ(test::ErrorCodeOf([&] { jobs.Retry(job.id); }), ErrorCode::kConflict);
}

TEST_F(JobStoreTest, FailedJobsKeepTheirErrorUntilRetried) {
  const JobRecord job = Queue(1);
  jobs.Claim("me", 30);
  EXPECT_TRUE(jobs.Fail(job.id, "me", "invalid_input", "'clip.wav': not audio"));
  EXPECT_EQ(jobs.Get(job.id)->error_message, "'clip.wav': not audio");
  const JobRecord again = jobs.Retry(job.id);
  EXPECT_EQ(again.status, "queued");
  EXPECT_EQ(again.error_message, "");
  EXPECT_EQ(jobs.Claim("me", 30)->attempts, 2);
}

TEST_F(JobStoreTest, AbandonedJobsAreRequeued) {
  const JobRecord expired = Queue(1), dead = Queue(1), alive = Queue(1);
  jobs.Claim("other-host:1:1", 5);
  jobs.Claim(HostName() + ":999999999:12345", 3600);  // no such pid on this host
  jobs.Claim(ThisProcessLeaseOwner(), 3600);
  EXPECT_EQ(jobs.RequeueAbandoned(UnixNow() + 10), 2);
  EXPECT_EQ(jobs.Get(expired.id)->status, "queued");
  EXPECT_EQ(jobs.Get(dead.id)->status, "queued");
  EXPECT_EQ(jobs.Get(alive.id)->status, "running");
}

TEST_F(JobStoreTest, ListPagesNewestFirstAndFiltersByKeyAndStatus) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Queue(i % 2 == 0 ? 1 : 2).id);  // key 1: 0, 2, 4
  JobListQuery q;
  q.key_id = 1;
  q.limit = 2;
  auto page = jobs.List(q);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, ids[4]);
  EXPECT_EQ(page[1].id, ids[2]);
  q.after = page[1].id;
  page = jobs.List(q);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, ids[0]);
  q = {};
  q.status = "running";
  EXPECT_TRUE(jobs.List(q).empty());
  q.limit = 0;
  EXPECT_EQ(test::ErrorCodeOf([&] { jobs.List(q); }), ErrorCode::kInvalidInput);
}

TEST_F(JobStoreTest, WebhooksArePendingOnlyWithACallbackAndRecordEveryAttempt) {
  const JobRecord quiet = Queue(1), loud = Queue(1, "https://example.com/hook");
  jobs.Claim("me", 30);
  jobs.Claim("me", 30);
  jobs.Succeed(quiet.id, "me", "v1", 1);
  jobs.Fail(loud.id, "me", "invalid_input", "bad");
  auto due = jobs.DueWebhooks(UnixNow() + 1, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, loud.id);
  jobs.RecordWebhookAttempt(loud.id, {1, UnixNow(), 503, "answered 503", 0.01}, "pending", UnixNow() + 60);
  EXPECT_TRUE(jobs.DueWebhooks(UnixNow() + 1, 10).empty()) << "not due before its next time";
  EXPECT_EQ(jobs.DueWebhooks(UnixNow() + 61, 10).size(), 1u);
  jobs.RecordWebhookAttempt(loud.id, {2, UnixNow(), 204, "", 0.01}, "delivered", 0);
  EXPECT_TRUE(jobs.DueWebhooks(UnixNow() + 1e6, 10).empty());
  const auto attempts = jobs.WebhookAttempts(loud.id);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].status, 503);
  EXPECT_EQ(attempts[1].status, 204);
  EXPECT_EQ(jobs.Get(loud.id)->webhook_state, "delivered");
  EXPECT_EQ(jobs.Get(loud.id)->webhook_attempts, 2);
}

TEST_F(JobStoreTest, RetentionDeletesFinishedJobsButNotPendingWebhooks) {
  const JobRecord done = Queue(1), pending = Queue(1, "https://example.com/hook"), queued = Queue(1);
  jobs.Claim("me", 30);
  jobs.Claim("me", 30);
  jobs.Succeed(done.id, "me", "v1", 1);
  jobs.Succeed(pending.id, "me", "v1", 1);
  EXPECT_EQ(jobs.DeleteFinishedBefore(UnixNow() + 1), 1);
  EXPECT_FALSE(jobs.Get(done.id));
  EXPECT_FALSE(fs::exists(jobs.JobDir(done.id)));
  EXPECT_TRUE(jobs.Get(pending.id));
  EXPECT_TRUE(jobs.Get(queued.id));
}

TEST_F(JobStoreTest, OnlyOldFoldersWithoutARowAreOrphans) {
  const JobRecord job = Queue(1);
  dir.Write("jobs/job_aaaaaaaaaaaaaaaaaaaa/audio", "left by a crash");
  dir.Write("jobs/job_bbbbbbbbbbbbbbbbbbbb/audio", "being created right now");
  dir.Write("jobs/notes.txt", "a user's file");
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(dir.File("jobs/job_aaaaaaaaaaaaaaaaaaaa"), old);
  EXPECT_EQ(jobs.RemoveOrphanFolders(), 1);
  EXPECT_FALSE(fs::exists(dir.File("jobs/job_aaaaaaaaaaaaaaaaaaaa")));
  EXPECT_TRUE(fs::exists(dir.File("jobs/job_bbbbbbbbbbbbbbbbbbbb")));
  EXPECT_TRUE(fs::exists(dir.File("jobs/notes.txt")));
  EXPECT_TRUE(fs::exists(jobs.AudioPath(job.id)));
}

}  // namespace
}  // namespace sori
