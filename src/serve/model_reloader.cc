#include "serve/model_reloader.h"

#include <spdlog/spdlog.h>

#include "infer/recognizer.h"
#include "serve/responses.h"
#include "store/store.h"
#include "util/error.h"

namespace sori {

namespace {

// What a failed reload or resolve is answered with: its code (a sori::Error's, else
// internal) and status 500, since the request itself was fine.
Error AsReloadError(const std::exception& e) {
  const auto* error = dynamic_cast<const Error*>(&e);
  return Error(error ? error->code() : ErrorCode::kInternal, e.what());
}

HttpResponse ShuttingDown() { return ErrorResponse(ErrorCode::kUnavailable, "the server is shutting down"); }

}  // namespace

std::function<ResolvedModel()> RegistryResolver(std::shared_ptr<Store> store, const std::string& uri) {
  return [store, uri] {
    const ModelVersion v = store->registry().Resolve(uri);
    return ResolvedModel{v.package_dir, v.name, v.name + "/" + std::to_string(v.version),
                         LoadDriftBaseline(*store, v.name, v.version)};
  };
}

std::shared_ptr<const DriftBaseline> LoadDriftBaseline(Store& store, const std::string& name, int64_t version) {
  try {
    const std::optional<std::string> json = store.baselines().DriftBaseline(name, version);
    if (!json) return nullptr;
    return std::make_shared<const DriftBaseline>(DriftBaseline::FromJson(nlohmann::json::parse(*json)));
  } catch (const std::exception& e) {
    spdlog::warn("{} version {}: its drift baseline cannot be read, so its drift is not scored: {}", name, version, e.what());
    return nullptr;
  }
}

ModelReloader::ModelReloader(SttService& service, std::function<ResolvedModel()> resolve,
                             std::chrono::milliseconds poll_interval, std::string slot)
    : service_(service), resolve_(std::move(resolve)), poll_interval_(poll_interval), slot_(std::move(slot)) {}

void ModelReloader::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!thread_.joinable() && !stopping_) thread_ = std::thread([this] { Loop(); });
}

ModelReloader::~ModelReloader() { Stop(); }

void ModelReloader::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ModelReloader::LoadNow(const ResolvedModel& r) {
  service_.Load(std::make_shared<const Recognizer>(r.package_dir), r.name, r.version, slot_, r.baseline);
  loaded_package_ = r.package_dir;
}

void ModelReloader::RequestReload(const std::string& why, SttService::ReloadDone done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      if (done) done(ShuttingDown());
      return;
    }
    pending_.push_back({why, std::move(done)});
  }
  wake_.notify_all();
}

bool ModelReloader::Swap(const ResolvedModel& r, const std::string& why, std::optional<Error>* error) {
  try {
    spdlog::info("{}: loading {} (version {}) from {}", why, r.name, r.version, r.package_dir);
    LoadNow(r);
    service_.CountReload(true);
    return true;
  } catch (const std::exception& e) {
    error->emplace(AsReloadError(e));
    spdlog::error("{}: reload failed, still serving version {}: {}", why, service_.Served(slot_).second, e.what());
    service_.CountReload(false);
    return false;
  }
}

void ModelReloader::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    const auto has_work = [this] { return stopping_ || !pending_.empty(); };
    if (poll_interval_.count() > 0) {
      wake_.wait_for(lock, poll_interval_, has_work);
    } else {
      wake_.wait(lock, has_work);
    }
    if (stopping_) break;
    std::vector<Pending> requests;
    requests.swap(pending_);
    lock.unlock();

    // Requests coalesce: one load answers every request queued meanwhile.
    const std::string previous = service_.Served(slot_).second;
    ResolvedModel r;
    std::optional<Error> error;
    bool resolved = false;
    try {
      r = resolve_();
      resolved = true;
    } catch (const std::exception& e) {
      error.emplace(AsReloadError(e));
    }
    const std::string error_text = error ? error->what() : "";
    if (!requests.empty()) {
      bool ok = false;
      if (resolved) {
        ok = Swap(r, requests.front().why, &error);
      } else {
        spdlog::error("{}: cannot resolve the model, still serving version {}: {}", requests.front().why, previous, error_text);
        service_.CountReload(false);
      }
      for (Pending& p : requests) {
        if (!p.done) continue;
        if (ok) {
          p.done(JsonResponse(200, {{"status", "reloaded"}, {"model", r.name}, {"model_version", r.version},
                                    {"previous_version", previous}}));
        } else {
          p.done(ErrorResponse(error->code(), std::string("reload failed, still serving version ") + previous + ": " +
                                                  error->what(), 500));
        }
      }
    } else if (resolved && r.package_dir != loaded_package_ && service_.PromoteCandidate(slot_, r.version)) {
      loaded_package_ = r.package_dir;  // a canary's candidate became production: already loaded
      service_.CountReload(true);
    } else if (resolved && r.package_dir != loaded_package_ && r.package_dir != failed_package_) {  // the stage moved
      last_poll_error_.clear();
      if (!Swap(r, "registry stage changed", &error)) failed_package_ = r.package_dir;  // not retried every poll
    } else if (!resolved && error_text != last_poll_error_) {
      last_poll_error_ = error_text;
      spdlog::warn("registry poll: {} (still serving version {})", error_text, previous);
    }
    if (after_poll_) after_poll_();
    lock.lock();
  }
  // Answer requests that arrived while stopping.
  for (Pending& p : pending_) {
    if (p.done) p.done(ShuttingDown());
  }
  pending_.clear();
}

}  // namespace sori
