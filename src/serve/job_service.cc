#include "serve/job_service.h"

#include "jobs/job_results.h"
#include "jobs/job_view.h"
#include "serve/responses.h"
#include "serve/route_guard.h"
#include "serve/transcribe_request.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {

namespace http = boost::beast::http;

namespace {

// The id segment of /v1/jobs/{id}[/result].
std::string JobIdOf(const std::string& path) {
  const std::string prefix = "/v1/jobs/";
  const size_t end = path.find('/', prefix.size());
  return path.substr(prefix.size(), end == std::string::npos ? std::string::npos : end - prefix.size());
}

Error NoSuchJob(const std::string& id) {
  // A malformed id is not echoed (it may be anything); a well-formed one helps the reader.
  return Error(ErrorCode::kNotFound, JobStore::IsJobId(id) ? "no job '" + id + "'"
                                                           : "no such job (ids are 'job_' and 20 hexadecimal digits)");
}

int ParseLimit(const std::string& text) {
  if (text.empty()) return 20;
  if (text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos || std::stoi(text) < 1 ||
      std::stoi(text) > 100) {
    throw Error(ErrorCode::kInvalidInput, "limit must be an integer in [1, 100], got '" + text.substr(0, 20) + "'");
  }
  return std::stoi(text);
}

}  // namespace

JobService::JobService(SttService& service, const std::string& store_home, const JobServiceConfig& config,
                       WebhookSecretFor secret_for, JobFinished finished)
    : config_(config),
      metrics_(service.metrics()),
      routes_store_(Store::Open(store_home)),
      runner_store_(Store::Open(store_home)),
      webhook_store_(Store::Open(store_home)) {
  config_.submission.callbacks = config_.webhooks.policy;
  webhooks_ = std::make_unique<WebhookSender>(*webhook_store_, config_.webhooks, std::move(secret_for), metrics_);
  JobFinished told = [this, finished = std::move(finished)](const JobRecord& job, double seconds) {
    if (!job.callback_url.empty()) webhooks_->Wake();
    if (finished) finished(job, seconds);
  };
  runner_ = std::make_unique<JobRunner>(*runner_store_, config_.runner, [&service] { return service.ModelForJobs(); },
                                        std::move(told), metrics_);
  AddRoutes(service);
}

JobService::~JobService() { Stop(); }

void JobService::Start() {
  runner_->Start();
  webhooks_->Start();
}

void JobService::Stop() {
  intake_.Stop();  // uploads being written are answered first
  runner_->Stop();
  webhooks_->Stop();
}

void JobService::AddRoutes(SttService& service) {
  service.AddRoute(http::verb::post, "/v1/jobs", [this](const auto& e) { Submit(e); });
  service.AddRoute(http::verb::get, "/v1/jobs", [this](const auto& e) { List(e); });
  service.AddRoute(http::verb::get, "/v1/jobs/{id}", [this](const auto& e) { Show(e); });
  service.AddRoute(http::verb::delete_, "/v1/jobs/{id}", [this](const auto& e) { Cancel(e); });
  service.AddRoute(http::verb::get, "/v1/jobs/{id}/result", [this](const auto& e) { Result(e); });
}

// Parsing (the audio is copied out of the body, the callback's name resolved) and the
// durable write (fsync) run on the intake threads, not on the connection's I/O thread.
void JobService::Submit(const std::shared_ptr<Exchange>& exchange) {
  const bool queued = intake_.Post([this, exchange] { AnswerGuarded(exchange, [&] { return Accept(*exchange); }); });
  if (!queued) {
    throw Error(ErrorCode::kOverloaded, "too many job uploads are being written; retry shortly");
  }
}

HttpResponse JobService::Accept(Exchange& exchange) {
  JobSubmission s = ParseJobSubmission(exchange.request(), exchange.query(), config_.submission);
  JobRecord fields;
  fields.key_id = exchange.caller().key_id;
  fields.audio_name = s.audio_name;
  fields.options_json = s.options.ToJson().dump();
  fields.metadata_json = s.metadata;
  fields.callback_url = s.callback_url;
  const JobRecord job = routes_store_->jobs().Create(fields, s.audio);
  runner_->Wake();
  HttpResponse response = JsonResponse(202, JobToJson(job));
  response.set(http::field::location, "/v1/jobs/" + job.id);
  return response;
}

JobRecord JobService::CallersJob(const Exchange& exchange) {
  const std::string id = JobIdOf(exchange.path());
  if (!JobStore::IsJobId(id)) throw NoSuchJob(id);
  const std::optional<JobRecord> job = routes_store_->jobs().Get(id);
  if (!job || job->key_id != exchange.caller().key_id) throw NoSuchJob(id);
  return *job;
}

void JobService::List(const std::shared_ptr<Exchange>& exchange) {
  JobListQuery q;
  q.key_id = exchange->caller().key_id;
  q.status = QueryParam(exchange->query(), "status");
  if (!q.status.empty() && q.status != "queued" && q.status != "running" && q.status != "succeeded" &&
      q.status != "failed" && q.status != "canceled") {
    throw Error(ErrorCode::kInvalidInput, "status must be queued, running, succeeded, failed or canceled");
  }
  q.limit = ParseLimit(QueryParam(exchange->query(), "limit"));
  q.after = QueryParam(exchange->query(), "after");
  if (!q.after.empty()) {
    const std::optional<JobRecord> after = JobStore::IsJobId(q.after) ? routes_store_->jobs().Get(q.after) : std::nullopt;
    if (!after || after->key_id != *q.key_id) throw NoSuchJob(q.after);
  }
  ++q.limit;  // one more than asked tells whether there is a next page
  std::vector<JobRecord> jobs = routes_store_->jobs().List(q);
  const bool more = static_cast<int>(jobs.size()) == q.limit;
  if (more) jobs.pop_back();
  nlohmann::ordered_json list{{"object", "list"}, {"data", nlohmann::ordered_json::array()}, {"has_more", more}};
  for (const JobRecord& job : jobs) list["data"].push_back(JobToJson(job));
  list["last_id"] = jobs.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(jobs.back().id);
  exchange->Answer(JsonResponse(200, list));
}

void JobService::Show(const std::shared_ptr<Exchange>& exchange) {
  const JobRecord job = CallersJob(*exchange);
  exchange->Answer(JsonResponse(200, JobToJson(job, routes_store_->jobs().WebhookAttempts(job.id))));
}

void JobService::Result(const std::shared_ptr<Exchange>& exchange) {
  const JobRecord job = CallersJob(*exchange);
  std::string format = QueryParam(exchange->query(), "format");
  if (format.empty()) format = JobOptions::FromJson(job.options_json).response_format;
  if (!IsResultFormat(format)) {
    throw Error(ErrorCode::kInvalidInput, "format must be json, text, srt or vtt, got '" + format.substr(0, 20) + "'");
  }
  if (job.status != "succeeded") {
    std::string why = "job " + job.id + " is " + job.status;
    if (job.status == "running") why += " (" + std::to_string(static_cast<int>(job.progress)) + "% done)";
    if (job.status == "failed") why += ": " + job.error_message;
    throw Error(ErrorCode::kConflict, why + "; a result exists once it has succeeded");
  }
  const std::string path = JobResultPath(routes_store_->jobs().JobDir(job.id), format);
  exchange->Answer(TextResponse(200, ReadFileToString(path, uint64_t{1} << 30, "job result"), JobResultContentType(format)));
}

void JobService::Cancel(const std::shared_ptr<Exchange>& exchange) {
  const JobRecord job = CallersJob(*exchange);
  exchange->Answer(JsonResponse(200, JobToJson(routes_store_->jobs().Cancel(job.id))));
}

}  // namespace sori
