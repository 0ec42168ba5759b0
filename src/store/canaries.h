// Canary rollouts (migration 6): a candidate version of a registered model takes a share
// of the traffic (mode "canary") or sees a copy of it without answering (mode "shadow")
// while the version in Production keeps serving, until someone or something decides.
//
// The store keeps the record and guards its one transition; it does not decide. Servers
// (src/serve) find the running canary of the model they follow, write their window stats
// here every few seconds (one row per server instance), and one of them may end it by the
// policy (src/monitor), which the store keeps as opaque JSON. The CLI starts, stops and
// reports them.
//
// Life of a canary (state):  running -> promoted | rolled_back | stopped
// At most one canary of a model runs at a time (a unique index, not only a check). Ending
// is guarded: only a running canary ends, so when two servers decide at once the first
// wins and the second gets kConflict. Promoted moves the candidate to Production in the
// same transaction (store/registry.h's gate applies); rolled_back and stopped change no
// stage, since Production never left.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/registry.h"

namespace sori {

struct Canary {
  int64_t id = 0;
  std::string name;            // the registered model
  int64_t candidate = 0;       // version under test
  int64_t production = 0;      // version in Production when it started
  double percent = 0;          // share of traffic to the candidate, 0..100 (shadow: share of production traffic copied)
  std::string mode;            // "canary" | "shadow"
  std::string policy_json;     // the decision policy, JSON (monitor/canary_policy.h's ToJson); "{}" if none
  std::string state;           // running | promoted | rolled_back | stopped
  std::string reason;          // why it ended (a rollback's measured figures), "" while running
  std::string started_at, ended_at, ended_by;  // ended_by: "cli", or the instance that decided ("host:pid")
};

// One server instance's latest window of figures for a canary, as that server wrote it.
struct CanaryStats {
  std::string instance;
  std::string stats_json;
  std::string updated_at;
};

class CanaryStore {
 public:
  CanaryStore(Database& db, ModelRegistry& registry) : db_(db), registry_(registry) {}

  // Starts a canary: kNotFound if the model or version does not exist; kInvalidInput if
  // percent is outside [0,100] (shadow: (0,100]), mode unknown, policy not a JSON object,
  // the version is the one in Production, or the model has no version in Production;
  // kConflict if a canary of this model is already running (naming its id and candidate).
  Canary Start(const std::string& name, int64_t candidate, double percent, const std::string& mode,
               const std::string& policy_json);
  std::optional<Canary> Running(const std::string& name);
  Canary Get(int64_t id);  // kNotFound
  // Newest first; name "" = all models. limit 1..1000.
  std::vector<Canary> List(const std::string& name, int limit = 20);
  // Ends running canary `id` as "promoted", "rolled_back" or "stopped", in one
  // transaction; kConflict naming its state if it has already ended. "promoted" moves
  // the candidate to Production with the gate applied: if the gate refuses, its
  // kInvalidInput propagates and the canary keeps running (callers then stop it, quoting
  // the gate's message). The stage changes are recorded with reason "canary <id> promoted".
  Canary End(int64_t id, const std::string& state, const std::string& reason, const std::string& ended_by);
  // A server's current window stats (a JSON object, opaque here); one row per instance,
  // replaced on each write. Accepted after the canary has ended too: a server's last
  // write may cross another's decision, and the figures still describe the canary.
  void RecordStats(int64_t id, const std::string& instance, const std::string& stats_json);
  std::vector<CanaryStats> Stats(int64_t id);  // by instance

 private:
  // Start's checks of the registry, inside its transaction: the candidate exists and is
  // not in Production, and there is a Production version (returned).
  int64_t RequireComparableVersions(const std::string& name, int64_t candidate);

  Database& db_;
  ModelRegistry& registry_;
};

}  // namespace sori
