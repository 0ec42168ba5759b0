// Dataset snapshots: a named manifest's content hash and size, recorded once per content
// (data/snapshot.h computes them; the CLI records them, so data does not use store).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"

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

class DatasetStore {
 public:
  // `home` only names the store in messages.
  DatasetStore(Database& db, std::string home) : db_(db), home_(std::move(home)) {}

  // Records a snapshot. If one with the same name and hash exists, returns it and sets
  // *created to false: recording the same content twice is not a new version.
  DatasetSnapshot Record(const DatasetSnapshot& snapshot, bool* created);
  // All snapshots, newest first; only those named `name` if given.
  std::vector<DatasetSnapshot> List(const std::optional<std::string>& name = std::nullopt);
  // By exact name (newest version), or by hash prefix of at least 6 characters.
  // Throws kNotFound, or kInvalidInput if a hash prefix is ambiguous.
  DatasetSnapshot Find(const std::string& name_or_hash);
  // By id; throws kNotFound.
  DatasetSnapshot Get(int64_t id);

 private:
  Database& db_;
  std::string home_;
};

}  // namespace sori
