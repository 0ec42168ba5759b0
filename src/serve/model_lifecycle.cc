// SttService: loading, retiring and trialling models (the metrics each carries).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "serve/stt_service.h"
#include "util/error.h"

namespace sori {

namespace {

// The stt_model_cer series of a model: its package's metrics named "<test set>/cer".
std::vector<std::pair<std::vector<std::string>, double>> CerSeries(const Recognizer& recognizer, const std::string& version) {
  std::vector<std::pair<std::vector<std::string>, double>> out;
  const nlohmann::json& metrics = recognizer.model().metadata.value("metrics", nlohmann::json::object());
  for (const auto& [key, value] : metrics.items()) {
    const size_t slash = key.rfind("/cer");
    if (slash != std::string::npos && slash + 4 == key.size() && value.is_number()) {
      out.push_back({{version, key.substr(0, slash)}, value.get<double>()});
    }
  }
  return out;
}

const char* const kRoles[] = {"production", "candidate", "shadow"};

}  // namespace

std::shared_ptr<ServingModel> SttService::MakeModel(std::shared_ptr<const Recognizer> recognizer, const std::string& name,
                                                    const std::string& version,
                                                    std::shared_ptr<const DriftBaseline> baseline) {
  // Warm-up: the first inference pays for allocations and thread start-up.
  recognizer->Transcribe({std::vector<float>(static_cast<size_t>(recognizer->sample_rate()), 0.0f)}, config_.recognizer);
  auto m = std::make_shared<Model>();
  m->recognizer = std::move(recognizer);
  m->batcher = std::make_unique<DynamicBatcher>(*m->recognizer, config_.batcher);
  m->name = name;
  m->version = version;
  m->drift_baseline = std::move(baseline);
  m->drift = std::make_unique<DriftWindow>(config_.drift_window);
  m->batcher->set_observer([this, version](const BatchStats& s) {
    metrics_.batch_size->Observe({version}, s.size);
    metrics_.compute_seconds->Observe({version}, s.compute_seconds);
    for (double q : s.queue_seconds) metrics_.queue_seconds->Observe({version}, q);
  });
  for (const auto& [labels, cer] : CerSeries(*m->recognizer, version)) {
    m->cer_labels.push_back(labels);
    metrics_.model_cer->Set(labels, cer);
  }
  metrics_.model_info->Set({name, version}, 1);
  metrics_.weight_bytes->Set({name, version}, static_cast<double>(m->recognizer->WeightBytes()));
  return m;
}

void SttService::SetRole(const Model& m, const std::string& role) {
  for (const char* r : kRoles) {
    if (r == role) {
      metrics_.role->Set({m.name, m.version, r}, 1);
    } else {
      metrics_.role->Remove({m.name, m.version, r});
    }
  }
}

// Stops `old` (its queue finishes first) and removes the series only it had.
void SttService::Retire(const std::shared_ptr<Model>& old, const Model* now) {
  if (!old) return;
  old->batcher->Stop();
  if (now && old->name == now->name && old->version == now->version) return;
  metrics_.model_info->Remove({old->name, old->version});
  metrics_.weight_bytes->Remove({old->name, old->version});
  for (const char* r : kRoles) metrics_.role->Remove({old->name, old->version, r});
  metrics_.canary_percent->Remove({old->name, old->version});
  {
    // After the slot swap, so a scrape that starts now no longer sees `old`; one under
    // way finishes first (DriftReport holds the lock), so its series do not come back.
    std::lock_guard<std::mutex> lock(drift_mu_);
    RemoveDriftSeries(*old);
  }
  for (const auto& labels : old->cer_labels) {
    if (!now || std::find(now->cer_labels.begin(), now->cer_labels.end(), labels) == now->cer_labels.end()) {
      metrics_.model_cer->Remove(labels);
    }
  }
}

void SttService::Load(std::shared_ptr<const Recognizer> recognizer, const std::string& model_name, const std::string& version,
                      const std::string& slot, std::shared_ptr<const DriftBaseline> baseline) {
  const auto m = MakeModel(std::move(recognizer), model_name, version, std::move(baseline));
  SetRole(*m, "production");
  Retire(models_.Slot(slot)->SetProduction(m), m.get());
  spdlog::info("serving {} (version {}){}", model_name, version, m->drift_baseline ? "" : " without a drift baseline");
}

std::shared_ptr<ModelSlot> SttService::Slot(const std::string& slot) const {
  auto s = models_.Get(slot);
  if (!s) throw Error(ErrorCode::kNotFound, "no model is served under the name '" + slot + "'");
  return s;
}

std::optional<CanaryTrial> SttService::Trial(const std::string& slot) const { return Slot(slot)->trial(); }

void SttService::StartTrial(const std::string& slot, std::shared_ptr<const Recognizer> recognizer, const std::string& name,
                            const std::string& version, const CanaryTrial& trial,
                            std::shared_ptr<const DriftBaseline> baseline) {
  const auto m = MakeModel(std::move(recognizer), name, version, std::move(baseline));
  SetRole(*m, trial.mode == "shadow" ? "shadow" : "candidate");
  metrics_.canary_percent->Set({name, version}, trial.percent);
  const auto s = Slot(slot);
  const std::shared_ptr<Model> replaced = s->StartTrial(m, trial);
  // A new trial of the same version keeps the series the new candidate just set.
  Retire(replaced, replaced && replaced->version == m->version ? m.get() : s->production().get());
  spdlog::info("canary {}: {} version {} gets {}% of requests ({})", trial.id, name, version, trial.percent, trial.mode);
}

void SttService::EndTrial(const std::string& slot, const std::string& why) {
  const auto s = Slot(slot);
  const std::shared_ptr<Model> candidate = s->EndTrial();
  if (!candidate) return;
  Retire(candidate, s->production().get());
  spdlog::info("trial of {} version {} ended: {}", candidate->name, candidate->version, why);
}

bool SttService::PromoteCandidate(const std::string& slot, const std::string& version) {
  const auto s = Slot(slot);
  bool promoted = false;
  const std::shared_ptr<Model> old = s->PromoteCandidate(version, &promoted);
  if (!promoted) return false;
  const auto now = s->production();
  metrics_.canary_percent->Remove({now->name, now->version});
  SetRole(*now, "production");
  Retire(old, now.get());
  spdlog::info("serving {} (version {}), promoted from its canary", now->name, now->version);
  return true;
}

void SttService::CountCanaryDecision(const std::string& slot, const std::string& decision) {
  const auto m = Slot(slot)->production();
  metrics_.canary_decisions->Add({m ? m->name : slot, decision});
}

}  // namespace sori
