// The seam between the store and its SQL engine. `Database` is one connection to one
// store database; the stores (runs.h, datasets.h, artifacts.h, evaluations.h,
// registry.h) only ever talk to it through `Statement` and `Transaction`, and take the
// few statements that differ between engines from its `SqlDialect`.
//
// The SQLite engine is sqlite_database.h. Another engine (PostgreSQL via libpq) is a new
// subclass of Database and StatementBackend, plus a SqlDialect and its own schema text;
// nothing above this header changes. Every failure is a sori::Error naming the database.
//
// Locking: one Database may be shared by threads (a trainer's heartbeat thread and its
// main loop) and carries one transaction at a time, so every store method holds
// `Lock()` for its whole call. The mutex is recursive because store methods call each
// other (GetRun reaps dead runs first; the registry checks a run exists).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sori {

// The SQL that is not the same in every engine. Statements use `?` placeholders; an
// engine whose driver numbers them ($1, $2) rewrites them when preparing.
class SqlDialect {
 public:
  virtual ~SqlDialect() = default;
  // An INSERT that replaces the row with the same primary key (`key` columns).
  // SQLite: INSERT OR REPLACE; PostgreSQL: ON CONFLICT (key) DO UPDATE SET ...
  virtual std::string Upsert(std::string_view table, const std::vector<std::string>& columns,
                             const std::vector<std::string>& key) const = 0;
  // An INSERT that does nothing when the row's key (or a unique column) already exists.
  // SQLite: INSERT OR IGNORE; PostgreSQL: ON CONFLICT DO NOTHING.
  virtual std::string InsertOrIgnore(std::string_view table, const std::vector<std::string>& columns) const = 0;
  // What follows an INSERT into a table with a generated id so that
  // Statement::InsertedId() can read it. SQLite: nothing (last_insert_rowid); PostgreSQL:
  // " RETURNING id".
  virtual std::string ReturningId(std::string_view id_column) const = 0;
  // A column that orders a table's rows by insertion (runs have random ids). SQLite:
  // rowid; another engine needs a generated column in its schema.
  virtual std::string InsertionOrder() const = 0;
  // Starts a write transaction that holds the write lock at once, so two writers never
  // both read and then fail to upgrade. SQLite: BEGIN IMMEDIATE.
  virtual std::string BeginWrite() const = 0;
};

// One prepared statement of an engine. Parameters and columns are as in Statement.
class StatementBackend {
 public:
  virtual ~StatementBackend() = default;
  virtual void Bind(int index, int64_t value) = 0;
  virtual void Bind(int index, double value) = 0;
  virtual void Bind(int index, std::string_view value) = 0;
  virtual void BindNull(int index) = 0;
  virtual bool Step() = 0;
  virtual void Reset() = 0;
  virtual int64_t ColumnInt(int column) const = 0;
  virtual double ColumnDouble(int column) const = 0;
  virtual std::string ColumnText(int column) const = 0;
  virtual bool ColumnIsNull(int column) const = 0;
  // The id the last run INSERT generated (see SqlDialect::ReturningId).
  virtual int64_t InsertedId() = 0;
  // Rows changed by the last run INSERT, UPDATE or DELETE.
  virtual int64_t RowsChanged() = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  virtual const SqlDialect& dialect() const = 0;
  // Where the database is, for messages (a file path, a connection name).
  virtual const std::string& path() const = 0;
  // One or more statements, no results.
  virtual void Exec(std::string_view sql) = 0;
  virtual std::unique_ptr<StatementBackend> Prepare(std::string_view sql) = 0;
  // The schema version the migrations (store/migrations.h) have brought it to; 0 when new.
  virtual int SchemaVersion() = 0;
  virtual void SetSchemaVersion(int version) = 0;

  // Held by every store method for its whole call; see the top of this file.
  std::unique_lock<std::recursive_mutex> Lock() { return std::unique_lock<std::recursive_mutex>(mutex_); }

 protected:
  Database() = default;

 private:
  std::recursive_mutex mutex_;
};

// A prepared statement with typed binding; the engine's statement underneath.
class Statement {
 public:
  Statement(Database& db, std::string_view sql) : backend_(db.Prepare(sql)) {}

  // Parameters are 1-based, as in SQLite.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);
  Statement& BindNull(int index);
  Statement& BindOptional(int index, const std::optional<std::string>& value);

  // Advances to the next row; false when done.
  bool Step() { return backend_->Step(); }
  // Runs a statement that returns no rows (or whose rows are not wanted).
  void Run();
  void Reset() { backend_->Reset(); }
  int64_t InsertedId() { return backend_->InsertedId(); }
  int64_t RowsChanged() { return backend_->RowsChanged(); }

  int64_t ColumnInt(int column) const { return backend_->ColumnInt(column); }
  double ColumnDouble(int column) const { return backend_->ColumnDouble(column); }
  std::string ColumnText(int column) const { return backend_->ColumnText(column); }
  bool ColumnIsNull(int column) const { return backend_->ColumnIsNull(column); }

 private:
  std::unique_ptr<StatementBackend> backend_;
};

// A write transaction (SqlDialect::BeginWrite ... COMMIT), rolled back if not committed,
// e.g. when an exception leaves the scope: a write is all or nothing.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace sori
