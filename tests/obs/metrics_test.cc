#include "obs/metrics.h"

#include <gtest/gtest.h>

#include <thread>

#include "util/error.h"

namespace sori {
namespace {

TEST(MetricsTest, RendersCountersGaugesAndHistogramsInPrometheusTextFormat) {
  MetricRegistry reg;
  Counter& c = reg.AddCounter("stt_requests_total", "Requests by outcome.", {"model_version", "status"});
  c.Add({"v1", "ok"});
  c.Add({"v1", "ok"}, 2);
  c.Add({"v1", "bad \"x\"\n\\"});
  Gauge& g = reg.AddGauge("stt_queue_depth", "Waiting requests.");
  g.Set({}, 3);
  Histogram& h = reg.AddHistogram("stt_latency_seconds", "Latency.", {}, {0.1, 0.5, 1});
  h.Observe({}, 0.05);
  h.Observe({}, 0.1);  // the bound itself falls in its bucket (le)
  h.Observe({}, 0.7);
  h.Observe({}, 9);
  EXPECT_EQ(reg.Render(),
            "# HELP stt_requests_total Requests by outcome.\n"
            "# TYPE stt_requests_total counter\n"
            "stt_requests_total{model_version=\"v1\",status=\"bad \\\"x\\\"\\n\\\\\"} 1\n"
            "stt_requests_total{model_version=\"v1\",status=\"ok\"} 3\n"
            "# HELP stt_queue_depth Waiting requests.\n"
            "# TYPE stt_queue_depth gauge\n"
            "stt_queue_depth 3\n"
            "# HELP stt_latency_seconds Latency.\n"
            "# TYPE stt_latency_seconds histogram\n"
            "stt_latency_seconds_bucket{le=\"0.1\"} 2\n"
            "stt_latency_seconds_bucket{le=\"0.5\"} 2\n"
            "stt_latency_seconds_bucket{le=\"1\"} 3\n"
            "stt_latency_seconds_bucket{le=\"+Inf\"} 4\n"
            "stt_latency_seconds_sum 9.85\n"
            "stt_latency_seconds_count 4\n");
  EXPECT_EQ(c.Value({"v1", "ok"}), 3);
  EXPECT_EQ(h.Count({}), 4u);
}

TEST(MetricsTest, CallbacksAreReadAtRenderTime) {
  MetricRegistry reg;
  int depth = 1;
  reg.AddGauge("q", "Queue.").SetCallback({}, [&] { return static_cast<double>(depth); });
  EXPECT_NE(reg.Render().find("\nq 1\n"), std::string::npos);
  depth = 7;
  EXPECT_NE(reg.Render().find("\nq 7\n"), std::string::npos);
}

TEST(MetricsTest, ProcessMetricsArePlausible) {
  MetricRegistry reg;
  AddProcessMetrics(reg);
  const std::string text = reg.Render();
  for (const char* name : {"process_cpu_seconds_total ", "process_resident_memory_bytes ", "process_start_time_seconds ",
                           "process_open_fds ", "process_virtual_memory_bytes "}) {
    EXPECT_NE(text.find(std::string("\n") + name), std::string::npos) << name << "\n" << text;
  }
  const size_t at = text.find("\nprocess_resident_memory_bytes ") + 31;
  EXPECT_GT(std::stod(text.substr(at)), 1e6);  // a process with libtorch loaded uses megabytes
}

TEST(MetricsTest, MisuseIsAnError) {
  MetricRegistry reg;
  Counter& c = reg.AddCounter("a_total", "A.", {"x"});
  EXPECT_THROW(c.Add({}), Error);            // wrong number of label values
  EXPECT_THROW(c.Add({"v"}, -1), Error);     // counters only go up
  EXPECT_THROW(reg.AddCounter("a_total", "again"), Error);
  EXPECT_THROW(reg.AddGauge("9bad", "name"), Error);
  EXPECT_THROW(reg.AddHistogram("h", "H.", {"le"}, {1}), Error);
  EXPECT_THROW(reg.AddHistogram("h2", "H.", {}, {1, 1}), Error);
}

TEST(MetricsTest, ConcurrentUpdatesAreCounted) {
  MetricRegistry reg;
  Counter& c = reg.AddCounter("n_total", "N.");
  Histogram& h = reg.AddHistogram("d_seconds", "D.", {}, {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        c.Add({});
        h.Observe({}, 0.5);
        if (i % 100 == 0) reg.Render();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.Value({}), 4000);
  EXPECT_EQ(h.Count({}), 4000u);
}

}  // namespace
}  // namespace sori
