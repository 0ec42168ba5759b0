// Content-addressed artifacts: files copied once into
// <home>/artifacts/sha256/<first 2 hex>/<other 62 hex>, read-only, and named within a run
// ("checkpoints/best.pt"). The model registry keeps its package files here too.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/runs.h"

namespace sori {

struct ArtifactInfo {
  std::string name;             // logical name within the run, e.g. "checkpoints/best.pt"
  std::string sha256;           // 64 lowercase hex chars: the file's content address
  int64_t size = 0;             // bytes
  std::string created_at;
};

class ArtifactStore {
 public:
  ArtifactStore(Database& db, std::string home, RunStore& runs) : db_(db), home_(std::move(home)), runs_(runs) {}

  // Copies a file into the store (atomically: temp file, fsync, rename) and returns its
  // sha256. Content already stored is not copied again. kNotFound names a missing file.
  std::string Put(const std::string& file_path);
  // Names a stored artifact within a run; the same name again points it at the new
  // content. `size` must match the stored file (kInvalidInput otherwise); an artifact
  // not put first is kNotFound.
  void Link(const std::string& run, const std::string& logical_name, const std::string& sha256, int64_t size);
  // Put + Link.
  ArtifactInfo Log(const std::string& run, const std::string& logical_name, const std::string& file_path);
  // A run's artifacts, sorted by name.
  std::vector<ArtifactInfo> OfRun(const std::string& run);
  // Where an artifact's bytes are (whether or not it exists). kInvalidInput unless
  // `sha256` is 64 lowercase hex characters.
  std::string Path(const std::string& sha256) const;
  // Throws kNotFound (saying `what` is missing) unless `sha256` was put into the store.
  // For the other stores, inside their transactions.
  void Require(const std::string& sha256, const std::string& what);

  const std::string& home() const { return home_; }

 private:
  Database& db_;
  std::string home_;
  RunStore& runs_;
};

}  // namespace sori
