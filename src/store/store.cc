#include "store/store.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "store/artifact_temps.h"
#include "store/migrations.h"
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

bool IsSha256Hex(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace store_internal

namespace {

using store_internal::ReadSnapshot;
const std::string kSnapshotColumns = store_internal::SnapshotColumns();

}  // namespace

std::optional<std::time_t> ParseUtcIso8601(std::string_view text) {
  // Exactly "YYYY-MM-DDTHH:MM:SSZ", as UtcNowIso8601 writes.
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  const auto number = [&](size_t pos, size_t len, int* out) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  std::tm tm{};
  int year = 0, month = 0;
  if (!number(0, 4, &year) || !number(5, 2, &month) || !number(8, 2, &tm.tm_mday) ||
      !number(11, 2, &tm.tm_hour) || !number(14, 2, &tm.tm_min) || !number(17, 2, &tm.tm_sec)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  return timegm(&tm);
}

bool MetricHigherIsBetter(std::string_view key) {
  const size_t slash = key.rfind('/');
  const std::string last = AsciiLower(slash == std::string_view::npos ? key : key.substr(slash + 1));
  return StartsWith(last, "acc") || last == "f1" || last == "precision" || last == "recall" || last == "bleu" ||
         last == "auc" || EndsWith(last, "_per_s") || EndsWith(last, "per_second") || last == "throughput";
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
  store_internal::RemoveAbandonedArtifactTemps(home + "/artifacts/tmp", CurrentProcess(), std::time(nullptr));
  return std::unique_ptr<Store>(new Store(home, std::move(db)));
}

int Store::schema_version() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  return StoreSchemaVersion(*db_);
}

DatasetSnapshot Store::RecordDataset(const DatasetSnapshot& snapshot, bool* created) {
  if (snapshot.name.empty()) throw Error(ErrorCode::kInvalidInput, "a dataset snapshot needs a name");
  if (snapshot.hash.size() != 64) {
    throw Error(ErrorCode::kInvalidInput, "dataset hash must be 64 hex characters");
  }
  std::lock_guard<std::recursive_mutex> lock(mutex_);
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
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement st(*db_, std::string("SELECT ") + kSnapshotColumns + " FROM datasets" +
                         (name ? " WHERE name = ?" : "") + " ORDER BY id DESC");
  if (name) st.Bind(1, *name);
  std::vector<DatasetSnapshot> out;
  while (st.Step()) out.push_back(ReadSnapshot(st));
  return out;
}

DatasetSnapshot Store::FindDataset(const std::string& name_or_hash) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
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

DatasetSnapshot Store::GetDataset(int64_t id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement st(*db_, std::string("SELECT ") + kSnapshotColumns + " FROM datasets WHERE id = ?");
  st.Bind(1, id);
  if (!st.Step()) {
    throw Error(ErrorCode::kNotFound, "no dataset snapshot with id " + std::to_string(id) + " in store '" + home_ +
                                          "' (see: sori data snapshots)");
  }
  return ReadSnapshot(st);
}

}  // namespace sori
