// The store's schema, as an ordered list of migrations. A new table or column is a new
// migration appended at the end; existing ones are never edited, so every store file
// can be brought forward from whatever version it has (Database::SchemaVersion; in
// SQLite, PRAGMA user_version). The SQL is SQLite's; another engine brings its own
// migrations with the same version numbers.
#pragma once

#include <string>
#include <vector>

#include "store/database.h"

namespace sori {

struct Migration {
  int version;              // 1, 2, 3, ... (user_version after it runs)
  std::string description;
  std::string sql;
};

const std::vector<Migration>& StoreMigrations();

// Applies the migrations newer than the database's version, each in its own
// transaction. Throws Error(kUnsupported) if the database is newer than this build.
// Returns the resulting version.
int MigrateStore(Database& db);

int StoreSchemaVersion(Database& db);

}  // namespace sori
