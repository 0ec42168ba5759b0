// store/canaries.h: canary rollouts, guarded like jobs (store/jobs.cc): each change is one
// transaction that re-reads the row it changes under the write lock.
#include "store/canaries.h"

#include "store/typed_json.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr const char* kCanaryColumns =
    "id, name, candidate_version, production_version, percent, mode, policy, state, reason, started_at, "
    "COALESCE(ended_at, ''), ended_by";

Canary ReadCanary(const Statement& st) {
  Canary c;
  c.id = st.ColumnInt(0);
  c.name = st.ColumnText(1);
  c.candidate = st.ColumnInt(2);
  c.production = st.ColumnInt(3);
  c.percent = st.ColumnDouble(4);
  c.mode = st.ColumnText(5);
  c.policy_json = st.ColumnText(6);
  c.state = st.ColumnText(7);
  c.reason = st.ColumnText(8);
  c.started_at = st.ColumnText(9);
  c.ended_at = st.ColumnText(10);
  c.ended_by = st.ColumnText(11);
  return c;
}

// A shadow copies a share of traffic to a candidate that answers nobody, so 0% would
// measure nothing; a canary at 0% is allowed (started dark, raised later by a restart).
void CheckModeAndPercent(const std::string& mode, double percent) {
  if (mode != "canary" && mode != "shadow") {
    throw Error(ErrorCode::kInvalidInput, "unknown canary mode '" + mode + "': use canary or shadow");
  }
  if (mode == "canary" && !(percent >= 0 && percent <= 100)) {
    throw Error(ErrorCode::kInvalidInput, "canary percent must be between 0 and 100, got " + FormatFixed(percent, 2) +
                                              " (the share of traffic sent to the candidate)");
  }
  if (mode == "shadow" && !(percent > 0 && percent <= 100)) {
    throw Error(ErrorCode::kInvalidInput, "shadow percent must be above 0 and at most 100, got " +
                                              FormatFixed(percent, 2) +
                                              " (the share of Production's traffic copied to the candidate)");
  }
}

std::string Describe(const Canary& c) {
  return "canary " + std::to_string(c.id) + " of '" + c.name + "' (candidate version " +
         std::to_string(c.candidate) + ")";
}

}  // namespace

int64_t CanaryStore::RequireComparableVersions(const std::string& name, int64_t candidate) {
  registry_.GetVersion(name, candidate);  // kNotFound naming the model or the version
  const std::optional<int64_t> production = registry_.GetModel(name).production;
  if (!production) {
    throw Error(ErrorCode::kInvalidInput, "model '" + name +
                                              "' has no version in Production; a canary measures a candidate "
                                              "against Production (promote one first: sori models promote " +
                                              name + " VERSION --stage production)");
  }
  if (*production == candidate) {
    throw Error(ErrorCode::kInvalidInput, "version " + std::to_string(candidate) + " of '" + name +
                                              "' is the one in Production; a canary needs another version");
  }
  return *production;
}

Canary CanaryStore::Start(const std::string& name, int64_t candidate, double percent, const std::string& mode,
                          const std::string& policy_json) {
  CheckModeAndPercent(mode, percent);
  const std::string policy = policy_json.empty() ? "{}" : policy_json;
  ParseJsonObject(policy, "canary policy");
  const auto lock = db_.Lock();
  Transaction tx(db_);
  const int64_t production = RequireComparableVersions(name, candidate);
  if (const std::optional<Canary> running = Running(name)) {
    throw Error(ErrorCode::kConflict, Describe(*running) + " is already running; end it first: sori models canary " +
                                          name + " --stop");
  }
  Statement insert(db_, "INSERT INTO canaries (name, candidate_version, production_version, percent, mode, policy, "
                        "state, started_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?)" +
                            db_.dialect().ReturningId("id"));
  insert.Bind(1, name).Bind(2, candidate).Bind(3, production).Bind(4, percent).Bind(5, mode).Bind(6, policy);
  insert.Bind(7, UtcNowIso8601());
  insert.Run();
  const int64_t id = insert.InsertedId();
  tx.Commit();
  return Get(id);
}

std::optional<Canary> CanaryStore::Running(const std::string& name) {
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kCanaryColumns + " FROM canaries WHERE name = ? AND state = 'running'");
  st.Bind(1, name);
  if (!st.Step()) return std::nullopt;
  return ReadCanary(st);
}

Canary CanaryStore::Get(int64_t id) {
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kCanaryColumns + " FROM canaries WHERE id = ?");
  st.Bind(1, id);
  if (!st.Step()) throw Error(ErrorCode::kNotFound, "no canary " + std::to_string(id));
  return ReadCanary(st);
}

std::vector<Canary> CanaryStore::List(const std::string& name, int limit) {
  if (limit < 1 || limit > 1000) {
    throw Error(ErrorCode::kInvalidInput, "limit must be in [1, 1000], got " + std::to_string(limit));
  }
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kCanaryColumns +
                        " FROM canaries WHERE ?1 = '' OR name = ?1 ORDER BY id DESC LIMIT ?2");
  st.Bind(1, name).Bind(2, static_cast<int64_t>(limit));
  std::vector<Canary> out;
  while (st.Step()) out.push_back(ReadCanary(st));
  return out;
}

Canary CanaryStore::End(int64_t id, const std::string& state, const std::string& reason, const std::string& ended_by) {
  if (state != "promoted" && state != "rolled_back" && state != "stopped") {
    throw Error(ErrorCode::kInvalidInput, "a canary ends as promoted, rolled_back or stopped, not '" + state + "'");
  }
  const auto lock = db_.Lock();
  Transaction tx(db_);
  const Canary c = Get(id);
  if (c.state != "running") {
    throw Error(ErrorCode::kConflict, Describe(c) + " has already ended: " + c.state + " by " + c.ended_by + " at " +
                                          c.ended_at + (c.reason.empty() ? "" : " (" + c.reason + ")"));
  }
  if (state == "promoted") {
    // Throws the gate's refusal before anything is written: the canary keeps running.
    registry_.TransitionStage(tx, c.name, c.candidate, "Production", /*force=*/false,
                              "canary " + std::to_string(id) + " promoted");
  }
  Statement st(db_, "UPDATE canaries SET state = ?, reason = ?, ended_at = ?, ended_by = ? "
                    "WHERE id = ? AND state = 'running'");
  st.Bind(1, state).Bind(2, reason).Bind(3, UtcNowIso8601()).Bind(4, ended_by).Bind(5, id);
  st.Run();
  tx.Commit();
  return Get(id);
}

void CanaryStore::RecordStats(int64_t id, const std::string& instance, const std::string& stats_json) {
  if (instance.empty()) throw Error(ErrorCode::kInvalidInput, "canary stats need the instance that measured them");
  ParseJsonObject(stats_json, "canary " + std::to_string(id) + " stats from " + instance);
  const auto lock = db_.Lock();
  Transaction tx(db_);
  Get(id);  // kNotFound
  Statement st(db_, db_.dialect().Upsert("canary_stats", {"canary_id", "instance", "stats", "updated_at"},
                                          {"canary_id", "instance"}));
  st.Bind(1, id).Bind(2, instance).Bind(3, stats_json).Bind(4, UtcNowIso8601());
  st.Run();
  tx.Commit();
}

std::vector<CanaryStats> CanaryStore::Stats(int64_t id) {
  const auto lock = db_.Lock();
  Statement st(db_, "SELECT instance, stats, updated_at FROM canary_stats WHERE canary_id = ? ORDER BY instance");
  st.Bind(1, id);
  std::vector<CanaryStats> out;
  while (st.Step()) out.push_back({st.ColumnText(0), st.ColumnText(1), st.ColumnText(2)});
  return out;
}

}  // namespace sori
