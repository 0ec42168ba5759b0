// cli/canary_status.h: tables of a canary, its policy and its per-server stats.
#include "cli/canary_status.h"

#include <sstream>

#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

// Ordered, so that a policy or stats object reads in the order it was written.
using json = nlohmann::ordered_json;

// A JSON object written by someone else: anything that is not one reads as empty.
json ParseLenient(const std::string& text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : json::object();
}

const json& Member(const json& object, const char* key) {
  static const json kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string Number(const json& object, const char* key, int decimals) {
  const json& v = Member(object, key);
  return v.is_number() ? FormatFixed(v.get<double>(), decimals) : "-";
}

// count (share of requests), e.g. "4 (0.49%)".
std::string CountAndRate(const json& arm, const char* key) {
  const json& count = Member(arm, key);
  const json& requests = Member(arm, "requests");
  if (!count.is_number()) return "-";
  std::string out = FormatFixed(count.get<double>(), 0);
  if (requests.is_number() && requests.get<double>() > 0) {
    out += " (" + FormatFixed(100 * count.get<double>() / requests.get<double>(), 2) + "%)";
  }
  return out;
}

// Requests an arm served since the trial started on that server (the window's count when
// the total is not there).
double Requests(const json& stats, const char* arm) {
  const json& total = Member(Member(stats, arm), "requests_total");
  const json& n = total.is_number() ? total : Member(Member(stats, arm), "requests");
  return n.is_number() ? n.get<double>() : 0;
}

// A version as servers write it ("ko/4") or as a number.
std::string Version(const json& arm) {
  const json& v = Member(arm, "version");
  return v.is_string() ? v.get<std::string>() : v.is_number() ? FormatFixed(v.get<double>(), 0) : "-";
}

std::string Share(double candidate, double all) {
  return all > 0 ? FormatFixed(100 * candidate / all, 1) + "%" : "-";
}

std::string Heading(const Canary& c) {
  std::ostringstream o;
  o << c.mode << " " << c.id << " of '" << c.name << "': version " << c.candidate << " against Production version "
    << c.production << ", " << FormatFixed(c.percent, 1) << "% of traffic "
    << (c.mode == "shadow" ? "copied to the candidate (it answers nobody)" : "to the candidate") << "\n";
  o << "  started " << c.started_at;
  if (c.state == "running") {
    o << ", running\n";
  } else {
    o << "; " << c.state << " by " << c.ended_by << " at " << c.ended_at
      << (c.reason.empty() ? "" : ": " + c.reason) << "\n";
  }
  return o.str();
}

std::string PolicyTable(const std::string& policy_json) {
  const json policy = ParseLenient(policy_json);
  if (policy.empty()) return "policy: none recorded (servers use their defaults)\n";
  Table t({"", ""});
  for (const auto& [key, value] : policy.items()) t.AddRow({"  " + key, value.dump()});
  return "policy:\n" + t.Render();
}

std::string ArmsTable(const std::vector<CanaryStats>& stats) {
  Table t({"instance", "arm", "version", "requests", "errors", "empty", "p99 s", "confidence"},
          {Table::Align::kLeft, Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight,
           Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  for (const CanaryStats& s : stats) {
    const json parsed = ParseLenient(s.stats_json);
    for (const char* arm : {"production", "candidate"}) {
      const json& a = Member(parsed, arm);
      if (!a.is_object()) continue;
      t.AddRow({s.instance, arm, Version(a), Number(a, "requests", 0), CountAndRate(a, "errors"),
                CountAndRate(a, "empty"), Number(a, "p99_latency_seconds", 3), Number(a, "mean_confidence", 3)});
    }
  }
  return t.rows() == 0 ? "" : t.Render();
}

std::string DecisionsTable(const Canary& c, const std::vector<CanaryStats>& stats) {
  Table t({"instance", "updated", "candidate share (configured " + FormatFixed(c.percent, 1) + "%)", "decision", "why"});
  for (const CanaryStats& s : stats) {
    const json parsed = ParseLenient(s.stats_json);
    const double candidate = Requests(parsed, "candidate");
    const json& decision = Member(parsed, "decision");
    const json& reason = Member(parsed, "reason");
    t.AddRow({s.instance, s.updated_at, Share(candidate, candidate + Requests(parsed, "production")),
              decision.is_string() ? decision.get<std::string>() : "-", reason.is_string() ? reason.get<std::string>() : ""});
  }
  return t.Render();
}

std::string ShadowTable(const std::vector<CanaryStats>& stats) {
  Table t({"instance", "compared", "mean disagreement", "p90 disagreement", "failed"},
          {Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  for (const CanaryStats& s : stats) {
    const json parsed = ParseLenient(s.stats_json);
    const json& shadow = Member(parsed, "shadow");
    if (!shadow.is_object()) continue;
    t.AddRow({s.instance, Number(shadow, "compared", 0), Number(shadow, "mean_disagreement", 3),
              Number(shadow, "p90_disagreement", 3), Number(shadow, "failed", 0)});
  }
  return t.rows() == 0 ? "" : "shadow: the candidate's transcripts compared with Production's:\n" + t.Render();
}

// All servers together: the split the clients actually saw (a shadow: the share of
// production's requests the candidate ran again).
std::string MeasuredSplit(const Canary& c, const std::vector<CanaryStats>& stats) {
  double candidate = 0, all = 0;
  for (const CanaryStats& s : stats) {
    const json parsed = ParseLenient(s.stats_json);
    candidate += Requests(parsed, "candidate");
    all += Requests(parsed, "production") + (c.mode == "shadow" ? 0 : Requests(parsed, "candidate"));
  }
  return "measured split: " + FormatFixed(candidate, 0) + " of " + FormatFixed(all, 0) +
         (c.mode == "shadow" ? " requests also run by the candidate (" : " requests to the candidate (") + Share(candidate, all) +
         "; configured " + FormatFixed(c.percent, 1) + "%)\n";
}

}  // namespace

nlohmann::ordered_json CanaryJson(const Canary& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"candidate", c.candidate},
          {"production", c.production},
          {"percent", c.percent},
          {"mode", c.mode},
          {"policy", ParseLenient(c.policy_json)},
          {"state", c.state},
          {"reason", c.reason},
          {"started_at", c.started_at},
          {"ended_at", c.ended_at},
          {"ended_by", c.ended_by}};
}

nlohmann::ordered_json CanaryStatusJson(const Canary& c, const std::vector<CanaryStats>& stats) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const CanaryStats& s : stats) {
    rows.push_back({{"instance", s.instance}, {"updated_at", s.updated_at}, {"stats", ParseLenient(s.stats_json)}});
  }
  return {{"canary", CanaryJson(c)}, {"stats", rows}};
}

std::string RenderCanaryStatus(const Canary& c, const std::vector<CanaryStats>& stats) {
  std::string out = Heading(c) + PolicyTable(c.policy_json);
  if (stats.empty()) return out + "no stats yet: no server following models:/" + c.name + "/production has written any\n";
  return out + "\n" + MeasuredSplit(c, stats) + ArmsTable(stats) + "\n" + DecisionsTable(c, stats) + ShadowTable(stats);
}

std::string RenderCanaryHistory(const std::vector<Canary>& canaries) {
  Table t({"id", "mode", "candidate", "production", "percent", "state", "started", "ended", "by", "why"},
          {Table::Align::kRight, Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  for (const Canary& c : canaries) {
    t.AddRow({std::to_string(c.id), c.mode, std::to_string(c.candidate), std::to_string(c.production),
              FormatFixed(c.percent, 1) + "%", c.state, c.started_at, c.ended_at.empty() ? "-" : c.ended_at,
              c.ended_by.empty() ? "-" : c.ended_by, c.reason});
  }
  return t.Render();
}

}  // namespace sori::cli
