// The Database seam (store/database.h) on its SQLite engine: the dialect's statements do
// what the stores rely on, and a transaction is all or nothing.
#include "store/database.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "store/sqlite_database.h"
#include "store/store.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

int64_t Count(Database& db, const std::string& sql) {
  Statement st(db, sql);
  EXPECT_TRUE(st.Step());
  return st.ColumnInt(0);
}

// Runs `sql` (an INSERT of (k, v)); returns the rows it changed.
int64_t PutKv(Database& db, const std::string& sql, const char* k, const char* v) {
  Statement st(db, sql);
  st.Bind(1, std::string_view(k)).Bind(2, std::string_view(v));
  st.Run();
  return st.RowsChanged();
}

std::string ValueOf(Database& db, const char* k) {
  Statement st(db, "SELECT v FROM kv WHERE k = ?");
  st.Bind(1, std::string_view(k));
  EXPECT_TRUE(st.Step());
  return st.ColumnText(0);
}

TEST(DatabaseTest, UpsertReplacesTheRowWithTheSameKey) {
  test::TempDir dir;
  SqliteDatabase db(dir.File("t.db"));
  db.Exec("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
  const std::string upsert = db.dialect().Upsert("kv", {"k", "v"}, {"k"});
  PutKv(db, upsert, "a", "one");
  PutKv(db, upsert, "a", "two");
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM kv"), 1);
  EXPECT_EQ(ValueOf(db, "a"), "two");
}

TEST(DatabaseTest, InsertOrIgnoreKeepsTheFirstRow) {
  test::TempDir dir;
  SqliteDatabase db(dir.File("t.db"));
  db.Exec("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
  const std::string insert = db.dialect().InsertOrIgnore("kv", {"k", "v"});
  EXPECT_EQ(PutKv(db, insert, "a", "first"), 1);
  EXPECT_EQ(PutKv(db, insert, "a", "second"), 0);
  EXPECT_EQ(ValueOf(db, "a"), "first");
}

TEST(DatabaseTest, InsertedIdIsTheGeneratedId) {
  test::TempDir dir;
  SqliteDatabase db(dir.File("t.db"));
  db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)");
  for (int64_t expected = 1; expected <= 3; ++expected) {
    Statement st(db, "INSERT INTO t (x) VALUES ('x')" + db.dialect().ReturningId("id"));
    st.Run();
    EXPECT_EQ(st.InsertedId(), expected);
  }
}

TEST(DatabaseTest, CommittedTransactionIsKeptAndAnUncommittedOneRolledBack) {
  test::TempDir dir;
  {
    SqliteDatabase db(dir.File("t.db"));
    db.Exec("CREATE TABLE t (x INTEGER)");
    {
      Transaction tx(db);
      db.Exec("INSERT INTO t VALUES (1)");
      tx.Commit();
    }
    EXPECT_THROW(
        {
          Transaction tx(db);
          db.Exec("INSERT INTO t VALUES (2)");
          db.Exec("INSERT INTO no_such_table VALUES (3)");  // throws: the whole write goes
          tx.Commit();
        },
        Error);
  }
  SqliteDatabase reopened(dir.File("t.db"));
  EXPECT_EQ(Count(reopened, "SELECT COUNT(*) FROM t"), 1);
  EXPECT_EQ(Count(reopened, "SELECT SUM(x) FROM t"), 1);
}

TEST(DatabaseTest, SchemaVersionIsKeptInTheFile) {
  test::TempDir dir;
  {
    SqliteDatabase db(dir.File("t.db"));
    EXPECT_EQ(db.SchemaVersion(), 0);
    db.SetSchemaVersion(7);
  }
  EXPECT_EQ(SqliteDatabase(dir.File("t.db")).SchemaVersion(), 7);
}

TEST(DatabaseTest, AFailingStoreWriteLeavesNothingBehind) {
  // A store method that throws inside its transaction (here: a dataset link to a
  // missing snapshot) rolls back, and the shared connection takes the next write.
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string run = store->runs().Create("r", "", "").id;
  EXPECT_THROW(store->runs().LinkDataset(run, 42, "train"), Error);
  EXPECT_TRUE(store->runs().RunDatasets(run).empty());
  store->runs().LogParams(run, {{"lr", "0.001"}});
  EXPECT_EQ(store->runs().GetParams(run).at("lr"), "0.001");
}

TEST(DatabaseTest, OpenErrorNamesTheFile) {
  test::TempDir dir;
  try {
    SqliteDatabase db(dir.File("no/such/folder/t.db"));
    FAIL() << "opened a database in a missing folder";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(e.what()).find("no/such/folder/t.db"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sori
