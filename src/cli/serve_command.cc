// sori serve: the HTTP server (src/serve) for one model: a package folder, a run id, or a
// registry reference (models:/NAME/production) that is followed as the registry changes.
//
// SIGINT, SIGTERM and SIGHUP are blocked in every thread and taken by the main thread with
// sigwait. SIGINT/SIGTERM shut down in order: stop accepting, let requests under way
// finish and be written for at most --drain-seconds, then answer 503 to whatever is
// still queued or uploading (never cut a connection without a status), stop the batcher,
// and exit 0 when every request was answered, 1 (with a warning naming how many) when
// some got that 503. SIGHUP reloads the model (hot swap, see serve/model_reloader.h), as
// POST /admin/reload does.
#include <spdlog/spdlog.h>

#include <cctype>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "cli/command.h"
#include "cli/lm_flags.h"
#include "model/package.h"
#include "net/retry_schedule.h"
#include "serve/auth_gate.h"
#include "serve/canary_follower.h"
#include "serve/http_server.h"
#include "serve/job_service.h"
#include "serve/model_reloader.h"
#include "serve/responses.h"
#include "serve/stt_service.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori::cli {
namespace {

struct ServeArgs {
  std::vector<std::string> models;  // REF, or NAME=REF for each of several
  std::string default_model;
  std::string model;                // the reference being resolved (Resolver)
  std::string slot;                 // ... and the name it is served under ("" if the only one)
  std::string model_name;
  std::string model_version;
  HttpServerConfig http;
  SttServiceConfig service;
  double max_body_mb = 64;
  double poll_seconds = 2;        // registry stage references: how often to look for a change
  std::string admin_token;        // POST /admin/reload needs it when set (--auth none)
  std::string auth = "none";      // none | keys
  std::string monitoring_auth = "none";
  bool insecure_no_auth = false;
  LmFlags lm;
  bool jobs = true;               // the /v1/jobs routes and their workers
  JobServiceConfig job_service;
  std::string webhook_retry;      // "5s,5m,30m,2h,5h,10h,10h"; empty: the default schedule
  double job_retention_hours = 7 * 24;
};

// Names for /v1/models and the metrics' model_version label: the training run's name and
// id when the package came from a run, else the package folder's name.
void DefaultNames(const nlohmann::json& metadata, const std::string& package, ServeArgs* a) {
  const nlohmann::json lineage = metadata.value("lineage", nlohmann::json::object());
  std::filesystem::path dir = std::filesystem::absolute(package).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  if (a->model_name.empty()) {
    a->model_name = lineage.contains("run_name") && lineage["run_name"].is_string() ? lineage["run_name"].get<std::string>()
                                                                                    : dir.filename().string();
  }
  if (a->model_version.empty()) {
    a->model_version = lineage.contains("run_id") && lineage["run_id"].is_string() ? lineage["run_id"].get<std::string>()
                                                                                   : dir.filename().string();
  }
}

// How the model reference is resolved each time it is (re)loaded.
std::function<ResolvedModel()> Resolver(const ServeArgs& a, const GlobalOptions& global) {
  if (a.model.rfind("models:/", 0) == 0) {
    std::shared_ptr<Store> store = OpenStore(global);
    auto registry = RegistryResolver(store, a.model);
    if (a.model_name.empty() && a.model_version.empty()) return registry;
    return [registry, a] {
      ResolvedModel r = registry();
      if (!a.model_name.empty()) r.name = a.model_name;
      if (!a.model_version.empty()) r.version = a.model_version;
      return r;
    };
  }
  return [a, global] {
    ServeArgs named = a;
    const std::string package = ResolveModelPackage(global, a.model);
    DefaultNames(ReadPackageMetadata(package), package, &named);
    // Several models: the name keeps the metrics of two served from one folder apart.
    if (!a.slot.empty() && a.model_version.empty()) named.model_version = a.slot + "/" + named.model_version;
    return ResolvedModel{package, named.model_name, named.model_version, nullptr};
  };
}

// One --model: the name requests use for it ("" when it is the only one) and its reference.
struct ModelRef {
  std::string slot;
  std::string ref;
};

bool IsModelName(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (const char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

// --model REF (one model) or --model NAME=REF, repeated (several): each with a name, the
// names distinct.
std::vector<ModelRef> ParseModelRefs(const ServeArgs& a) {
  std::vector<ModelRef> refs;
  for (const std::string& m : a.models) {
    const size_t eq = m.find('=');
    if (eq != std::string::npos && IsModelName(m.substr(0, eq)) && eq + 1 < m.size()) {
      refs.push_back({m.substr(0, eq), m.substr(eq + 1)});
    } else {
      refs.push_back({"", m});
    }
  }
  if (refs.size() == 1 && a.default_model.empty()) return refs;
  for (size_t i = 0; i < refs.size(); ++i) {
    if (refs[i].slot.empty()) {
      throw Error(ErrorCode::kInvalidInput, "--model '" + refs[i].ref +
                                                "': with several models (or --default-model) give each a name: --model NAME=REF, "
                                                "e.g. --model ko=models:/ko/production");
    }
    for (size_t j = 0; j < i; ++j) {
      if (refs[j].slot == refs[i].slot) throw Error(ErrorCode::kInvalidInput, "--model: the name '" + refs[i].slot + "' is given twice");
    }
  }
  if (!a.model_name.empty() || !a.model_version.empty()) {
    throw Error(ErrorCode::kInvalidInput, "--model-name and --model-version apply to one model; with several, --model NAME=REF names each");
  }
  return refs;
}

// POST /admin/reload and SIGHUP reload every model; the answer is the one model's, or
// with several, 200 listing each when all reloaded, else the first failure.
void ReloadAll(const std::vector<std::unique_ptr<ModelReloader>>& reloaders, const std::string& why,
               SttService::ReloadDone done) {
  if (reloaders.size() == 1 || !done) {
    for (const auto& r : reloaders) r->RequestReload(why, done);
    return;
  }
  struct Gather {
    std::mutex mu;
    size_t left;
    nlohmann::json models = nlohmann::json::array();
    std::optional<HttpResponse> failure;
    SttService::ReloadDone done;
  };
  auto gather = std::make_shared<Gather>();
  gather->left = reloaders.size();
  gather->done = std::move(done);
  for (const auto& r : reloaders) {
    r->RequestReload(why, [gather](HttpResponse response) {
      std::lock_guard<std::mutex> lock(gather->mu);
      if (response.result_int() != 200 && !gather->failure) gather->failure = response;
      if (response.result_int() == 200) gather->models.push_back(nlohmann::json::parse(response.body(), nullptr, false));
      if (--gather->left > 0) return;
      gather->done(gather->failure ? *gather->failure : JsonResponse(200, {{"status", "reloaded"}, {"models", gather->models}}));
    });
  }
}

// The secret a job's webhook is signed with: its API key's, read at each attempt so
// that a rotation applies at once (see store/api_keys.h). The store's calls are
// serialized by its own lock.
WebhookSecretFor JobSecrets(std::shared_ptr<Store> store) {
  return [store](int64_t key_id) { return store->keys().WebhookSecret(key_id); };
}

void AddJobOptions(CLI::App* cmd, ServeArgs* args) {
  JobServiceConfig& j = args->job_service;
  cmd->add_flag("!--no-jobs", args->jobs, "Do not offer /v1/jobs (asynchronous jobs) nor run queued jobs");
  cmd->add_option("--job-workers", j.runner.concurrent_jobs, "Queued jobs recognized at once (at a lower priority than live requests)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--max-job-audio-seconds", j.runner.max_audio_seconds, "Longest audio per job (the job fails above)")
      ->check(CLI::Range(1.0, 86400.0));
  cmd->add_option("--job-retention-hours", args->job_retention_hours,
                  "Finished jobs (their audio, results and webhook record) are deleted after this long")
      ->check(CLI::Range(0.02, 87600.0));
  cmd->add_option("--webhook-allow", j.webhooks.policy.allow,
                  "Callback addresses allowed although private or loopback: an IP, a CIDR range or a host name (repeatable)");
  cmd->add_option("--webhook-retry", args->webhook_retry,
                  "Delays between webhook attempts, e.g. 5s,5m,30m,2h,5h,10h,10h (the default; about a day in all)");
  cmd->add_option("--webhook-timeout", j.webhooks.timeout_seconds, "Seconds per webhook attempt, connecting included")
      ->check(CLI::Range(0.1, 300.0));
}

// --auth keys: the gate in front of every route; the admin scope replaces --admin-token.
void UseApiKeys(Store& store, ServeArgs* a, SttService* service) {
  AuthGateConfig gate;
  gate.monitoring_needs_key = a->monitoring_auth == "keys";
  service->SetAuthGate(std::make_shared<AuthGate>(store.keys(), service->metrics(), gate));
  spdlog::info("--auth keys: {} API keys in {} (sori keys list); /health and /metrics {}", store.keys().List().size(),
               store.home(), gate.monitoring_needs_key ? "need a key too" : "are open");
  if (!a->admin_token.empty()) {
    spdlog::warn("--admin-token is not used with --auth keys: POST /admin/reload needs a key with the admin scope");
  }
  a->admin_token.clear();
}

// A registry stage is followed: a promotion or rollback swaps the model in. A fixed
// version (models:/NAME/3) or a folder never changes: zero, no polling.
std::chrono::milliseconds PollInterval(const std::string& ref, double poll_seconds) {
  const bool follow = ref.rfind("models:/", 0) == 0 && poll_seconds > 0 && !std::isdigit(static_cast<unsigned char>(ref.back()));
  return std::chrono::milliseconds(follow ? static_cast<int64_t>(poll_seconds * 1000) : 0);
}

// models:/NAME/production (any case) -> NAME; "" for any other reference.
std::string ProductionModelName(const std::string& ref) {
  if (ref.rfind("models:/", 0) != 0) return "";
  const std::string rest = ref.substr(8);
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || AsciiLower(rest.substr(slash + 1)) != "production") return "";
  return rest.substr(0, slash);
}

// A server following models:/NAME/production also runs NAME's canary and shadow trials
// (serve/canary_follower.h), on each model's reloader thread.
std::vector<std::unique_ptr<CanaryFollower>> FollowCanaries(const std::vector<ModelRef>& refs, const ServeArgs& a,
                                                            const GlobalOptions& global, SttService& service,
                                                            const std::vector<std::unique_ptr<ModelReloader>>& reloaders) {
  std::vector<std::unique_ptr<CanaryFollower>> followers;
  std::shared_ptr<Store> store;
  for (size_t i = 0; i < refs.size(); ++i) {
    const std::string name = ProductionModelName(refs[i].ref);
    if (name.empty() || PollInterval(refs[i].ref, a.poll_seconds).count() == 0) continue;
    if (!store) store = OpenStore(global);
    followers.push_back(std::make_unique<CanaryFollower>(service, store, name, refs[i].slot, ServerInstanceName()));
    reloaders[i]->SetAfterPoll([f = followers.back().get()] { f->Poll(); });
  }
  return followers;
}

int RunServe(ServeArgs a, const GlobalOptions& global) {
  a.lm.ApplyTo(&a.service.recognizer);
  a.http.max_body_bytes = static_cast<uint64_t>(a.max_body_mb * 1024 * 1024);
  a.http.Validate();
  if (a.service.drift_window.min_samples > a.service.drift_window.capacity) {
    throw Error(ErrorCode::kInvalidInput, "--drift-min-requests (" + std::to_string(a.service.drift_window.min_samples) +
                                              ") must not exceed --drift-window (" +
                                              std::to_string(a.service.drift_window.capacity) + ")");
  }
  a.job_service.runner.recognizer = a.service.recognizer;
  a.job_service.runner.retention_seconds = a.job_retention_hours * 3600;
  if (!a.webhook_retry.empty()) a.job_service.webhooks.schedule = ParseRetrySchedule(a.webhook_retry);
  a.job_service.runner.Validate();
  a.job_service.webhooks.Validate();
  CheckListenAddress(a.http.host, a.auth == "keys", a.insecure_no_auth);  // before anything is loaded
  if (a.poll_seconds > 0 && a.poll_seconds < 0.05) {
    throw Error(ErrorCode::kInvalidInput, "--poll-seconds must be 0 (never) or at least 0.05, got " + std::to_string(a.poll_seconds));
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts

  const std::vector<ModelRef> refs = ParseModelRefs(a);
  // Bad references fail here, before listening.
  std::vector<std::function<ResolvedModel()>> resolvers;
  std::vector<ResolvedModel> firsts;
  for (const ModelRef& ref : refs) {
    ServeArgs one = a;
    one.model = ref.ref;
    one.slot = ref.slot;
    if (!ref.slot.empty()) one.model_name = ref.slot;
    resolvers.push_back(Resolver(one, global));
    firsts.push_back(resolvers.back()());
  }
  // The store outlives the service, whose gate reads keys from it.
  std::shared_ptr<Store> key_store = a.auth == "keys" ? std::shared_ptr<Store>(OpenStore(global)) : nullptr;
  // Declared in this order so the server (whose handlers reach the reloaders) stops first.
  SttService service(a.service);
  if (key_store) UseApiKeys(*key_store, &a, &service);
  // Followers outlive the reloaders, whose threads call them.
  std::vector<std::unique_ptr<CanaryFollower>> canaries;
  std::vector<std::unique_ptr<ModelReloader>> reloaders;
  for (size_t i = 0; i < refs.size(); ++i) {
    service.ExpectModels({refs[i].slot});
    reloaders.push_back(std::make_unique<ModelReloader>(service, resolvers[i], PollInterval(refs[i].ref, a.poll_seconds), refs[i].slot));
  }
  if (!a.default_model.empty()) service.SetDefaultModel(a.default_model);
  canaries = FollowCanaries(refs, a, global, service, reloaders);
  service.SetReloadHandler([&reloaders](SttService::ReloadDone done) { ReloadAll(reloaders, "POST /admin/reload", std::move(done)); },
                           a.admin_token);
  std::unique_ptr<JobService> jobs;
  if (a.jobs) {
    const std::string home = Store::ResolveHome(global.store);
    auto keys = std::shared_ptr<Store>(Store::Open(home));
    // A finished job's audio counts towards its key's usage and daily budget.
    JobFinished charge = [&service](const JobRecord& job, double seconds) { service.ChargeAudio(job.key_id, seconds); };
    jobs = std::make_unique<JobService>(service, home, a.job_service, JobSecrets(keys), charge);
  }
  HttpServer server(
      a.http, [&service](HttpRequest&& r, const std::string& remote, Responder respond) { service.Handle(std::move(r), remote, std::move(respond)); },
      [&service](const RefusedRequest& refused) { return service.Refuse(refused); });
  server.Start();
  spdlog::info("listening on http://{}:{} (loading {} model(s); /health answers 503 until ready)", a.http.host, server.port(),
               refs.size());
  for (size_t i = 0; i < refs.size(); ++i) reloaders[i]->LoadNow(firsts[i]);
  for (const auto& r : reloaders) r->Start();
  if (jobs) jobs->Start();
  spdlog::info("ready: POST http://{}:{}/v1/transcribe (batches of up to {}, {} ms queue delay, queue of {})", a.http.host,
               server.port(), a.service.batcher.max_batch_size, a.service.batcher.max_queue_delay_ms,
               a.service.batcher.max_queue_size);
  for (const ModelRef& ref : refs) {
    if (PollInterval(ref.ref, a.poll_seconds).count() > 0) {
      spdlog::info("following {} (checked every {} s); SIGHUP or POST /admin/reload reloads now", ref.ref, a.poll_seconds);
    }
  }

  int signal = 0;
  for (;;) {
    sigwait(&signals, &signal);
    if (signal != SIGHUP) break;
    ReloadAll(reloaders, "SIGHUP", {});
  }
  const char* name = signal == SIGTERM ? "SIGTERM" : "SIGINT";
  spdlog::info("{}: finishing {} requests under way (at most {} s); no new connections", name,
               server.in_flight() + server.uploading(), a.http.drain_timeout_seconds);
  for (const auto& r : reloaders) r->Stop();
  server.StopAccepting();
  int dropped = 0;
  if (!server.WaitIdle(a.http.drain_timeout_seconds)) {
    dropped += service.Cancel("the server is stopping and its drain time (" + std::to_string(a.http.drain_timeout_seconds) +
                              " s) ran out before this request was recognized");
  }
  dropped += server.Stop(0);
  if (jobs) jobs->Stop();  // jobs under way go back to the queue for the next start
  service.Shutdown();
  if (dropped > 0) {
    spdlog::warn("stopped: {} requests were answered 503 because the drain time of {} s ran out (--drain-seconds)", dropped,
                 a.http.drain_timeout_seconds);
    return 1;
  }
  spdlog::info("stopped: every request was answered");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, Registry& registry) {
  auto args = std::make_shared<ServeArgs>();
  // One segment per long-audio batch: on CPU, larger long batches gave no throughput but
  // doubled peak memory and tripled short requests' p50 (bench/serve_fairness.sh, 2 cores).
  args->service.batcher.long_batch_seconds = 8.0;
  CLI::App* cmd = app.add_subcommand("serve", "Serve a model over HTTP (Sori's API, OpenAI-compatible transcriptions, metrics)");
  cmd->footer(
      "Example:\n"
      "  sori serve --model models:/ko-tiny/production --port 8080\n"
      "  sori serve --model runs/3fa9/model --port 8080\n"
      "  sori serve --model ko=models:/ko/production --model en=models:/en/production --default-model ko\n"
      "  curl -F audio=@clip.wav http://127.0.0.1:8080/v1/transcribe\n"
      "Routes: POST /v1/transcribe, POST /v1/audio/transcriptions, GET /health, GET /v1/models, GET /metrics,\n"
      "POST /admin/reload (also SIGHUP), POST|GET /v1/jobs, GET|DELETE /v1/jobs/ID, GET /v1/jobs/ID/result\n"
      "With --auth keys: curl -H 'Authorization: Bearer sori_...' -F audio=@clip.wav http://127.0.0.1:8080/v1/transcribe");
  cmd->add_option("-m,--model", args->models,
                  "Model package folder, run id, or registry reference (models:/NAME/production follows promotions); "
                  "several as NAME=REF, repeated (requests choose with OpenAI's 'model' field or ?model=)")
      ->required();
  cmd->add_option("--default-model", args->default_model,
                  "With several models: the NAME that requests naming none, or an unknown one, go to (else those get 400/404)");
  cmd->add_option("--poll-seconds", args->poll_seconds, "How often a registry stage is checked for a new version (0: never)")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--admin-token", args->admin_token,
                  "With --auth none: require 'Authorization: Bearer TOKEN' on POST /admin/reload. With --auth keys the "
                  "key's admin scope decides and this token is not used")
      ->envname("SORI_ADMIN_TOKEN");
  cmd->add_option("--auth", args->auth,
                  "none: no keys (loopback only, unless --insecure-no-auth); keys: every route but /health and /metrics "
                  "needs an API key with its scope (sori keys create)")
      ->check(CLI::IsMember({"none", "keys"}));
  cmd->add_option("--monitoring-auth", args->monitoring_auth,
                  "With --auth keys: none leaves /health and /metrics open (probes, Prometheus); keys makes them need a key")
      ->check(CLI::IsMember({"none", "keys"}));
  cmd->add_flag("--insecure-no-auth", args->insecure_no_auth,
                "Allow --auth none on an address other hosts can reach (only behind a proxy that authenticates)");
  cmd->add_option("--host", args->http.host, "Address to listen on (0.0.0.0 for all interfaces)");
  cmd->add_option("--port", args->http.port, "Port (0: any free port, printed at start)")->check(CLI::Range(0, 65535));
  cmd->add_option("--io-threads", args->http.io_threads, "Threads reading and writing connections")->check(CLI::Range(1, 64));
  cmd->add_option("--max-batch-size", args->service.batcher.max_batch_size, "Requests per batch")->check(CLI::Range(1, 256));
  cmd->add_option("--max-queue-delay-ms", args->service.batcher.max_queue_delay_ms,
                  "Longest wait for a batch to fill (0: run at once)")
      ->check(CLI::Range(0, 10000));
  cmd->add_option("--max-queue", args->service.batcher.max_queue_size, "Requests waiting before 503 + Retry-After")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--workers", args->service.batcher.workers, "Batches run at once")->check(CLI::Range(1, 64));
  cmd->add_option("--max-body-mb", args->max_body_mb, "Largest request body (413 above)")->check(CLI::Range(0.01, 4096.0));
  cmd->add_option("--drain-seconds", args->http.drain_timeout_seconds,
                  "On SIGTERM/SIGINT, how long requests under way may take before the rest are answered 503 (exit 1)")
      ->check(CLI::Range(0, 3600));
  cmd->add_option("--long-batch-seconds", args->service.batcher.long_batch_seconds,
                  "Long audio runs in segments, at most this much padded audio per batch (short requests wait for one such batch at most)")
      ->check(CLI::Range(1.0, 3600.0));
  cmd->add_option("--max-audio-seconds", args->service.max_audio_seconds, "Longest audio per request (413 above)")
      ->check(CLI::Range(1.0, 86400.0));
  // Decoding defaults for requests (a request may set beam); the language model is the
  // served package's own, so it follows the model through a swap.
  args->lm.AddTo(cmd, &args->service.recognizer, /*with_file=*/false, /*max_beam=*/64);
  AddJobOptions(cmd, args.get());
  cmd->add_option("--drift-window", args->service.drift_window.capacity,
                  "Requests per model version whose features are compared with its drift baseline")
      ->check(CLI::Range(10, 100000));
  cmd->add_option("--drift-min-requests", args->service.drift_window.min_samples,
                  "Requests in the window before drift is scored")
      ->check(CLI::Range(5, 100000));
  cmd->add_option("--model-name", args->model_name, "Name in /v1/models (default: the run's name or the folder)");
  cmd->add_option("--model-version", args->model_version, "Version label in metrics (default: the run id or the folder)");
  registry.Add(cmd, [args, &registry] { return RunServe(*args, registry.global()); });
}

}  // namespace sori::cli
