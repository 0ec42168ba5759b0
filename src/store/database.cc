// The engine-independent half of store/database.h: typed binding and transactions.
#include "store/database.h"

namespace sori {

Statement& Statement::Bind(int index, int64_t value) {
  backend_->Bind(index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  backend_->Bind(index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  backend_->Bind(index, value);
  return *this;
}

Statement& Statement::BindNull(int index) {
  backend_->BindNull(index);
  return *this;
}

Statement& Statement::BindOptional(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

void Statement::Run() {
  while (Step()) {
  }
}

Transaction::Transaction(Database& db) : db_(db) { db_.Exec(db_.dialect().BeginWrite()); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.Exec("ROLLBACK");
    } catch (...) {
    }
  }
}

void Transaction::Commit() {
  db_.Exec("COMMIT");
  done_ = true;
}

}  // namespace sori
