// sori runs list | show | compare | metrics | plot: what training runs recorded in the
// store (store/store.h), for people at a terminal and, with --json, for scripts.
#include <nlohmann/json.hpp>

#include <cmath>
#include <ctime>
#include <iostream>
#include <memory>
#include <set>

#include "cli/command.h"
#include "cli/runs_plot.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

using Json = nlohmann::ordered_json;
constexpr auto kLeft = Table::Align::kLeft;
constexpr auto kRight = Table::Align::kRight;

std::string Value(double v) {
  if (std::isnan(v)) return "nan";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

// "2026-11-22T12:34:56Z" -> "2026-11-22 12:34:56"; "-" for none.
std::string When(const std::string& iso) {
  if (iso.empty()) return "-";
  std::string out = iso;
  if (out.size() == 20 && out[10] == 'T' && out.back() == 'Z') {
    out[10] = ' ';
    out.pop_back();
  }
  return out;
}

// Seconds from start to end (to now while running); NaN if a time is unreadable.
double RunSeconds(const RunInfo& run) {
  const auto start = ParseUtcIso8601(run.started_at);
  const auto end = run.ended_at.empty() ? std::optional<std::time_t>(std::time(nullptr)) : ParseUtcIso8601(run.ended_at);
  if (!start || !end) return std::nan("");
  return static_cast<double>(*end - *start);
}

// Always h:mm:ss, so a column of durations lines up.
std::string Hms(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  const long total = std::lround(seconds);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%ld:%02ld:%02ld", total / 3600, (total % 3600) / 60, total % 60);
  return buf;
}

std::string Best(const std::optional<MetricSummary>& s) {
  return s && s->best ? Value(s->best->value) : "-";
}

std::string Section(const std::string& title) { return "\n" + title + ":\n"; }

Json PointJson(const MetricPoint& p) {
  return Json{{"step", p.step}, {"epoch", p.epoch}, {"value", p.value}, {"time", p.time}};
}

// ---- list ----
struct ListArgs {
  bool json = false;
  int limit = 0;
};

int RunList(const ListArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  std::vector<RunInfo> runs = store->runs().List();
  if (a.limit > 0 && runs.size() > static_cast<size_t>(a.limit)) runs.resize(static_cast<size_t>(a.limit));
  static const char* kHeadline[] = {"val/cer", "val/wer"};
  if (a.json) {
    Json out = Json::array();
    for (const RunInfo& r : runs) {
      const auto steps = store->runs().LastStep(r.id);
      Json best = Json::object();
      for (const char* key : kHeadline) {
        const auto s = store->runs().SummarizeMetric(r.id, key);
        if (s && s->best) best[key] = s->best->value;
      }
      out.push_back(Json{{"id", r.id},
                         {"name", r.name},
                         {"status", r.status},
                         {"started_at", r.started_at},
                         {"ended_at", r.ended_at.empty() ? Json(nullptr) : Json(r.ended_at)},
                         {"duration_sec", RunSeconds(r)},
                         {"steps", steps ? Json(*steps) : Json(nullptr)},
                         {"host", r.host},
                         {"pid", r.pid},
                         {"best", best}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (runs.empty()) {
    std::cout << "no runs in store '" << store->home() << "'\n";
    return 0;
  }
  Table t({"id", "name", "status", "started", "duration", "steps", "best val/cer", "best val/wer"},
          {kLeft, kLeft, kLeft, kLeft, kRight, kRight, kRight, kRight});
  for (const RunInfo& r : runs) {
    const auto steps = store->runs().LastStep(r.id);
    t.AddRow({r.id, r.name, r.status, When(r.started_at), Hms(RunSeconds(r)), steps ? std::to_string(*steps) : "-",
              Best(store->runs().SummarizeMetric(r.id, kHeadline[0])), Best(store->runs().SummarizeMetric(r.id, kHeadline[1]))});
  }
  std::cout << t.Render();
  return 0;
}

// ---- show ----
struct ShowArgs {
  std::string run;
  bool config = false;
};

void PrintRunInfo(const RunInfo& r) {
  Table info({"", ""});
  info.AddRow({"id", r.id});
  info.AddRow({"name", r.name});
  info.AddRow({"status", r.status});
  info.AddRow({"host", r.host});
  info.AddRow({"pid", std::to_string(r.pid)});
  info.AddRow({"started", When(r.started_at)});
  info.AddRow({"ended", When(r.ended_at)});
  info.AddRow({"duration", Hms(RunSeconds(r)) + (r.status == "running" ? " (running)" : "")});
  info.AddRow({"last heartbeat", When(r.heartbeat_at)});
  info.AddRow({"source revision", r.source_revision.empty() ? "-" : r.source_revision});
  info.AddRow({"run dir", r.run_dir});
  if (!r.error.empty()) info.AddRow({"error", r.error});
  std::cout << info.Render();
}

// A section of `runs show`: its title, then the table, or "(none)" when it has no rows.
void PrintSection(const std::string& title, const Table& table, bool empty) {
  std::cout << Section(title) << (empty ? std::string("  (none)\n") : table.Render());
}

void PrintRunRecords(Store& store, const RunInfo& r) {
  const auto params = store.runs().GetParams(r.id);
  Table p({"param", "value"});
  for (const auto& [k, v] : params) p.AddRow({k, v});
  PrintSection("params", p, params.empty());

  const auto datasets = store.runs().RunDatasets(r.id);
  Table d({"role", "name", "hash", "utterances", "hours"}, {kLeft, kLeft, kLeft, kRight, kRight});
  for (const auto& [snapshot, role] : datasets) {
    d.AddRow({role, snapshot.name, snapshot.hash.substr(0, 12), std::to_string(snapshot.utterances),
              FormatFixed(snapshot.hours, 3)});
  }
  PrintSection("datasets", d, datasets.empty());

  const auto metrics = store.runs().SummarizeMetrics(r.id);
  Table m({"metric", "points", "last", "at step", "best", "at step"}, {kLeft, kRight, kRight, kRight, kRight, kRight});
  for (const MetricSummary& s : metrics) {
    m.AddRow({s.key, std::to_string(s.points), Value(s.last.value), std::to_string(s.last.step),
              s.best ? Value(s.best->value) : "-", s.best ? std::to_string(s.best->step) : "-"});
  }
  PrintSection("metrics", m, metrics.empty());
}

void PrintRunOutputs(Store& store, const RunInfo& r) {
  const auto artifacts = store.artifacts().OfRun(r.id);
  Table a({"name", "size", "sha256"}, {kLeft, kRight, kLeft});
  for (const ArtifactInfo& art : artifacts) {
    a.AddRow({art.name, FormatBytes(static_cast<double>(art.size)), art.sha256.substr(0, 12)});
  }
  PrintSection("artifacts", a, artifacts.empty());

  const auto evaluations = store.evaluations().List(r.id, 0);
  Table e({"id", "model", "dataset", "metrics", "when"}, {kRight});
  for (const EvaluationRecord& ev : evaluations) {
    const DatasetSnapshot d = store.datasets().Get(ev.dataset_id);
    e.AddRow({std::to_string(ev.id), ev.model, d.name + " " + d.hash.substr(0, 8), MetricMapToJson(ev.metrics).dump(),
              When(ev.created_at)});
  }
  PrintSection("evaluations", e, evaluations.empty());
}

int RunShow(const ShowArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  const RunInfo r = store->runs().Get(a.run);
  if (a.config) {
    std::cout << r.config_yaml;
    if (!r.config_yaml.empty() && r.config_yaml.back() != '\n') std::cout << "\n";
    return 0;
  }
  PrintRunInfo(r);
  PrintRunRecords(*store, r);
  PrintRunOutputs(*store, r);
  return 0;
}

// ---- compare ----
struct CompareArgs {
  std::vector<std::string> runs;
};

// A table with a marker column, a label column and one column per run; a row whose run
// cells differ can be marked `*`.
class CompareTable {
 public:
  CompareTable(const std::vector<RunInfo>& runs, const std::string& what) : runs_(runs), table_(Headers(runs, what)) {}
  template <typename Cell>  // std::string(size_t i): the cell of runs[i]
  void Add(const std::string& label, const Cell& cell, bool mark_differences) {
    std::vector<std::string> row = {"", label};
    for (size_t i = 0; i < runs_.size(); ++i) row.push_back(cell(i));
    if (mark_differences && std::set<std::string>(row.begin() + 2, row.end()).size() > 1) row[0] = "*";
    table_.AddRow(row);
  }
  const Table& table() const { return table_; }

 private:
  static std::vector<std::string> Headers(const std::vector<RunInfo>& runs, const std::string& what) {
    std::vector<std::string> h = {"", what};
    for (const RunInfo& r : runs) h.push_back(r.id);
    return h;
  }
  const std::vector<RunInfo>& runs_;
  Table table_;
};

void PrintCompareOverview(Store& store, const std::vector<RunInfo>& runs) {
  CompareTable t(runs, "run");
  t.Add("name", [&](size_t i) { return runs[i].name; }, false);
  t.Add("status", [&](size_t i) { return runs[i].status; }, false);
  t.Add("started", [&](size_t i) { return When(runs[i].started_at); }, false);
  t.Add("duration", [&](size_t i) { return Hms(RunSeconds(runs[i])); }, false);
  t.Add("steps", [&](size_t i) {
    const auto s = store.runs().LastStep(runs[i].id);
    return s ? std::to_string(*s) : std::string("-");
  }, false);
  t.Add("source revision", [&](size_t i) { return runs[i].source_revision; }, true);
  std::cout << t.table().Render();
}

void PrintCompareParams(Store& store, const std::vector<RunInfo>& runs) {
  std::vector<std::map<std::string, std::string>> params;
  std::set<std::string> keys;
  for (const RunInfo& r : runs) {
    params.push_back(store.runs().GetParams(r.id));
    for (const auto& kv : params.back()) keys.insert(kv.first);
  }
  CompareTable t(runs, "param");
  for (const std::string& key : keys) {
    t.Add(key, [&](size_t i) {
      const auto it = params[i].find(key);
      return it == params[i].end() ? std::string("-") : it->second;
    }, true);
  }
  PrintSection("params (* = differs)", t.table(), keys.empty());
}

void PrintCompareMetrics(Store& store, const std::vector<RunInfo>& runs) {
  std::vector<std::map<std::string, MetricSummary>> metrics(runs.size());
  std::set<std::string> keys;
  for (size_t i = 0; i < runs.size(); ++i) {
    for (MetricSummary& m : store.runs().SummarizeMetrics(runs[i].id)) {
      keys.insert(m.key);
      metrics[i].emplace(m.key, std::move(m));
    }
  }
  std::vector<std::string> h = {"metric", ""};
  for (const RunInfo& r : runs) h.push_back(r.id);
  std::vector<Table::Align> align = {kLeft, kLeft};
  align.resize(h.size(), kRight);
  Table t(h, align);
  for (const std::string& key : keys) {
    for (const bool last : {true, false}) {
      std::vector<std::string> row = {last ? key : "", last ? "last" : "best"};
      for (size_t i = 0; i < runs.size(); ++i) {
        const auto it = metrics[i].find(key);
        if (it == metrics[i].end()) {
          row.push_back("-");
        } else if (last) {
          row.push_back(Value(it->second.last.value));
        } else {
          row.push_back(it->second.best ? Value(it->second.best->value) : "-");
        }
      }
      t.AddRow(row);
    }
  }
  PrintSection("metrics (last / best)", t, keys.empty());
}

int RunCompare(const CompareArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  std::vector<RunInfo> runs;
  for (const std::string& id : a.runs) runs.push_back(store->runs().Get(id));
  PrintCompareOverview(*store, runs);
  PrintCompareParams(*store, runs);
  PrintCompareMetrics(*store, runs);
  return 0;
}

// ---- metrics ----
struct MetricsArgs {
  std::string run;
  std::string metric;
  bool json = false;
};

[[noreturn]] void NoSuchMetric(Store& store, const RunInfo& run, const std::string& key) {
  const auto keys = store.runs().MetricKeys(run.id);
  throw Error(ErrorCode::kNotFound, "run " + run.id + " (" + run.name + ") has no metric '" + key + "'; " +
                                        (keys.empty() ? std::string("it has logged no metrics")
                                                      : "its metrics: " + Join(keys, ", ")));
}

int RunMetrics(const MetricsArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  const RunInfo r = store->runs().Get(a.run);
  if (a.metric.empty()) {
    const auto summaries = store->runs().SummarizeMetrics(r.id);
    if (a.json) {
      Json out = Json::array();
      for (const MetricSummary& m : summaries) {
        out.push_back(Json{{"key", m.key},
                           {"points", m.points},
                           {"last", PointJson(m.last)},
                           {"best", m.best ? PointJson(*m.best) : Json(nullptr)},
                           {"higher_is_better", m.higher_is_better}});
      }
      std::cout << Json{{"run", r.id}, {"metrics", out}}.dump(2) << "\n";
      return 0;
    }
    if (summaries.empty()) {
      std::cout << "run " << r.id << " has logged no metrics\n";
      return 0;
    }
    Table t({"metric", "points", "last step", "last", "best", "best step"},
            {kLeft, kRight, kRight, kRight, kRight, kRight});
    for (const MetricSummary& m : summaries) {
      t.AddRow({m.key, std::to_string(m.points), std::to_string(m.last.step), Value(m.last.value),
                m.best ? Value(m.best->value) : "-", m.best ? std::to_string(m.best->step) : "-"});
    }
    std::cout << t.Render();
    return 0;
  }
  const auto points = store->runs().GetMetric(r.id, a.metric);
  if (points.empty()) NoSuchMetric(*store, r, a.metric);
  if (a.json) {
    Json out = Json::array();
    for (const MetricPoint& p : points) out.push_back(PointJson(p));
    std::cout << Json{{"run", r.id}, {"key", a.metric}, {"points", out}}.dump(2) << "\n";
    return 0;
  }
  Table t({"step", "epoch", a.metric, "logged"}, {kRight, kRight, kRight, kLeft});
  for (const MetricPoint& p : points) {
    t.AddRow({std::to_string(p.step), std::to_string(p.epoch), Value(p.value), When(p.time)});
  }
  std::cout << t.Render();
  return 0;
}

// ---- plot ----
struct PlotArgs {
  std::vector<std::string> runs;
  std::string metric;
  std::string out;
  int width = 60;
  int height = 15;
};

int RunPlot(const PlotArgs& a, const GlobalOptions& global) {
  auto store = OpenStore(global);
  std::vector<PlotSeries> series;
  std::vector<RunInfo> runs;
  for (const std::string& id : a.runs) {
    const RunInfo r = store->runs().Get(id);
    PlotSeries s;
    s.label = r.name + " (" + r.id + ")";
    for (const MetricPoint& p : store->runs().GetMetric(r.id, a.metric)) {
      s.points.emplace_back(static_cast<double>(p.step), p.value);
    }
    if (s.points.empty()) {
      if (a.runs.size() == 1) NoSuchMetric(*store, r, a.metric);
      std::cerr << "note: run " << r.id << " (" << r.name << ") has no metric '" << a.metric << "'\n";
    }
    series.push_back(std::move(s));
    runs.push_back(r);
  }
  bool any = false;
  for (const PlotSeries& s : series) any = any || !s.points.empty();
  if (!any) NoSuchMetric(*store, runs.front(), a.metric);

  PlotLabels labels{a.metric, "step", a.metric};
  if (a.out.empty()) {
    std::cout << RenderTextPlot(series, labels, a.width, a.height);
    return 0;
  }
  WritePngPlot(series, labels, a.out);
  std::cout << "wrote " << a.out << " (" << a.metric << ", " << series.size() << " run"
            << (series.size() == 1 ? "" : "s") << ")\n";
  return 0;
}

}  // namespace

void AddRunsCommands(CLI::App& app, Registry& registry) {
  CLI::App* runs = app.add_subcommand("runs", "Show training runs recorded in the store: params, metrics, curves");
  runs->require_subcommand(1);

  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd = runs->add_subcommand(
      "list",
      "List runs, newest first: status, start, duration (up to now while running), last step\n"
      "and the best val/cer and val/wer. Runs whose process died are shown as killed.\n"
      "Example: sori runs list --limit 20");
  list_cmd->add_flag("--json", list->json, "Print JSON");
  list_cmd->add_option("-n,--limit", list->limit, "Show only the newest N runs (0: all)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  registry.Add(list_cmd, [list, &registry] { return RunList(*list, registry.global()); });

  auto show = std::make_shared<ShowArgs>();
  CLI::App* show_cmd = runs->add_subcommand(
      "show",
      "Show one run: status, host, times, source revision, params, datasets, the last and\n"
      "best value of every metric, artifacts and evaluations. --config prints its config.\n"
      "Example: sori runs show 3fa9");
  show_cmd->add_option("run", show->run, "Run id, or a unique prefix of at least 4 characters")->required();
  show_cmd->add_flag("--config", show->config, "Print only the run's config (YAML)");
  registry.Add(show_cmd, [show, &registry] { return RunShow(*show, registry.global()); });

  auto compare = std::make_shared<CompareArgs>();
  CLI::App* compare_cmd = runs->add_subcommand(
      "compare",
      "Compare runs side by side: params (rows that differ are marked *), then the last\n"
      "and best value of every metric.\n"
      "Example: sori runs compare 3fa9 b71c");
  compare_cmd->add_option("runs", compare->runs, "Two or more run ids or prefixes")->required()->expected(2, -1);
  registry.Add(compare_cmd, [compare, &registry] { return RunCompare(*compare, registry.global()); });

  auto metrics = std::make_shared<MetricsArgs>();
  CLI::App* metrics_cmd = runs->add_subcommand(
      "metrics",
      "List a run's metrics (points, last and best value), or with --metric every point of\n"
      "one metric (step, epoch, value).\n"
      "Example: sori runs metrics 3fa9 --metric val/cer");
  metrics_cmd->add_option("run", metrics->run, "Run id, or a unique prefix of at least 4 characters")->required();
  metrics_cmd->add_option("--metric", metrics->metric, "Metric key, e.g. val/cer or train/loss");
  metrics_cmd->add_flag("--json", metrics->json, "Print JSON");
  registry.Add(metrics_cmd, [metrics, &registry] { return RunMetrics(*metrics, registry.global()); });

  auto plot = std::make_shared<PlotArgs>();
  CLI::App* plot_cmd = runs->add_subcommand(
      "plot",
      "Plot a metric against the step for one or more runs: in the terminal, or as a PNG\n"
      "with --out (needs gnuplot: apt-get install gnuplot-nox).\n"
      "Example: sori runs plot 3fa9 b71c --metric val/cer --out cer.png");
  plot_cmd->add_option("runs", plot->runs, "Run ids or unique prefixes")->required()->expected(1, -1);
  plot_cmd->add_option("--metric", plot->metric, "Metric key, e.g. val/cer")->required();
  plot_cmd->add_option("--out", plot->out, "Write a PNG here instead of plotting in the terminal");
  plot_cmd->add_option("--width", plot->width, "Terminal plot width in characters")
      ->check(CLI::Range(10, 400))
      ->capture_default_str();
  plot_cmd->add_option("--height", plot->height, "Terminal plot height in lines")
      ->check(CLI::Range(3, 200))
      ->capture_default_str();
  registry.Add(plot_cmd, [plot, &registry] { return RunPlot(*plot, registry.global()); });
}

}  // namespace sori::cli
