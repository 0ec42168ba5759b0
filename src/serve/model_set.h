// The models one server answers for, by the name clients send (OpenAI's `model` field or
// ?model=): `sori serve --model ko=models:/ko/production --model en=...`. Each name is a
// ModelSlot (serve/model_slot.h); a request names its model, and
//   - with one model served, any name is accepted (clients send names like `whisper-1`);
//   - with several, an unknown name is Error(kNotFound) listing the names served, unless a
//     default model is set, which then takes it (and requests that name none).
// Thread-safe; slots are added before serving and never removed.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "serve/model_slot.h"

namespace sori {

class ModelSet {
 public:
  // The slot for `key`, made on first use (loads call this; so does the setup of a
  // multi-model server, so /health waits for every model).
  std::shared_ptr<ModelSlot> Slot(const std::string& key);
  // The slot named `key`, nullptr if there is none.
  std::shared_ptr<ModelSlot> Get(const std::string& key) const;
  // Requests naming no model, or an unknown one, go to `key` (which must be a slot).
  void SetDefault(const std::string& key);
  // The slot a request naming `requested` ("" when it names none) goes to; nullptr when
  // no model is set up yet. Throws Error(kNotFound) or (several models, none named, no
  // default) Error(kInvalidInput), both naming the models served.
  std::shared_ptr<ModelSlot> Find(const std::string& requested) const;
  // Every slot, in the order of their names.
  std::vector<std::shared_ptr<ModelSlot>> All() const;
  // The default slot, else the first; nullptr when there is none.
  std::shared_ptr<ModelSlot> Primary() const;
  bool AllLoaded() const;

 private:
  std::string ServedNames() const;  // with mu_ held
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<ModelSlot>> slots_;
  std::string default_;
};

}  // namespace sori
