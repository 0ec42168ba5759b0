#include "store/migrations.h"

#include "util/error.h"

namespace sori {

const std::vector<Migration>& StoreMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "dataset snapshots",
       R"sql(
        CREATE TABLE datasets (
          id            INTEGER PRIMARY KEY AUTOINCREMENT,
          name          TEXT NOT NULL,
          hash          TEXT NOT NULL,          -- sha256, see data/snapshot.h
          manifest_path TEXT NOT NULL,          -- where it was read from (informational)
          utterances    INTEGER NOT NULL,
          hours         REAL NOT NULL,
          audio_bytes   INTEGER NOT NULL,
          created_at    TEXT NOT NULL,          -- ISO-8601 UTC
          UNIQUE (name, hash)
        );
        CREATE INDEX datasets_by_hash ON datasets (hash);
       )sql"},
  };
  return kMigrations;
}

int StoreSchemaVersion(Database& db) {
  Statement st(db, "PRAGMA user_version");
  st.Step();
  return static_cast<int>(st.ColumnInt(0));
}

int MigrateStore(Database& db) {
  const auto& migrations = StoreMigrations();
  const int latest = migrations.back().version;
  int version = StoreSchemaVersion(db);
  if (version > latest) {
    throw Error(ErrorCode::kUnsupported,
                "store '" + db.path() + "' has schema version " + std::to_string(version) +
                    ", newer than this build of sori understands (" + std::to_string(latest) +
                    "); upgrade sori");
  }
  for (const Migration& m : migrations) {
    if (m.version <= version) continue;
    Transaction tx(db);
    // Re-check inside the write lock: another process may have migrated meanwhile.
    if (StoreSchemaVersion(db) >= m.version) continue;
    db.Exec(m.sql);
    db.Exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.Commit();
    version = m.version;
  }
  return version;
}

}  // namespace sori
