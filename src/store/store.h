// The store: Sori's embedded record of datasets (and, as the system grows, runs,
// metrics, artifacts and model versions). One SQLite file, `<home>/store.db`, in WAL
// mode, with schema migrations (store/migrations.h). `home` is the --store option, else
// $SORI_HOME, else ./.sori in the working directory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite.h"

namespace sori {

struct DatasetSnapshot {
  int64_t id = 0;
  std::string name;
  std::string hash;           // 64 hex chars
  std::string manifest_path;
  int64_t utterances = 0;
  double hours = 0.0;
  int64_t audio_bytes = 0;
  std::string created_at;     // ISO-8601 UTC, set by the store
};

class Store {
 public:
  // Opens (creating) <home>/store.db and brings its schema up to date.
  static std::unique_ptr<Store> Open(const std::string& home);
  // --store value if non-empty, else $SORI_HOME, else ".sori".
  static std::string ResolveHome(const std::string& flag);

  const std::string& home() const { return home_; }
  int schema_version();

  // Records a snapshot. If one with the same name and hash exists, returns it and sets
  // *created to false: recording the same content twice is not a new version.
  DatasetSnapshot RecordDataset(const DatasetSnapshot& snapshot, bool* created);
  // All snapshots, newest first; only those named `name` if given.
  std::vector<DatasetSnapshot> ListDatasets(const std::optional<std::string>& name = std::nullopt);
  // By exact name (newest version), or by hash prefix of at least 6 characters.
  // Throws kNotFound, or kInvalidInput if a hash prefix is ambiguous.
  DatasetSnapshot FindDataset(const std::string& name_or_hash);

 private:
  Store(std::string home, std::unique_ptr<Database> db);
  std::string home_;
  std::unique_ptr<Database> db_;
};

// Current time as "2026-11-22T12:34:56Z".
std::string UtcNowIso8601();

}  // namespace sori
