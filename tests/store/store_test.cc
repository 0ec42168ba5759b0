#include "store/store.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/migrations.h"
#include "store/sqlite_database.h"
#include "support/temp_dir.h"
#include "store/snapshot_fixture.h"
#include "util/error.h"

namespace sori {
namespace {

using test::Snap;

TEST(StoreTest, OpenCreatesFolderAndMigratesToLatest) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home/nested"));
  EXPECT_EQ(store->schema_version(), StoreMigrations().back().version);
  // Opening again is a no-op migration.
  auto again = Store::Open(dir.File("home/nested"));
  EXPECT_EQ(again->schema_version(), StoreMigrations().back().version);
}

TEST(StoreTest, RecordingTheSameContentTwiceIsNotANewVersion) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  bool created = false;
  const DatasetSnapshot a = store->datasets().Record(Snap("train", 'a'), &created);
  EXPECT_TRUE(created);
  EXPECT_GT(a.id, 0);
  EXPECT_FALSE(a.created_at.empty());
  const DatasetSnapshot again = store->datasets().Record(Snap("train", 'a'), &created);
  EXPECT_FALSE(created);
  EXPECT_EQ(again.id, a.id);
  const DatasetSnapshot b = store->datasets().Record(Snap("train", 'b'), &created);
  EXPECT_TRUE(created);
  EXPECT_NE(b.id, a.id);
  store->datasets().Record(Snap("test", 'c'), &created);

  const auto all = store->datasets().List();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name, "test");  // newest first
  EXPECT_EQ(store->datasets().List(std::string("train")).size(), 2u);
  EXPECT_EQ(store->datasets().Find("train").hash, std::string(64, 'b'));  // newest version
  EXPECT_EQ(store->datasets().Find("cccccc").name, "test");
}

TEST(StoreTest, FindErrorsAreSpecific) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  bool created;
  DatasetSnapshot x = Snap("x", 'a');
  x.hash = "abc123" + std::string(58, '0');
  DatasetSnapshot y = Snap("y", 'a');
  y.hash = "abc123" + std::string(58, '1');
  store->datasets().Record(x, &created);
  store->datasets().Record(y, &created);
  try {
    store->datasets().Find("abc123");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("matches 2"), std::string::npos);
  }
  try {
    store->datasets().Find("nope");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
}

TEST(StoreTest, RejectsInvalidSnapshots) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  bool created;
  EXPECT_THROW(store->datasets().Record(Snap("", 'a'), &created), Error);
  DatasetSnapshot bad = Snap("x", 'a');
  bad.hash = "short";
  EXPECT_THROW(store->datasets().Record(bad, &created), Error);
}

TEST(StoreTest, NewerSchemaIsRefusedAndNothingIsChanged) {
  test::TempDir dir;
  {
    SqliteDatabase db(dir.File("store.db"));
    db.Exec("PRAGMA user_version = 999");
  }
  try {
    Store::Open(dir.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported);
    EXPECT_NE(std::string(e.what()).find("999"), std::string::npos);
  }
  SqliteDatabase db(dir.File("store.db"));
  EXPECT_EQ(StoreSchemaVersion(db), 999);
}

TEST(StoreTest, ConcurrentWritersFromSeveralConnections) {
  test::TempDir dir;
  Store::Open(dir.path());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto store = Store::Open(dir.path());  // its own connection, as another process would have
      for (int i = 0; i < 10; ++i) {
        bool created;
        DatasetSnapshot s = Snap("d" + std::to_string(t), 'a');
        s.hash = std::string(63, 'a') + static_cast<char>('0' + i);
        store->datasets().Record(s, &created);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(Store::Open(dir.path())->datasets().List().size(), 40u);
}

TEST(StoreTest, TransactionRollsBackOnException) {
  test::TempDir dir;
  SqliteDatabase db(dir.File("t.db"));
  db.Exec("CREATE TABLE t (x INTEGER)");
  try {
    Transaction tx(db);
    db.Exec("INSERT INTO t VALUES (1)");
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  Statement st(db, "SELECT COUNT(*) FROM t");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.ColumnInt(0), 0);
  EXPECT_THROW(db.Exec("SELECT * FROM missing_table"), Error);
}

TEST(StoreTest, HomeResolution) {
  EXPECT_EQ(Store::ResolveHome("/explicit"), "/explicit");
  setenv("SORI_HOME", "/from/env", 1);
  EXPECT_EQ(Store::ResolveHome(""), "/from/env");
  unsetenv("SORI_HOME");
  EXPECT_EQ(Store::ResolveHome(""), ".sori");
}

}  // namespace
}  // namespace sori
