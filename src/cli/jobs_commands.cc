// sori jobs list | show | cancel | retry: the asynchronous transcription jobs in the
// store (store/jobs.h), whichever server queued them. A running server notices a cancel
// within a second, and picks up a retried job at its next look at the queue.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "jobs/job_view.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct ListArgs {
  std::string status;
  int limit = 20;
  bool json = false;
};

struct IdArgs {
  std::string id;
  bool json = false;
};

std::string Cell(const nlohmann::ordered_json& value) {
  return value.is_null() ? "-" : value.is_string() ? value.get<std::string>() : value.dump();
}

int RunList(const ListArgs& a, const GlobalOptions& global) {
  const auto store = OpenStore(global);
  JobListQuery q;
  q.status = a.status;
  q.limit = a.limit;
  const std::vector<JobRecord> jobs = store->jobs().List(q);
  if (a.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const JobRecord& j : jobs) out.push_back(JobToJson(j));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table({"id", "status", "progress", "audio", "created", "finished", "webhook", "error"},
              {Table::Align::kLeft, Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight});
  for (const JobRecord& j : jobs) {
    const auto json = JobToJson(j);
    table.AddRow({j.id, j.status, FormatFixed(j.progress, 0) + "%",
                  j.audio_seconds > 0 ? FormatDuration(j.audio_seconds) : FormatBytes(static_cast<double>(j.audio_bytes)),
                  Cell(json["created_at"]), Cell(json["finished_at"]), j.webhook_state.empty() ? "-" : j.webhook_state,
                  j.error_message.substr(0, 60)});
  }
  std::cout << (jobs.empty() ? "no jobs\n" : table.Render());
  return 0;
}

JobRecord FindJob(Store& store, const std::string& id) {
  if (!JobStore::IsJobId(id)) throw Error(ErrorCode::kInvalidInput, "job ids are 'job_' and 20 hexadecimal digits");
  std::optional<JobRecord> job = store.jobs().Get(id);
  if (!job) throw Error(ErrorCode::kNotFound, "no job '" + id + "'");
  return *job;
}

int RunShow(const IdArgs& a, const GlobalOptions& global) {
  const auto store = OpenStore(global);
  const JobRecord job = FindJob(*store, a.id);
  const nlohmann::ordered_json json = JobToJson(job, store->jobs().WebhookAttempts(job.id));
  if (a.json) {
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  Table table({"", ""});
  for (const auto& [key, value] : json.items()) {
    if (key != "webhook") table.AddRow({key, Cell(value)});
  }
  table.AddRow({"folder", store->jobs().JobDir(job.id)});
  std::cout << table.Render();
  if (!json.contains("webhook")) return 0;
  std::cout << "\nwebhook " << Cell(json["webhook"]["url"]) << ": " << Cell(json["webhook"]["state"]) << "\n";
  Table attempts({"attempt", "at", "status", "seconds", "error"});
  for (const auto& at : json["webhook"]["history"]) {
    attempts.AddRow({Cell(at["attempt"]), Cell(at["at"]), Cell(at["status"]), Cell(at["seconds"]), Cell(at["error"])});
  }
  if (attempts.rows() > 0) std::cout << attempts.Render();
  return 0;
}

int RunChange(const IdArgs& a, const GlobalOptions& global, bool cancel) {
  const auto store = OpenStore(global);
  const JobRecord job = FindJob(*store, a.id);
  const JobRecord now = cancel ? store->jobs().Cancel(job.id) : store->jobs().Retry(job.id);
  std::cout << now.id << ": " << job.status << " -> " << now.status << "\n";
  return 0;
}

}  // namespace

void AddJobsCommands(CLI::App& app, Registry& registry) {
  CLI::App* jobs = app.add_subcommand("jobs", "Asynchronous transcription jobs (POST /v1/jobs on `sori serve`)");
  jobs->require_subcommand(1);

  auto la = std::make_shared<ListArgs>();
  CLI::App* list = jobs->add_subcommand("list", "Jobs, newest first");
  list->add_option("--status", la->status, "Only jobs in this state")
      ->check(CLI::IsMember({"queued", "running", "succeeded", "failed", "canceled"}));
  list->add_option("--limit", la->limit, "How many")->check(CLI::Range(1, 100));
  list->add_flag("--json", la->json, "JSON instead of a table");
  registry.Add(list, [la, &registry] { return RunList(*la, registry.global()); });

  const auto id_command = [&](const char* name, const char* help, std::function<int(const IdArgs&, const GlobalOptions&)> run) {
    auto ia = std::make_shared<IdArgs>();
    CLI::App* cmd = jobs->add_subcommand(name, help);
    cmd->add_option("id", ia->id, "Job id (job_...)")->required();
    if (std::string(name) == "show") cmd->add_flag("--json", ia->json, "JSON instead of a table");
    registry.Add(cmd, [ia, run, &registry] { return run(*ia, registry.global()); });
  };
  id_command("show", "A job: status, progress, timings, error, every webhook attempt", RunShow);
  id_command("cancel", "Cancel a queued or running job", [](const IdArgs& a, const GlobalOptions& g) { return RunChange(a, g, true); });
  id_command("retry", "Queue a failed or canceled job again (its audio is kept until the retention time)",
             [](const IdArgs& a, const GlobalOptions& g) { return RunChange(a, g, false); });
}

}  // namespace sori::cli
