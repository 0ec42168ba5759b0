// CanaryFollower: keeps one served model's trial in step with the registry's canaries
// (store/canaries.h), on its ModelReloader's thread after each poll:
//   - a canary or shadow trial started (`sori models canary NAME VERSION --percent P`):
//     the candidate version is loaded beside production and the slot starts routing;
//   - the trial ended elsewhere (--stop, another server's decision): the candidate is
//     unloaded (a promotion instead moves it into production, see ModelReloader);
//   - while a canary runs, the slot's windows are judged (monitor/canary_policy.h): a
//     rollback or promotion is written to the registry (the first server to decide wins)
//     and counted in stt_canary_decisions_total;
//   - the slot's trial figures are written to the registry for `--status` to show.
// A candidate that fails to load is logged once and not retried until the trial changes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "serve/stt_service.h"

namespace sori {

class Store;

class CanaryFollower {
 public:
  // `registry_name`: the registered model the slot follows (models:/NAME/...);
  // `instance`: this server, as the registry records who decided ("host:pid").
  CanaryFollower(SttService& service, std::shared_ptr<Store> store, std::string registry_name, std::string slot,
                 std::string instance);
  // One step; errors are logged, never thrown.
  void Poll();

 private:
  void Follow();
  void Judge();

  SttService& service_;
  std::shared_ptr<Store> store_;
  const std::string name_, slot_, instance_;
  int64_t failed_trial_ = 0;  // a trial whose candidate would not load
};

// "host:pid", how a server names itself in the registry.
std::string ServerInstanceName();

}  // namespace sori
