#include "serve/model_slot.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "monitor/traffic_split.h"

namespace sori {

namespace {
constexpr size_t kDisagreementsKept = 1000;

nlohmann::json ArmJson(const ServingModel& model, const ArmStats& s) {
  nlohmann::json j = {{"version", model.version}, {"requests", s.requests}, {"errors", s.errors},
                      {"empty", s.empty},         {"p99_latency_seconds", s.p99_latency_seconds}};
  j["mean_confidence"] = std::isnan(s.mean_confidence) ? nlohmann::json(nullptr) : nlohmann::json(s.mean_confidence);
  return j;
}
}  // namespace

std::shared_ptr<ServingModel> ModelSlot::production() const {
  std::lock_guard<std::mutex> lock(mu_);
  return production_;
}

std::shared_ptr<ServingModel> ModelSlot::candidate() const {
  std::lock_guard<std::mutex> lock(mu_);
  return candidate_;
}

std::optional<CanaryTrial> ModelSlot::trial() const {
  std::lock_guard<std::mutex> lock(mu_);
  return trial_;
}

std::shared_ptr<ServingModel> ModelSlot::SetProduction(std::shared_ptr<ServingModel> model) {
  std::lock_guard<std::mutex> lock(mu_);
  std::swap(production_, model);
  production_arm_.Clear();
  return model;
}

std::shared_ptr<ServingModel> ModelSlot::StartTrial(std::shared_ptr<ServingModel> candidate, const CanaryTrial& trial) {
  std::lock_guard<std::mutex> lock(mu_);
  std::swap(candidate_, candidate);
  trial_ = trial;
  production_arm_.Clear();
  candidate_arm_.Clear();
  disagreements_.clear();
  shadow_compared_ = shadow_failed_ = 0;
  sequence_ = 0;
  return candidate;
}

std::shared_ptr<ServingModel> ModelSlot::EndTrial() {
  std::lock_guard<std::mutex> lock(mu_);
  trial_.reset();
  return std::move(candidate_);
}

std::shared_ptr<ServingModel> ModelSlot::PromoteCandidate(const std::string& version, bool* promoted) {
  std::lock_guard<std::mutex> lock(mu_);
  *promoted = candidate_ && candidate_->version == version;
  if (!*promoted) return nullptr;
  trial_.reset();
  std::shared_ptr<ServingModel> old = std::move(production_);
  production_ = std::move(candidate_);
  production_arm_.Clear();
  return old;
}

ModelSlot::Choice ModelSlot::Choose(const std::string& sticky_key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!trial_ || !candidate_) return {production_, nullptr};
  const bool picked = sticky_key.empty() ? SpreadsToCandidate(++sequence_, trial_->percent)
                                         : RoutesToCandidate(std::to_string(trial_->id), sticky_key, 0, trial_->percent);
  if (trial_->mode == "shadow") return {production_, picked ? candidate_ : nullptr};
  return {picked ? candidate_ : production_, nullptr};
}

void ModelSlot::RecordOutcome(const std::string& version, const ArmOutcome& outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!trial_) return;
  if (candidate_ && version == candidate_->version) {
    candidate_arm_.Add(outcome);
  } else if (production_ && version == production_->version) {
    production_arm_.Add(outcome);
  }
}

void ModelSlot::RecordShadow(std::optional<double> disagreement) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!trial_) return;
  if (!disagreement) {
    ++shadow_failed_;
    return;
  }
  ++shadow_compared_;
  disagreements_.push_back(*disagreement);
  if (disagreements_.size() > kDisagreementsKept) disagreements_.pop_front();
}

CanaryVerdict ModelSlot::Decide() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!trial_ || trial_->mode != "canary" || !candidate_) return {};
  return DecideCanary(production_arm_.Stats(), candidate_arm_.Stats(), trial_->policy);
}

nlohmann::json ModelSlot::ShadowStats() const {
  std::vector<double> sorted(disagreements_.begin(), disagreements_.end());
  std::sort(sorted.begin(), sorted.end());
  double mean = 0;
  for (const double d : sorted) mean += d;
  nlohmann::json j = {{"compared", shadow_compared_}, {"failed", shadow_failed_}};
  if (!sorted.empty()) {
    j["mean_disagreement"] = mean / static_cast<double>(sorted.size());
    j["p90_disagreement"] = sorted[std::min(sorted.size() - 1, static_cast<size_t>(0.9 * static_cast<double>(sorted.size())))];
  }
  return j;
}

nlohmann::json ModelSlot::TrialStats() const {
  const CanaryVerdict verdict = Decide();
  std::lock_guard<std::mutex> lock(mu_);
  if (!trial_ || !candidate_ || !production_) return nullptr;
  nlohmann::json j = {{"canary_id", trial_->id},
                      {"mode", trial_->mode},
                      {"percent", trial_->percent},
                      {"production", ArmJson(*production_, production_arm_.Stats())},
                      {"candidate", ArmJson(*candidate_, candidate_arm_.Stats())},
                      {"decision", CanaryActionName(verdict.action)},
                      {"reason", verdict.reason}};
  j["production"]["requests_total"] = production_arm_.total();
  j["candidate"]["requests_total"] = candidate_arm_.total();
  if (trial_->mode == "shadow") j["shadow"] = ShadowStats();
  return j;
}

}  // namespace sori
