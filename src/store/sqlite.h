// A thin RAII layer over SQLite: a connection, prepared statements with typed binding,
// and transactions. Every failure becomes a sori::Error carrying SQLite's message and
// the database path. Connections open in WAL mode with a busy timeout, so several
// processes (a training run, the server, a CLI command) can share one store file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace sori {

class Database;

class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);
  Statement& BindNull(int index);
  Statement& BindOptional(int index, const std::optional<std::string>& value);

  // Advances to the next row; false when done.
  bool Step();
  // Runs a statement that returns no rows.
  void Run();
  void Reset();

  int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  // Opens (creating if needed) the database file; parent directories must exist.
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void Exec(std::string_view sql);  // one or more statements, no results
  int64_t LastInsertId() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t Changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }

  [[noreturn]] void Fail(const std::string& what) const;  // throws with SQLite's message

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back if not committed (e.g. on an exception).
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void Commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace sori
