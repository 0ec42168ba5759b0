#include "serve/model_set.h"

#include "util/error.h"

namespace sori {

std::shared_ptr<ModelSlot> ModelSet::Slot(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = slots_[key];
  if (!slot) slot = std::make_shared<ModelSlot>(key);
  return slot;
}

std::shared_ptr<ModelSlot> ModelSet::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = slots_.find(key);
  return it == slots_.end() ? nullptr : it->second;
}

void ModelSet::SetDefault(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (slots_.count(key) == 0) {
    throw Error(ErrorCode::kInvalidInput, "the default model '" + key + "' is not one of the models served: " + ServedNames());
  }
  default_ = key;
}

std::string ModelSet::ServedNames() const {
  std::string names;
  for (const auto& [key, slot] : slots_) names += (names.empty() ? "" : ", ") + key;
  return names;
}

std::shared_ptr<ModelSlot> ModelSet::Find(const std::string& requested) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (slots_.empty()) return nullptr;
  if (slots_.size() == 1) return slots_.begin()->second;
  if (const auto it = slots_.find(requested); it != slots_.end()) return it->second;
  if (!default_.empty()) return slots_.at(default_);
  if (requested.empty()) {
    throw Error(ErrorCode::kInvalidInput,
                "this server serves several models (" + ServedNames() + "): name one with the 'model' field or ?model=");
  }
  throw Error(ErrorCode::kNotFound, "model '" + requested + "' is not served here; the models served are: " + ServedNames());
}

std::vector<std::shared_ptr<ModelSlot>> ModelSet::All() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<ModelSlot>> out;
  for (const auto& [key, slot] : slots_) out.push_back(slot);
  return out;
}

std::shared_ptr<ModelSlot> ModelSet::Primary() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!default_.empty()) return slots_.at(default_);
  return slots_.empty() ? nullptr : slots_.begin()->second;
}

bool ModelSet::AllLoaded() const {
  const auto slots = All();
  for (const auto& slot : slots) {
    if (!slot->production()) return false;
  }
  return !slots.empty();
}

}  // namespace sori
