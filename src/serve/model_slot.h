// One model name a server answers for: the version in production and, while the registry
// runs a trial of another version (store/canaries.h), that candidate.
//   - canary: `percent` of requests go to the candidate, sticky per API key (one client
//     sees one version) or by request otherwise (monitor/traffic_split.h); both arms'
//     outcomes fill windows that DecideCanary (monitor/canary_policy.h) compares;
//   - shadow: every request is answered by production, and `percent` of them are also run
//     by the candidate afterwards, off the client's path, to measure how much the two
//     transcripts disagree (monitor/shadow_compare.h) without labels.
// Thread-safe. Swaps and trial changes return the model they displace, for the caller to
// stop outside the lock (a batcher's Stop waits for its queue).
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "monitor/arm_window.h"
#include "monitor/canary_policy.h"
#include "serve/serving_model.h"

namespace sori {

// A trial as the registry records it.
struct CanaryTrial {
  int64_t id = 0;
  std::string mode = "canary";  // canary | shadow
  double percent = 0;           // share of requests routed (canary) or copied (shadow)
  CanaryPolicy policy;
};

class ModelSlot {
 public:
  explicit ModelSlot(std::string key) : key_(std::move(key)) {}
  const std::string& key() const { return key_; }

  std::shared_ptr<ServingModel> production() const;  // nullptr until the first load
  std::shared_ptr<ServingModel> candidate() const;   // nullptr without a trial
  std::optional<CanaryTrial> trial() const;

  // Puts `model` in production; returns the one it replaces.
  std::shared_ptr<ServingModel> SetProduction(std::shared_ptr<ServingModel> model);
  // Starts a trial (the windows start empty); returns a candidate it replaces.
  std::shared_ptr<ServingModel> StartTrial(std::shared_ptr<ServingModel> candidate, const CanaryTrial& trial);
  // Ends the trial; returns its candidate.
  std::shared_ptr<ServingModel> EndTrial();
  // If the candidate is `version`, it becomes production and the trial ends: returns the
  // production it replaces and sets *promoted. Otherwise nothing changes.
  std::shared_ptr<ServingModel> PromoteCandidate(const std::string& version, bool* promoted);

  // Where one request goes: `model` answers it; `shadow`, if set, runs a copy afterwards.
  // `sticky_key` (an API key id) keeps a client on one arm; requests without one are
  // spread evenly in the trial's proportion (monitor/traffic_split.h).
  struct Choice {
    std::shared_ptr<ServingModel> model;
    std::shared_ptr<ServingModel> shadow;
  };
  Choice Choose(const std::string& sticky_key);

  // A request's outcome on `version` (ignored unless it is one of the trial's arms).
  void RecordOutcome(const std::string& version, const ArmOutcome& outcome);
  // A shadow comparison: the disagreement (WER of the candidate against production), or
  // nullopt when the candidate failed or had no room.
  void RecordShadow(std::optional<double> disagreement);
  // The canary rule over the windows; kContinue without a canary trial.
  CanaryVerdict Decide() const;
  // The trial's figures, as `sori models canary NAME --status` shows them; null without one.
  nlohmann::json TrialStats() const;

 private:
  nlohmann::json ShadowStats() const;  // with mu_ held

  const std::string key_;
  mutable std::mutex mu_;
  std::shared_ptr<ServingModel> production_, candidate_;
  std::optional<CanaryTrial> trial_;
  ArmWindow production_arm_, candidate_arm_;
  std::deque<double> disagreements_;  // the last ones, for the mean and p90
  int64_t shadow_compared_ = 0, shadow_failed_ = 0;
  uint64_t sequence_ = 0;  // requests without a key in this trial
};

}  // namespace sori
