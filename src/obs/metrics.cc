#include "obs/metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "util/error.h"

namespace sori {
namespace {

std::string EscapeLabelValue(const std::string& v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string EscapeHelp(const std::string& v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

bool ValidName(const std::string& n) {
  if (n.empty() || std::isdigit(static_cast<unsigned char>(n[0]))) return false;
  for (const char c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != ':') return false;
  }
  return true;
}

}  // namespace

std::string FormatMetricValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

MetricFamily::MetricFamily(std::string name, std::string help, std::string type, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), type_(std::move(type)), label_names_(std::move(label_names)) {
  if (!ValidName(name_)) throw Error(ErrorCode::kInternal, "invalid metric name '" + name_ + "'");
  for (const std::string& l : label_names_) {
    if (!ValidName(l) || l == "le" || l.rfind("__", 0) == 0) throw Error(ErrorCode::kInternal, "invalid label name '" + l + "'");
  }
}

void MetricFamily::CheckLabels(const LabelValues& values) const {
  if (values.size() != label_names_.size()) {
    throw Error(ErrorCode::kInternal, name_ + ": " + std::to_string(values.size()) + " label values for " +
                                          std::to_string(label_names_.size()) + " labels");
  }
}

std::string MetricFamily::LabelText(const LabelValues& values, const std::string& extra) const {
  std::string out;
  for (size_t i = 0; i < label_names_.size(); ++i) {
    out += (out.empty() ? "" : ",") + label_names_[i] + "=\"" + EscapeLabelValue(values[i]) + "\"";
  }
  if (!extra.empty()) out += (out.empty() ? "" : ",") + extra;
  return out.empty() ? "" : "{" + out + "}";
}

void MetricFamily::Render(std::string* out) const {
  *out += "# HELP " + name_ + " " + EscapeHelp(help_) + "\n# TYPE " + name_ + " " + type_ + "\n";
  std::lock_guard<std::mutex> lock(mu_);
  RenderSamples(out);
}

double ValueFamily::Value(const LabelValues& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (const auto cb = callbacks_.find(labels); cb != callbacks_.end()) return cb->second();
  const auto it = values_.find(labels);
  return it == values_.end() ? 0.0 : it->second;
}

void ValueFamily::SetCallback(const LabelValues& labels, std::function<double()> read) {
  CheckLabels(labels);
  std::lock_guard<std::mutex> lock(mu_);
  callbacks_[labels] = std::move(read);
}

void ValueFamily::RenderSamples(std::string* out) const {
  std::map<LabelValues, double> all = values_;
  for (const auto& [labels, read] : callbacks_) all[labels] = read();
  for (const auto& [labels, v] : all) *out += name_ + LabelText(labels) + " " + FormatMetricValue(v) + "\n";
}

Counter::Counter(std::string name, std::string help, std::vector<std::string> labels)
    : ValueFamily(std::move(name), std::move(help), "counter", std::move(labels)) {}

void Counter::Add(const LabelValues& labels, double amount) {
  CheckLabels(labels);
  if (!(amount >= 0)) throw Error(ErrorCode::kInternal, name_ + ": a counter cannot decrease");
  std::lock_guard<std::mutex> lock(mu_);
  values_[labels] += amount;
}

Gauge::Gauge(std::string name, std::string help, std::vector<std::string> labels)
    : ValueFamily(std::move(name), std::move(help), "gauge", std::move(labels)) {}

void Gauge::Set(const LabelValues& labels, double value) {
  CheckLabels(labels);
  std::lock_guard<std::mutex> lock(mu_);
  values_[labels] = value;
}

void Gauge::Remove(const LabelValues& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  values_.erase(labels);
  callbacks_.erase(labels);
}

Histogram::Histogram(std::string name, std::string help, std::vector<std::string> labels, std::vector<double> bounds)
    : MetricFamily(std::move(name), std::move(help), "histogram", std::move(labels)), bounds_(std::move(bounds)) {
  for (size_t i = 1; i < bounds_.size(); ++i) {
    if (!(bounds_[i] > bounds_[i - 1])) throw Error(ErrorCode::kInternal, name_ + ": bucket bounds must increase");
  }
}

void Histogram::Observe(const LabelValues& labels, double value) {
  CheckLabels(labels);
  std::lock_guard<std::mutex> lock(mu_);
  Series& s = series_[labels];
  if (s.buckets.empty()) s.buckets.assign(bounds_.size() + 1, 0);
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  s.buckets[i]++;
  s.sum += value;
  s.count++;
}

uint64_t Histogram::Count(const LabelValues& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = series_.find(labels);
  return it == series_.end() ? 0 : it->second.count;
}

void Histogram::RenderSamples(std::string* out) const {
  for (const auto& [labels, s] : series_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += s.buckets[i];
      const std::string le = i < bounds_.size() ? FormatMetricValue(bounds_[i]) : "+Inf";
      *out += name_ + "_bucket" + LabelText(labels, "le=\"" + le + "\"") + " " + std::to_string(cumulative) + "\n";
    }
    *out += name_ + "_sum" + LabelText(labels) + " " + FormatMetricValue(s.sum) + "\n";
    *out += name_ + "_count" + LabelText(labels) + " " + std::to_string(s.count) + "\n";
  }
}

template <typename T>
T& MetricRegistry::Add(std::unique_ptr<T> family) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& f : families_) {
    if (f->name() == family->name()) throw Error(ErrorCode::kInternal, "metric '" + family->name() + "' added twice");
  }
  T& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

Counter& MetricRegistry::AddCounter(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  return Add(std::make_unique<Counter>(name, help, std::move(labels)));
}

Gauge& MetricRegistry::AddGauge(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  return Add(std::make_unique<Gauge>(name, help, std::move(labels)));
}

Histogram& MetricRegistry::AddHistogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                                        std::vector<double> bounds) {
  return Add(std::make_unique<Histogram>(name, help, std::move(labels), std::move(bounds)));
}

std::string MetricRegistry::Render() const {
  std::string out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& f : families_) f->Render(&out);
  return out;
}

namespace {

// Fields of /proc/self/stat after the command name: utime (14), stime (15), starttime
// (22), vsize (23), rss pages (24), counting from 1.
std::vector<std::string> ProcStatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  const size_t close = line.rfind(')');
  std::vector<std::string> fields{"pid", "comm"};
  if (close == std::string::npos) return fields;
  std::istringstream rest(line.substr(close + 2));
  std::string f;
  while (rest >> f) fields.push_back(f);
  return fields;
}

double StatField(size_t one_based) {
  const auto f = ProcStatFields();
  return one_based <= f.size() ? std::stod(f[one_based - 1]) : 0.0;
}

double BootTimeSeconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime") {
      in >> value;
      return value;
    }
    in.ignore(1 << 20, '\n');
  }
  return 0.0;
}

double OpenFds() {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return 0;
  double n = 0;
  while (const dirent* e = readdir(d)) n += e->d_name[0] != '.';
  closedir(d);
  return n - 1;  // the directory stream itself
}

}  // namespace

void AddProcessMetrics(MetricRegistry& registry) {
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  registry.AddCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.")
      .SetCallback({}, [ticks] { return (StatField(14) + StatField(15)) / ticks; });
  registry.AddGauge("process_resident_memory_bytes", "Resident memory size in bytes.")
      .SetCallback({}, [page] { return StatField(24) * page; });
  registry.AddGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.").SetCallback({}, [] { return StatField(23); });
  const double start = BootTimeSeconds() + StatField(22) / ticks;
  registry.AddGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
      .SetCallback({}, [start] { return start; });
  registry.AddGauge("process_open_fds", "Number of open file descriptors.").SetCallback({}, [] { return OpenFds(); });
}

}  // namespace sori
