// Prometheus metrics: counters, gauges and histograms with labels, rendered in the text
// exposition format (version 0.0.4) that `promtool check metrics` accepts. Following
// Triton's metrics: help text on every family, seconds as the unit, separate families
// for requests and batches.
//
//   MetricRegistry reg;
//   Counter& requests = reg.AddCounter("stt_inference_requests_total", "Requests by outcome",
//                                      {"model_version", "status"});
//   requests.Add({"v3", "ok"});
//   Histogram& latency = reg.AddHistogram("stt_inference_latency_seconds", "...", {},
//                                         {0.05, 0.1, 0.2, 0.5, 1, 2, 5});
//   latency.Observe({}, 0.12);
//   std::string text = reg.Render();
//
// All methods are thread-safe. Families live as long as the registry; label values are
// escaped on output, and a wrong number of label values is Error(kInternal).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sori {

using LabelValues = std::vector<std::string>;

class MetricFamily {
 public:
  MetricFamily(std::string name, std::string help, std::string type, std::vector<std::string> label_names);
  virtual ~MetricFamily() = default;
  const std::string& name() const { return name_; }
  void Render(std::string* out) const;

 protected:
  virtual void RenderSamples(std::string* out) const = 0;
  void CheckLabels(const LabelValues& values) const;
  // {a="x",b="y"} with `extra` (e.g. le="0.5") appended; "" when there are no labels.
  std::string LabelText(const LabelValues& values, const std::string& extra = "") const;

  std::string name_, help_, type_;
  std::vector<std::string> label_names_;
  mutable std::mutex mu_;
};

// A family of plain values (counters and gauges). A series may be read at render time
// from a callback instead of stored (queue depth, process CPU and memory).
class ValueFamily : public MetricFamily {
 public:
  using MetricFamily::MetricFamily;
  double Value(const LabelValues& labels) const;
  void SetCallback(const LabelValues& labels, std::function<double()> read);

 protected:
  void RenderSamples(std::string* out) const override;
  std::map<LabelValues, double> values_;
  std::map<LabelValues, std::function<double()>> callbacks_;
};

class Counter : public ValueFamily {
 public:
  Counter(std::string name, std::string help, std::vector<std::string> labels);
  void Add(const LabelValues& labels, double amount = 1.0);  // amount >= 0
};

class Gauge : public ValueFamily {
 public:
  Gauge(std::string name, std::string help, std::vector<std::string> labels);
  void Set(const LabelValues& labels, double value);
  void Remove(const LabelValues& labels);
};

class Histogram : public MetricFamily {
 public:
  // `bounds`: upper bounds, strictly increasing; +Inf is added.
  Histogram(std::string name, std::string help, std::vector<std::string> labels, std::vector<double> bounds);
  void Observe(const LabelValues& labels, double value);
  uint64_t Count(const LabelValues& labels) const;

 private:
  struct Series {
    std::vector<uint64_t> buckets;  // per bound, not cumulative; last is +Inf
    double sum = 0.0;
    uint64_t count = 0;
  };
  void RenderSamples(std::string* out) const override;
  std::vector<double> bounds_;
  std::map<LabelValues, Series> series_;
};

class MetricRegistry {
 public:
  Counter& AddCounter(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
  Gauge& AddGauge(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
  Histogram& AddHistogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                          std::vector<double> bounds);
  // Every family, in the order added.
  std::string Render() const;

 private:
  template <typename T>
  T& Add(std::unique_ptr<T> family);
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<MetricFamily>> families_;
};

// process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
// process_start_time_seconds and process_open_fds, read from /proc at scrape time.
void AddProcessMetrics(MetricRegistry& registry);

// A sample value as Prometheus writes it: integers without a decimal point, +Inf/-Inf/NaN.
std::string FormatMetricValue(double v);

}  // namespace sori
