// sori models canary: start a canary (or shadow) of a registered version, stop it, show it
// and list past ones (store/canaries.h). The CLI only records; servers that follow
// models:/NAME/production find the running canary when they next poll the store, split
// the traffic, write their stats and apply the policy written here.
#include <iostream>

#include "cli/canary_status.h"
#include "cli/command.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori::cli {
namespace {

// The decision policy, as the servers read it (missing keys take these same defaults).
struct PolicyFlags {
  int64_t min_requests = 50;
  double max_error_rate_increase = 0.02;
  double max_p99_latency_ratio = 1.5;
  double max_confidence_drop = 0.05;
  double max_empty_rate_increase = 0.05;
  int64_t auto_promote_after = 0;
};

struct CanaryArgs {
  std::string name;
  int64_t version = 0;  // 0: not given
  double percent = 0;
  bool shadow = false;
  bool stop = false;
  bool status = false;
  bool history = false;
  bool json = false;
  std::string reason;
  PolicyFlags policy;
  CLI::App* command = nullptr;  // to ask which flags were given
};

void RequireRange(bool ok, const std::string& flag, const std::string& range, double value) {
  if (!ok) {
    throw Error(ErrorCode::kInvalidInput, flag + " must be " + range + ", got " + FormatFixed(value, 4));
  }
}

nlohmann::ordered_json PolicyJson(const PolicyFlags& p) {
  RequireRange(p.min_requests >= 1, "--min-requests", "at least 1", static_cast<double>(p.min_requests));
  RequireRange(p.max_error_rate_increase >= 0 && p.max_error_rate_increase <= 1, "--max-error-rate-increase",
               "between 0 and 1 (0.02 = 2 points)", p.max_error_rate_increase);
  RequireRange(p.max_p99_latency_ratio >= 1, "--max-p99-latency-ratio", "at least 1 (1.5 = 50% slower)",
               p.max_p99_latency_ratio);
  RequireRange(p.max_confidence_drop >= 0 && p.max_confidence_drop <= 1, "--max-confidence-drop", "between 0 and 1",
               p.max_confidence_drop);
  RequireRange(p.max_empty_rate_increase >= 0 && p.max_empty_rate_increase <= 1, "--max-empty-rate-increase",
               "between 0 and 1", p.max_empty_rate_increase);
  RequireRange(p.auto_promote_after >= 0, "--auto-promote-after", "0 (never) or more",
               static_cast<double>(p.auto_promote_after));
  return {{"min_requests", p.min_requests},
          {"max_error_rate_increase", p.max_error_rate_increase},
          {"max_p99_latency_ratio", p.max_p99_latency_ratio},
          {"max_confidence_drop", p.max_confidence_drop},
          {"max_empty_rate_increase", p.max_empty_rate_increase},
          {"auto_promote_after", p.auto_promote_after}};
}

int RunStart(const CanaryArgs& a, const GlobalOptions& global) {
  if (a.version == 0) throw Error(ErrorCode::kInvalidInput, "give the VERSION to try: sori models canary NAME VERSION --percent P");
  if (a.command->count("--percent") == 0) {
    throw Error(ErrorCode::kInvalidInput, "--percent is needed to start a canary (share of traffic, 0-100)");
  }
  for (const char* flag : {"--auto-promote-after", "--min-requests", "--max-error-rate-increase", "--max-p99-latency-ratio",
                           "--max-confidence-drop", "--max-empty-rate-increase"}) {
    if (a.shadow && a.command->count(flag) > 0) {
      throw Error(ErrorCode::kInvalidInput,
                  std::string(flag) + " does not apply to --shadow: a shadow answers nothing to clients, so it decides "
                  "nothing and only reports; promote by hand once its figures look right (sori models promote NAME VERSION "
                  "--stage production), or run a canary");
    }
  }
  const std::string policy = PolicyJson(a.policy).dump();
  auto store = OpenStore(global);
  const Canary c = store->canaries().Start(a.name, a.version, a.percent, a.shadow ? "shadow" : "canary", policy);
  if (a.json) {
    std::cout << CanaryJson(c).dump(2) << "\n";
    return 0;
  }
  std::cout << "started " << c.mode << " " << c.id << " of '" << c.name << "': version " << c.candidate
            << (c.mode == "shadow" ? " sees a copy of " : " takes ") << FormatFixed(c.percent, 1)
            << "% of the traffic to Production version " << c.production << "\n"
            << "servers following models:/" << c.name << "/production pick it up within their poll interval\n"
            << "watch it: sori models canary " << c.name << " --status\n";
  return 0;
}

int RunStop(const CanaryArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  store->registry().GetModel(a.name);  // a misspelt name says so, rather than "nothing running"
  const auto running = store->canaries().Running(a.name);
  if (!running) throw Error(ErrorCode::kNotFound, "no canary of '" + a.name + "' is running (see: sori models canary " + a.name + " --history)");
  const Canary c = store->canaries().End(running->id, "stopped", a.reason, "cli");
  if (a.json) {
    std::cout << CanaryJson(c).dump(2) << "\n";
    return 0;
  }
  std::cout << "stopped " << c.mode << " " << c.id << " of '" << c.name << "'; Production stays version " << c.production
            << " (servers drop the candidate at their next poll)\n";
  return 0;
}

int RunStatus(const CanaryArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  store->registry().GetModel(a.name);
  std::optional<Canary> c = store->canaries().Running(a.name);
  if (!c) {
    const auto recent = store->canaries().List(a.name, 1);
    if (recent.empty()) throw Error(ErrorCode::kNotFound, "model '" + a.name + "' has had no canary");
    c = recent.front();
  }
  const auto stats = store->canaries().Stats(c->id);
  std::cout << (a.json ? CanaryStatusJson(*c, stats).dump(2) + "\n" : RenderCanaryStatus(*c, stats));
  return 0;
}

int RunHistory(const CanaryArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  store->registry().GetModel(a.name);
  const auto all = store->canaries().List(a.name, 1000);
  if (a.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Canary& c : all) out.push_back(CanaryJson(c));
    std::cout << out.dump(2) << "\n";
  } else if (all.empty()) {
    std::cout << "model '" << a.name << "' has had no canary\n";
  } else {
    std::cout << RenderCanaryHistory(all);
  }
  return 0;
}

// --percent and the policy flags only mean something when starting one.
void RefuseStartFlags(const CanaryArgs& a, const std::string& mode) {
  for (const char* flag : {"--percent", "--shadow", "--auto-promote-after", "--min-requests", "--max-error-rate-increase",
                           "--max-p99-latency-ratio", "--max-confidence-drop", "--max-empty-rate-increase"}) {
    if (a.command->count(flag) > 0) throw Error(ErrorCode::kInvalidInput, std::string(flag) + " does not go with " + mode);
  }
  if (a.version != 0) throw Error(ErrorCode::kInvalidInput, "VERSION does not go with " + mode);
}

int RunCanary(const CanaryArgs& a, const GlobalOptions& global) {
  if (!a.reason.empty() && !a.stop) throw Error(ErrorCode::kInvalidInput, "--reason goes with --stop");
  if (!a.stop && !a.status && !a.history) return RunStart(a, global);
  RefuseStartFlags(a, a.stop ? "--stop" : a.status ? "--status" : "--history");
  if (a.stop) return RunStop(a, global);
  return a.status ? RunStatus(a, global) : RunHistory(a, global);
}

void AddPolicyOptions(CLI::App* cmd, PolicyFlags& p) {
  cmd->add_option("--min-requests", p.min_requests, "Candidate requests before any decision (default 50)");
  cmd->add_option("--max-error-rate-increase", p.max_error_rate_increase,
                  "Roll back when the candidate's error rate exceeds Production's by more (default 0.02)");
  cmd->add_option("--max-p99-latency-ratio", p.max_p99_latency_ratio,
                  "Roll back when candidate p99 latency / Production's is above this (default 1.5)");
  cmd->add_option("--max-confidence-drop", p.max_confidence_drop,
                  "Roll back when mean confidence falls by more than this (default 0.05)");
  cmd->add_option("--max-empty-rate-increase", p.max_empty_rate_increase,
                  "Roll back when the share of empty transcripts rises by more (default 0.05)");
  cmd->add_option("--auto-promote-after", p.auto_promote_after,
                  "Promote automatically once the candidate has answered N requests (on one server) within every margin\n"
                  "(0, the default: never; promote by hand)");
}

}  // namespace

void AddCanaryCommands(CLI::App& models, Registry& registry) {
  auto a = std::make_shared<CanaryArgs>();
  CLI::App* cmd = models.add_subcommand(
      "canary",
      "Try a version on a share of live traffic before it replaces Production. Servers following\n"
      "models:/NAME/production send --percent of requests to VERSION (--shadow: copy them to it and\n"
      "compare, answering from Production) and roll back, or promote, by the policy flags.\n"
      "Examples: sori models canary ko-tiny 4 --percent 10\n"
      "          sori models canary ko-tiny --status | --stop | --history");
  a->command = cmd;
  cmd->add_option("name", a->name, "Registered model name")->required();
  cmd->add_option("version", a->version, "The version to try (when starting)")->check(CLI::PositiveNumber);
  cmd->add_option("--percent", a->percent, "Share of traffic to the candidate, 0-100 (shadow: share copied)");
  cmd->add_flag("--shadow", a->shadow, "Copy traffic to the candidate and compare; clients get Production's answers");
  AddPolicyOptions(cmd, a->policy);
  CLI::Option* stop = cmd->add_flag("--stop", a->stop, "End the running canary; Production is unchanged");
  CLI::Option* status = cmd->add_flag("--status", a->status, "The running (or last) canary, its policy and servers' stats");
  CLI::Option* history = cmd->add_flag("--history", a->history, "Past canaries of the model, newest first");
  stop->excludes(status)->excludes(history);
  status->excludes(history);
  cmd->add_option("--reason", a->reason, "Why it was stopped (kept with the canary)");
  cmd->add_flag("--json", a->json, "Print as JSON");
  registry.Add(cmd, [a, &registry] { return RunCanary(*a, registry.global()); });
}

}  // namespace sori::cli
