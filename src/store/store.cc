// store/store.h: opening the home folder and handing out the stores.
#include "store/store.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "store/artifact_temps.h"
#include "store/migrations.h"
#include "store/sqlite_database.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {

std::string Store::ResolveHome(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("SORI_HOME"); env != nullptr && *env != '\0') return env;
  return ".sori";
}

Store::Store(std::string home, std::unique_ptr<Database> db)
    : home_(std::move(home)),
      db_(std::move(db)),
      datasets_(*db_, home_),
      runs_(*db_, home_, datasets_),
      artifacts_(*db_, home_, runs_),
      evaluations_(*db_, runs_, datasets_, artifacts_),
      registry_(*db_, home_, runs_, artifacts_),
      jobs_(*db_, home_),
      keys_(*db_),
      canaries_(*db_, registry_),
      baselines_(*db_, registry_) {}

std::unique_ptr<Store> Store::Open(const std::string& home) {
  std::error_code ec;
  std::filesystem::create_directories(home, ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot create store folder '" + home + "': " + ec.message());
  std::unique_ptr<Database> db = std::make_unique<SqliteDatabase>(home + "/store.db");
  MigrateStore(*db);
  store_internal::RemoveAbandonedArtifactTemps(home + "/artifacts/tmp", CurrentProcess(), std::time(nullptr));
  return std::unique_ptr<Store>(new Store(home, std::move(db)));
}

int Store::schema_version() {
  const auto lock = db_->Lock();
  return StoreSchemaVersion(*db_);
}

}  // namespace sori
