// store/datasets.h: dataset snapshots.
#include "store/datasets.h"

#include "store/store_internal.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {

namespace store_internal {

std::string SnapshotColumns(const std::string& table) {
  std::string out;
  for (const char* c : {"id", "name", "hash", "manifest_path", "utterances", "hours", "audio_bytes", "created_at"}) {
    if (!out.empty()) out += ", ";
    if (!table.empty()) out += table + ".";
    out += c;
  }
  return out;
}

DatasetSnapshot ReadSnapshot(const Statement& st, int first) {
  DatasetSnapshot s;
  s.id = st.ColumnInt(first + 0);
  s.name = st.ColumnText(first + 1);
  s.hash = st.ColumnText(first + 2);
  s.manifest_path = st.ColumnText(first + 3);
  s.utterances = st.ColumnInt(first + 4);
  s.hours = st.ColumnDouble(first + 5);
  s.audio_bytes = st.ColumnInt(first + 6);
  s.created_at = st.ColumnText(first + 7);
  return s;
}

}  // namespace store_internal

namespace {

using store_internal::ReadSnapshot;
const std::string kDatasetColumns = store_internal::SnapshotColumns();

}  // namespace

DatasetSnapshot DatasetStore::Record(const DatasetSnapshot& snapshot, bool* created) {
  if (snapshot.name.empty()) throw Error(ErrorCode::kInvalidInput, "a dataset snapshot needs a name");
  if (snapshot.hash.size() != 64) {
    throw Error(ErrorCode::kInvalidInput, "dataset hash must be 64 hex characters");
  }
  const auto lock = db_.Lock();
  Transaction tx(db_);
  {
    Statement find(db_, std::string("SELECT ") + kDatasetColumns + " FROM datasets WHERE name = ? AND hash = ?");
    find.Bind(1, snapshot.name).Bind(2, snapshot.hash);
    if (find.Step()) {
      DatasetSnapshot existing = ReadSnapshot(find);
      tx.Commit();
      if (created) *created = false;
      return existing;
    }
  }
  DatasetSnapshot out = snapshot;
  out.created_at = UtcNowIso8601();
  Statement insert(db_,
                   "INSERT INTO datasets (name, hash, manifest_path, utterances, hours, audio_bytes, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)" + db_.dialect().ReturningId("id"));
  insert.Bind(1, out.name).Bind(2, out.hash).Bind(3, out.manifest_path).Bind(4, out.utterances);
  insert.Bind(5, out.hours).Bind(6, out.audio_bytes).Bind(7, out.created_at);
  insert.Run();
  out.id = insert.InsertedId();
  tx.Commit();
  if (created) *created = true;
  return out;
}

std::vector<DatasetSnapshot> DatasetStore::List(const std::optional<std::string>& name) {
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kDatasetColumns + " FROM datasets" +
                         (name ? " WHERE name = ?" : "") + " ORDER BY id DESC");
  if (name) st.Bind(1, *name);
  std::vector<DatasetSnapshot> out;
  while (st.Step()) out.push_back(ReadSnapshot(st));
  return out;
}

DatasetSnapshot DatasetStore::Find(const std::string& name_or_hash) {
  const auto lock = db_.Lock();
  const auto by_name = List(name_or_hash);
  if (!by_name.empty()) return by_name.front();
  if (name_or_hash.size() >= 6 && name_or_hash.find_first_not_of("0123456789abcdef") == std::string::npos) {
    Statement st(db_, std::string("SELECT ") + kDatasetColumns + " FROM datasets WHERE hash LIKE ? ORDER BY id DESC");
    st.Bind(1, name_or_hash + "%");
    std::vector<DatasetSnapshot> found;
    while (st.Step()) found.push_back(ReadSnapshot(st));
    std::vector<std::string> hashes;
    for (const auto& f : found) {
      if (hashes.empty() || hashes.back() != f.hash) hashes.push_back(f.hash);
    }
    if (hashes.size() == 1) return found.front();
    if (hashes.size() > 1) {
      throw Error(ErrorCode::kInvalidInput, "hash prefix '" + name_or_hash + "' matches " +
                                                std::to_string(hashes.size()) + " datasets; give more characters");
    }
  }
  throw Error(ErrorCode::kNotFound, "no dataset snapshot named '" + name_or_hash +
                                        "' or with that hash prefix in store '" + home_ +
                                        "' (see: sori data snapshots)");
}

DatasetSnapshot DatasetStore::Get(int64_t id) {
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kDatasetColumns + " FROM datasets WHERE id = ?");
  st.Bind(1, id);
  if (!st.Step()) {
    throw Error(ErrorCode::kNotFound, "no dataset snapshot with id " + std::to_string(id) + " in store '" + home_ +
                                          "' (see: sori data snapshots)");
  }
  return ReadSnapshot(st);
}

}  // namespace sori
