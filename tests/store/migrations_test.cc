// A store written by an older build (schema 1: datasets only) is brought forward and
// keeps what it had.
#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/sqlite_database.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace sori {
namespace {

// Schema 1 exactly as the first release created it.
constexpr char kSchema1[] = R"sql(
  CREATE TABLE datasets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    hash          TEXT NOT NULL,
    manifest_path TEXT NOT NULL,
    utterances    INTEGER NOT NULL,
    hours         REAL NOT NULL,
    audio_bytes   INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (name, hash)
  );
  CREATE INDEX datasets_by_hash ON datasets (hash);
  PRAGMA user_version = 1;
)sql";

TEST(MigrationsTest, VersionsAreConsecutive) {
  const auto& m = StoreMigrations();
  ASSERT_GE(m.size(), 2u);
  for (size_t i = 0; i < m.size(); ++i) EXPECT_EQ(m[i].version, static_cast<int>(i + 1));
}

TEST(MigrationsTest, Schema1StoreIsUpgradedAndKeepsItsDatasets) {
  test::TempDir dir;
  {
    SqliteDatabase db(dir.File("store.db"));
    db.Exec(kSchema1);
    db.Exec("INSERT INTO datasets (name, hash, manifest_path, utterances, hours, audio_bytes, created_at) "
            "VALUES ('ko-train', '" + std::string(64, 'a') + "', '/d/train.jsonl', 120, 0.25, 4096, "
            "'2026-01-02T03:04:05Z')");
    EXPECT_EQ(StoreSchemaVersion(db), 1);
  }
  auto store = Store::Open(dir.path());
  EXPECT_EQ(store->schema_version(), StoreMigrations().back().version);
  const auto datasets = store->datasets().List();
  ASSERT_EQ(datasets.size(), 1u);
  EXPECT_EQ(datasets[0].name, "ko-train");
  EXPECT_EQ(datasets[0].utterances, 120);
  EXPECT_EQ(datasets[0].hours, 0.25);
  EXPECT_EQ(datasets[0].created_at, "2026-01-02T03:04:05Z");

  // The new tables work with the old rows.
  const std::string run = store->runs().Create("after upgrade", "", "").id;
  store->runs().LinkDataset(run, datasets[0].id, "train");
  ASSERT_EQ(store->runs().RunDatasets(run).size(), 1u);
  EXPECT_EQ(store->runs().RunDatasets(run)[0].first.hash, std::string(64, 'a'));
}

}  // namespace
}  // namespace sori
