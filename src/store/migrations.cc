#include "store/migrations.h"

#include "util/error.h"

namespace sori {

const std::vector<Migration>& StoreMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "dataset snapshots",
       R"sql(
        CREATE TABLE datasets (
          id            INTEGER PRIMARY KEY AUTOINCREMENT,
          name          TEXT NOT NULL,
          hash          TEXT NOT NULL,          -- sha256, see data/snapshot.h
          manifest_path TEXT NOT NULL,          -- where it was read from (informational)
          utterances    INTEGER NOT NULL,
          hours         REAL NOT NULL,
          audio_bytes   INTEGER NOT NULL,
          created_at    TEXT NOT NULL,          -- ISO-8601 UTC
          UNIQUE (name, hash)
        );
        CREATE INDEX datasets_by_hash ON datasets (hash);
       )sql"},
      {2, "runs, params, metrics, run datasets, artifacts, evaluations",
       R"sql(
        CREATE TABLE runs (
          id              TEXT PRIMARY KEY,     -- 8 lowercase hex chars, random
          name            TEXT NOT NULL,
          status          TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'killed')),
          config_yaml     TEXT NOT NULL,
          source_revision TEXT NOT NULL,
          host            TEXT NOT NULL,        -- of the process that (re)opened the run
          pid             INTEGER NOT NULL,
          pid_start_ticks INTEGER NOT NULL,     -- /proc/<pid>/stat start time (0: unknown), tells pid reuse apart
          started_at      TEXT NOT NULL,        -- ISO-8601 UTC
          ended_at        TEXT,                 -- NULL while running
          heartbeat_at    TEXT NOT NULL,
          error           TEXT NOT NULL DEFAULT '',
          run_dir         TEXT NOT NULL
        );
        CREATE INDEX runs_by_status ON runs (status);

        CREATE TABLE run_params (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          key    TEXT NOT NULL,
          value  TEXT NOT NULL,
          PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;

        -- value NULL stands for NaN (SQLite stores NaN as NULL).
        CREATE TABLE run_metrics (
          run_id    TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          key       TEXT NOT NULL,
          step      INTEGER NOT NULL,
          epoch     INTEGER NOT NULL,
          value     REAL,
          logged_at TEXT NOT NULL,
          PRIMARY KEY (run_id, key, step)
        ) WITHOUT ROWID;

        CREATE TABLE run_datasets (
          run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          dataset_id INTEGER NOT NULL REFERENCES datasets (id),
          role       TEXT NOT NULL CHECK (role IN ('train', 'val', 'test', 'eval')),
          PRIMARY KEY (run_id, dataset_id, role)
        ) WITHOUT ROWID;

        -- Content-addressed files under <home>/artifacts/sha256/.
        CREATE TABLE artifacts (
          sha256     TEXT PRIMARY KEY,
          size       INTEGER NOT NULL,          -- bytes
          created_at TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE run_artifacts (
          run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          name       TEXT NOT NULL,             -- logical name within the run
          sha256     TEXT NOT NULL REFERENCES artifacts (sha256),
          created_at TEXT NOT NULL,
          PRIMARY KEY (run_id, name)
        ) WITHOUT ROWID;

        CREATE TABLE evaluations (
          id            INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id        TEXT REFERENCES runs (id) ON DELETE SET NULL,  -- NULL: not tied to a run
          model         TEXT NOT NULL,
          dataset_id    INTEGER NOT NULL REFERENCES datasets (id),
          metrics_json  TEXT NOT NULL,          -- a JSON object
          report_sha256 TEXT REFERENCES artifacts (sha256),
          created_at    TEXT NOT NULL
        );
        CREATE INDEX evaluations_by_run ON evaluations (run_id);
        CREATE INDEX evaluations_by_dataset ON evaluations (dataset_id);
       )sql"},
      {3, "model registry",
       R"sql(
        CREATE TABLE registered_models (
          name        TEXT PRIMARY KEY,
          created_at  TEXT NOT NULL,
          gate_metric TEXT NOT NULL DEFAULT 'cer' CHECK (gate_metric IN ('cer', 'wer')),
          gate_max    REAL NOT NULL DEFAULT 0.05
        ) WITHOUT ROWID;

        CREATE TABLE model_versions (
          name             TEXT NOT NULL REFERENCES registered_models (name),
          version          INTEGER NOT NULL,
          stage            TEXT NOT NULL CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
          run_id           TEXT REFERENCES runs (id) ON DELETE SET NULL,
          source           TEXT NOT NULL,
          package_sha256   TEXT NOT NULL,
          config_yaml      TEXT NOT NULL,
          metrics_json     TEXT NOT NULL,
          lineage_json     TEXT NOT NULL,
          description      TEXT NOT NULL DEFAULT '',
          created_at       TEXT NOT NULL,
          stage_changed_at TEXT NOT NULL,
          PRIMARY KEY (name, version)
        ) WITHOUT ROWID;
        -- At most one version of a model in Production.
        CREATE UNIQUE INDEX one_production_version ON model_versions (name) WHERE stage = 'Production';

        CREATE TABLE model_version_files (
          name    TEXT NOT NULL,
          version INTEGER NOT NULL,
          path    TEXT NOT NULL,                -- relative to the package folder
          sha256  TEXT NOT NULL REFERENCES artifacts (sha256),
          PRIMARY KEY (name, version, path),
          FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
        ) WITHOUT ROWID;

        CREATE TABLE model_stage_changes (
          id         INTEGER PRIMARY KEY AUTOINCREMENT,
          name       TEXT NOT NULL,
          version    INTEGER NOT NULL,
          from_stage TEXT NOT NULL,
          to_stage   TEXT NOT NULL,
          reason     TEXT NOT NULL,
          forced     INTEGER NOT NULL DEFAULT 0,
          at         TEXT NOT NULL,
          FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
        );
       )sql"},
      {4, "api keys",
       R"sql(
        -- Only the SHA-256 of a key is kept, never the key (store/api_keys.h).
        CREATE TABLE api_keys (
          id                    INTEGER PRIMARY KEY AUTOINCREMENT,
          name                  TEXT NOT NULL UNIQUE,
          key_hash              TEXT NOT NULL UNIQUE,   -- sha256 hex of the whole key
          prefix                TEXT NOT NULL,          -- the key's first characters, for display
          scopes                TEXT NOT NULL,          -- comma-separated: transcribe,jobs,admin
          rate_count            INTEGER NOT NULL DEFAULT 0 CHECK (rate_count >= 0),  -- 0: no rate limit
          rate_period_seconds   INTEGER NOT NULL DEFAULT 60 CHECK (rate_period_seconds > 0),
          max_concurrent        INTEGER NOT NULL DEFAULT 0 CHECK (max_concurrent >= 0),
          audio_seconds_per_day REAL NOT NULL DEFAULT 0 CHECK (audio_seconds_per_day >= 0),
          webhook_secret        TEXT NOT NULL,          -- whsec_<base64>, Standard Webhooks
          created_at            TEXT NOT NULL,
          revoked_at            TEXT,                   -- NULL while valid
          last_used_at          TEXT
        );

        -- Per key and UTC day; written in batches by the server (auth/usage_recorder.h).
        CREATE TABLE api_key_usage (
          key_id        INTEGER NOT NULL REFERENCES api_keys (id),
          day           TEXT NOT NULL,                  -- YYYY-MM-DD, UTC
          requests      INTEGER NOT NULL DEFAULT 0,
          audio_seconds REAL NOT NULL DEFAULT 0,
          errors        INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (key_id, day)
        ) WITHOUT ROWID;

        -- Secrets of the store itself, such as the webhook secret used without keys.
        CREATE TABLE store_secrets (
          name       TEXT PRIMARY KEY,
          value      TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) WITHOUT ROWID;
       )sql"},
      {5, "transcription jobs and their webhook attempts",
       R"sql(
        CREATE TABLE jobs (
          seq              INTEGER PRIMARY KEY AUTOINCREMENT,  -- submission order (pages, the queue)
          id               TEXT NOT NULL UNIQUE,
          key_id           INTEGER NOT NULL DEFAULT 0,         -- 0: submitted without API keys
          status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'canceled')),
          audio_name       TEXT NOT NULL DEFAULT '',
          audio_bytes      INTEGER NOT NULL DEFAULT 0,
          options          TEXT NOT NULL DEFAULT '{}',
          metadata         TEXT NOT NULL DEFAULT '',
          callback_url     TEXT NOT NULL DEFAULT '',
          created_at       REAL NOT NULL,
          started_at       REAL NOT NULL DEFAULT 0,
          finished_at      REAL NOT NULL DEFAULT 0,
          progress         REAL NOT NULL DEFAULT 0,
          audio_seconds    REAL NOT NULL DEFAULT 0,
          attempts         INTEGER NOT NULL DEFAULT 0,
          error_code       TEXT NOT NULL DEFAULT '',
          error_message    TEXT NOT NULL DEFAULT '',
          model_version    TEXT NOT NULL DEFAULT '',
          lease_owner      TEXT,
          lease_expires    REAL NOT NULL DEFAULT 0,
          webhook_state    TEXT NOT NULL DEFAULT '',
          webhook_next_at  REAL NOT NULL DEFAULT 0,
          webhook_attempts INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX jobs_by_key ON jobs (key_id, seq);
        CREATE INDEX jobs_by_status ON jobs (status, seq);
        CREATE INDEX jobs_webhooks_due ON jobs (webhook_state, webhook_next_at);

        CREATE TABLE job_webhook_attempts (
          job_id  TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          at      REAL NOT NULL,
          status  INTEGER NOT NULL,
          error   TEXT NOT NULL DEFAULT '',
          seconds REAL NOT NULL DEFAULT 0,
          PRIMARY KEY (job_id, attempt)
        );
       )sql"},
      {6, "canary rollouts, their per-server stats, drift baselines",
       R"sql(
        -- store/canaries.h. ended_at is NULL while running.
        CREATE TABLE canaries (
          id                 INTEGER PRIMARY KEY AUTOINCREMENT,
          name               TEXT NOT NULL,
          candidate_version  INTEGER NOT NULL,
          production_version INTEGER NOT NULL,    -- in Production when the canary started
          percent            REAL NOT NULL CHECK (percent >= 0 AND percent <= 100),
          mode               TEXT NOT NULL CHECK (mode IN ('canary', 'shadow')),
          policy             TEXT NOT NULL DEFAULT '{}',  -- JSON, read by the servers (src/monitor)
          state              TEXT NOT NULL CHECK (state IN ('running', 'promoted', 'rolled_back', 'stopped')),
          reason             TEXT NOT NULL DEFAULT '',
          started_at         TEXT NOT NULL,
          ended_at           TEXT,
          ended_by           TEXT NOT NULL DEFAULT '',    -- "cli", or the deciding server ("host:pid")
          FOREIGN KEY (name, candidate_version) REFERENCES model_versions (name, version),
          FOREIGN KEY (name, production_version) REFERENCES model_versions (name, version)
        );
        -- At most one running canary per model, whoever starts it.
        CREATE UNIQUE INDEX one_running_canary ON canaries (name) WHERE state = 'running';
        CREATE INDEX canaries_by_name ON canaries (name, id);

        -- One row per server instance, replaced every few seconds.
        CREATE TABLE canary_stats (
          canary_id  INTEGER NOT NULL REFERENCES canaries (id),
          instance   TEXT NOT NULL,
          stats      TEXT NOT NULL,               -- JSON object, as the server wrote it
          updated_at TEXT NOT NULL,
          PRIMARY KEY (canary_id, instance)
        ) WITHOUT ROWID;

        -- store/drift_baselines.h
        CREATE TABLE drift_baselines (
          name       TEXT NOT NULL,
          version    INTEGER NOT NULL,
          baseline   TEXT NOT NULL,               -- JSON object (src/monitor)
          created_at TEXT NOT NULL,
          PRIMARY KEY (name, version),
          FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
        ) WITHOUT ROWID;
       )sql"},
  };
  return kMigrations;
}

int StoreSchemaVersion(Database& db) { return db.SchemaVersion(); }

int MigrateStore(Database& db) {
  const auto& migrations = StoreMigrations();
  const int latest = migrations.back().version;
  int version = StoreSchemaVersion(db);
  if (version > latest) {
    throw Error(ErrorCode::kUnsupported,
                "store '" + db.path() + "' has schema version " + std::to_string(version) +
                    ", newer than this build of sori understands (" + std::to_string(latest) +
                    "); upgrade sori");
  }
  for (const Migration& m : migrations) {
    if (m.version <= version) continue;
    Transaction tx(db);
    // Re-check inside the write lock: another process may have migrated meanwhile.
    if (StoreSchemaVersion(db) >= m.version) continue;
    db.Exec(m.sql);
    db.SetSchemaVersion(m.version);
    tx.Commit();
    version = m.version;
  }
  return version;
}

}  // namespace sori
