#include "store/store.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "store/migrations.h"
#include "util/error.h"

namespace sori {
namespace {

DatasetSnapshot ReadSnapshot(const Statement& st) {
  DatasetSnapshot s;
  s.id = st.ColumnInt(0);
  s.name = st.ColumnText(1);
  s.hash = st.ColumnText(2);
  s.manifest_path = st.ColumnText(3);
  s.utterances = st.ColumnInt(4);
  s.hours = st.ColumnDouble(5);
  s.audio_bytes = st.ColumnInt(6);
  s.created_at = st.ColumnText(7);
  return s;
}

constexpr char kSnapshotColumns[] =
    "id, name, hash, manifest_path, utterances, hours, audio_bytes, created_at";

}  // namespace

std::string UtcNowIso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Store::ResolveHome(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("SORI_HOME"); env != nullptr && *env != '\0') return env;
  return ".sori";
}

Store::Store(std::string home, std::unique_ptr<Database> db) : home_(std::move(home)), db_(std::move(db)) {}

std::unique_ptr<Store> Store::Open(const std::string& home) {
  std::error_code ec;
  std::filesystem::create_directories(home, ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot create store folder '" + home + "': " + ec.message());
  auto db = std::make_unique<Database>(home + "/store.db");
  MigrateStore(*db);
  return std::unique_ptr<Store>(new Store(home, std::move(db)));
}

int Store::schema_version() { return StoreSchemaVersion(*db_); }

DatasetSnapshot Store::RecordDataset(const DatasetSnapshot& snapshot, bool* created) {
  if (snapshot.name.empty()) throw Error(ErrorCode::kInvalidInput, "a dataset snapshot needs a name");
  if (snapshot.hash.size() != 64) {
    throw Error(ErrorCode::kInvalidInput, "dataset hash must be 64 hex characters");
  }
  Transaction tx(*db_);
  {
    Statement find(*db_, std::string("SELECT ") + kSnapshotColumns + " FROM datasets WHERE name = ? AND hash = ?");
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
  Statement insert(*db_,
                   "INSERT INTO datasets (name, hash, manifest_path, utterances, hours, audio_bytes, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, out.name).Bind(2, out.hash).Bind(3, out.manifest_path).Bind(4, out.utterances);
  insert.Bind(5, out.hours).Bind(6, out.audio_bytes).Bind(7, out.created_at);
  insert.Run();
  out.id = db_->LastInsertId();
  tx.Commit();
  if (created) *created = true;
  return out;
}

std::vector<DatasetSnapshot> Store::ListDatasets(const std::optional<std::string>& name) {
  Statement st(*db_, std::string("SELECT ") + kSnapshotColumns + " FROM datasets" +
                         (name ? " WHERE name = ?" : "") + " ORDER BY id DESC");
  if (name) st.Bind(1, *name);
  std::vector<DatasetSnapshot> out;
  while (st.Step()) out.push_back(ReadSnapshot(st));
  return out;
}

DatasetSnapshot Store::FindDataset(const std::string& name_or_hash) {
  const auto by_name = ListDatasets(name_or_hash);
  if (!by_name.empty()) return by_name.front();
  if (name_or_hash.size() >= 6 && name_or_hash.find_first_not_of("0123456789abcdef") == std::string::npos) {
    Statement st(*db_, std::string("SELECT ") + kSnapshotColumns + " FROM datasets WHERE hash LIKE ? ORDER BY id DESC");
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

}  // namespace sori
