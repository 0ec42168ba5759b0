#include "serve/canary_follower.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "serve/model_reloader.h"
#include "store/store.h"
#include "util/error.h"

namespace sori {

std::string ServerInstanceName() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

CanaryFollower::CanaryFollower(SttService& service, std::shared_ptr<Store> store, std::string registry_name, std::string slot,
                               std::string instance)
    : service_(service), store_(std::move(store)), name_(std::move(registry_name)), slot_(std::move(slot)),
      instance_(std::move(instance)) {}

void CanaryFollower::Poll() {
  try {
    Follow();
    Judge();
  } catch (const std::exception& e) {
    spdlog::warn("canary of '{}': {}", name_, e.what());
  }
}

// Loads the running trial's candidate, or unloads a candidate whose trial ended.
void CanaryFollower::Follow() {
  const std::optional<Canary> running = store_->canaries().Running(name_);
  const std::optional<CanaryTrial> loaded = service_.Trial(slot_);
  if (!running) {
    if (loaded) service_.EndTrial(slot_, "the registry has no running canary of '" + name_ + "'");
    return;
  }
  if (loaded && loaded->id == running->id) return;
  // Another trial replaced the one loaded: the old candidate gets no more requests, even
  // if the new one fails to load.
  if (loaded) service_.EndTrial(slot_, "canary " + std::to_string(running->id) + " replaced it");
  if (running->id == failed_trial_) return;
  const std::string uri = "models:/" + name_ + "/" + std::to_string(running->candidate);
  try {
    CanaryTrial trial;
    trial.id = running->id;
    trial.mode = running->mode;
    trial.percent = running->percent;
    trial.policy = CanaryPolicy::FromJson(nlohmann::json::parse(running->policy_json.empty() ? "{}" : running->policy_json));
    const ModelVersion v = store_->registry().Resolve(uri);
    spdlog::info("canary {} of '{}': loading candidate version {} ({} {}%)", trial.id, name_, running->candidate, trial.mode,
                 trial.percent);
    // Metrics and /health name the candidate as production is named (the served name).
    const std::string served_name = service_.Served(slot_).first;
    service_.StartTrial(slot_, std::make_shared<const Recognizer>(v.package_dir), served_name.empty() ? v.name : served_name,
                        v.name + "/" + std::to_string(v.version), trial, LoadDriftBaseline(*store_, v.name, v.version));
  } catch (const std::exception& e) {
    failed_trial_ = running->id;
    spdlog::error("canary {} of '{}': the candidate {} did not load, so no traffic goes to it: {}", running->id, name_, uri,
                  e.what());
  }
}

// Judges a canary on this server's windows, records the figures, and acts on a verdict.
void CanaryFollower::Judge() {
  const std::optional<CanaryTrial> trial = service_.Trial(slot_);
  if (!trial) return;
  const std::shared_ptr<ModelSlot> slot = service_.Slot(slot_);
  store_->canaries().RecordStats(trial->id, instance_, slot->TrialStats().dump());
  const CanaryVerdict verdict = slot->Decide();
  if (verdict.action == CanaryAction::kContinue) return;
  bool promote = verdict.action == CanaryAction::kPromote;
  std::string reason = verdict.reason;
  try {
    store_->canaries().End(trial->id, promote ? "promoted" : "rolled_back", reason, instance_);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kConflict) return;  // another server decided first; Follow sees it
    if (!promote || e.code() != ErrorCode::kInvalidInput) throw;
    // The registry's quality gate refused the promotion: the trial stops, production stays.
    reason = std::string("promotion refused: ") + e.what();
    store_->canaries().End(trial->id, "stopped", reason, instance_);
    promote = false;
  }
  const char* decision = promote ? "promote" : verdict.action == CanaryAction::kPromote ? "promotion_refused" : "rollback";
  service_.CountCanaryDecision(slot_, decision);
  spdlog::warn("canary {} of '{}': {} ({})", trial->id, name_, promote ? "promoted" : "ended, production stays", reason);
  // A rollback unloads the candidate now; a promotion is carried out by the reloader,
  // which finds the candidate's version in Production on its next poll.
  if (!promote) service_.EndTrial(slot_, reason);
}

}  // namespace sori
