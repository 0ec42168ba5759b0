// ModelReloader: keeps an SttService serving what a model reference names. It loads on its
// own thread, so neither I/O threads nor the signal-handling thread block on a load:
//   - on request: SIGHUP (sori serve) or POST /admin/reload (SttService::SetReloadHandler);
//   - by polling, for a registry stage (models:/NAME/production): when a promotion or a
//     rollback moves another version into that stage, the new version is swapped in.
// A load that fails (missing or corrupt package) leaves the model being served as it was;
// the failure is logged, counted in stt_model_reloads_total{status="failed"} and returned
// to the caller of POST /admin/reload.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "serve/stt_service.h"
#include "util/error.h"

namespace sori {

class Store;

// What a reference names right now.
struct ResolvedModel {
  std::string package_dir;
  std::string name;      // for /v1/models and stt_model_info
  std::string version;   // the model_version label; a change triggers a swap when polling
  std::shared_ptr<const DriftBaseline> baseline;  // the version's drift baseline, if registered
};

// For a registry reference (models:/NAME/STAGE or /VERSION): name NAME, version "NAME/k",
// and the version's drift baseline.
std::function<ResolvedModel()> RegistryResolver(std::shared_ptr<Store> store, const std::string& uri);
// A version's drift baseline from the store; nullptr when it has none, or (logged) when it
// cannot be read: a server still serves a version whose baseline is damaged.
std::shared_ptr<const DriftBaseline> LoadDriftBaseline(Store& store, const std::string& name, int64_t version);

class ModelReloader {
 public:
  // `poll_interval` zero: no polling (a package folder, or a fixed registry version).
  // Nothing runs until Start().
  // `slot`: the name requests use for this model when the server serves several
  // (SttService::Load); "" for the only one.
  ModelReloader(SttService& service, std::function<ResolvedModel()> resolve, std::chrono::milliseconds poll_interval,
                std::string slot = "");
  ~ModelReloader();  // Stop()
  ModelReloader(const ModelReloader&) = delete;
  ModelReloader& operator=(const ModelReloader&) = delete;

  // Loads `r` into the service on the calling thread and remembers its package; throws.
  // The first load (what the resolver returned at startup) is made with it before Start;
  // later swaps run it on the reloader's thread.
  void LoadNow(const ResolvedModel& r);
  // Starts the reloader's thread (polling, queued requests). Call after LoadNow, so a poll
  // never races the first load.
  void Start();
  // Queues a reload on the reloader's thread; `done` (if set) is called there with the
  // outcome: 200 {"status":"reloaded", model, model_version, previous_version} or
  // 500 {"error":{...}} naming what failed (its code that of the failure), 503 when stopping.
  void RequestReload(const std::string& why, SttService::ReloadDone done = {});
  // Called on the reloader's thread after each poll (serve/canary_follower.h); set before
  // Start.
  void SetAfterPoll(std::function<void()> after_poll) { after_poll_ = std::move(after_poll); }
  void Stop();

 private:
  void Loop();
  // Loads `r` and swaps it in; false (logged, counted) on failure.
  bool Swap(const ResolvedModel& r, const std::string& why, std::optional<Error>* error);

  SttService& service_;
  std::function<ResolvedModel()> resolve_;
  std::chrono::milliseconds poll_interval_;
  const std::string slot_;
  std::mutex mu_;
  std::condition_variable wake_;
  struct Pending {
    std::string why;
    SttService::ReloadDone done;
  };
  std::vector<Pending> pending_;
  bool stopping_ = false;
  std::string last_poll_error_;  // logged once until it changes
  std::string failed_package_;   // a package polling failed to load (retried only on request)
  std::string loaded_package_;   // what was loaded last (a stage move changes it; a label may not)
  std::function<void()> after_poll_;
  std::thread thread_;
};

}  // namespace sori
