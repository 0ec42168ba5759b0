// store/sqlite_database.h: the SQLite engine. Every failure becomes a sori::Error
// carrying SQLite's message and the database path.
#include "store/sqlite_database.h"

#include <sqlite3.h>

#include "util/error.h"
#include "util/strings.h"

namespace sori {

struct SqliteDatabase::Connection {
  sqlite3* db = nullptr;
  ~Connection() { sqlite3_close(db); }
  [[noreturn]] void Fail(const std::string& path, const std::string& what) const {
    throw Error(ErrorCode::kIo, "store '" + path + "': " + what + ": " + sqlite3_errmsg(db));
  }
};

namespace {

class SqliteDialect final : public SqlDialect {
 public:
  std::string Upsert(std::string_view table, const std::vector<std::string>& columns,
                     const std::vector<std::string>& /*key*/) const override {
    return "INSERT OR REPLACE INTO " + std::string(table) + Values(columns);
  }
  std::string InsertOrIgnore(std::string_view table, const std::vector<std::string>& columns) const override {
    return "INSERT OR IGNORE INTO " + std::string(table) + Values(columns);
  }
  std::string ReturningId(std::string_view /*id_column*/) const override { return ""; }
  std::string InsertionOrder() const override { return "rowid"; }
  std::string BeginWrite() const override { return "BEGIN IMMEDIATE"; }

 private:
  // " (a, b) VALUES (?, ?)"
  static std::string Values(const std::vector<std::string>& columns) {
    return " (" + Join(columns, ", ") + ") VALUES (" + Join(std::vector<std::string>(columns.size(), "?"), ", ") + ")";
  }
};

class SqliteStatement final : public StatementBackend {
 public:
  SqliteStatement(const SqliteDatabase::Connection& conn, const std::string& path, std::string_view sql)
      : conn_(conn), path_(path) {
    if (sqlite3_prepare_v2(conn.db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
      conn.Fail(path, "cannot prepare '" + std::string(sql) + "'");
    }
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void Bind(int index, int64_t value) override { Check(sqlite3_bind_int64(stmt_, index, value)); }
  void Bind(int index, double value) override { Check(sqlite3_bind_double(stmt_, index, value)); }
  void Bind(int index, std::string_view value) override {
    Check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
  }
  void BindNull(int index) override { Check(sqlite3_bind_null(stmt_, index)); }

  bool Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    conn_.Fail(path_, "statement failed");
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  int64_t ColumnInt(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double ColumnDouble(int column) const override { return sqlite3_column_double(stmt_, column); }
  std::string ColumnText(int column) const override {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
                : std::string();
  }
  bool ColumnIsNull(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int64_t InsertedId() override { return sqlite3_last_insert_rowid(conn_.db); }
  int64_t RowsChanged() override { return sqlite3_changes64(conn_.db); }

 private:
  void Check(int rc) const {
    if (rc != SQLITE_OK) conn_.Fail(path_, "bind failed");
  }

  const SqliteDatabase::Connection& conn_;
  const std::string& path_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path) : path_(path), connection_(std::make_unique<Connection>()) {
  const int rc = sqlite3_open_v2(path.c_str(), &connection_->db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = connection_->db ? sqlite3_errmsg(connection_->db) : sqlite3_errstr(rc);
    throw Error(ErrorCode::kIo, "cannot open store database '" + path + "': " + msg);
  }
  // Writers wait for each other instead of failing at once.
  sqlite3_busy_timeout(connection_->db, 10000);
  Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

SqliteDatabase::~SqliteDatabase() = default;

const SqlDialect& SqliteDatabase::dialect() const {
  static const SqliteDialect kDialect;
  return kDialect;
}

void SqliteDatabase::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(connection_->db, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(ErrorCode::kIo, "store '" + path_ + "': " + msg);
  }
}

std::unique_ptr<StatementBackend> SqliteDatabase::Prepare(std::string_view sql) {
  return std::make_unique<SqliteStatement>(*connection_, path_, sql);
}

int SqliteDatabase::SchemaVersion() {
  SqliteStatement st(*connection_, path_, "PRAGMA user_version");
  st.Step();
  return static_cast<int>(st.ColumnInt(0));
}

void SqliteDatabase::SetSchemaVersion(int version) { Exec("PRAGMA user_version = " + std::to_string(version)); }

}  // namespace sori
