// The SQLite engine of store/database.h: one connection to one file, in WAL mode with a
// busy timeout, so several processes (a training run, the server, a CLI command) can
// share one store file. SQLite's own types stay in sqlite_database.cc.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace sori {

class SqliteDatabase final : public Database {
 public:
  // Opens (creating if needed) the database file; parent directories must exist.
  explicit SqliteDatabase(const std::string& path);
  ~SqliteDatabase() override;

  const SqlDialect& dialect() const override;
  const std::string& path() const override { return path_; }
  void Exec(std::string_view sql) override;
  std::unique_ptr<StatementBackend> Prepare(std::string_view sql) override;
  int SchemaVersion() override;              // PRAGMA user_version
  void SetSchemaVersion(int version) override;

  struct Connection;  // the sqlite3 handle, in the .cc

 private:
  std::string path_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace sori
