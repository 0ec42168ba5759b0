// `sori runs ...` through the real binary, on a store filled through the Store API.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include "store/store.h"
#include "support/temp_dir.h"
#include "util/fs.h"
#include "util/strings.h"
#include "util/subprocess.h"

namespace sori {
namespace {

using test::RunSori;
using test::ShellQuote;

bool Contains(const std::string& h, const std::string& n) { return h.find(n) != std::string::npos; }

// The first line of `text` that contains `needle`, or "".
// The last n whitespace-separated words of a table row, joined by one space, so checks
// do not depend on column widths.
std::string LastWords(const std::string& line, size_t n) {
  const std::vector<std::string> words = SplitWhitespace(line);
  std::vector<std::string> tail(words.end() - static_cast<std::ptrdiff_t>(std::min(n, words.size())), words.end());
  return Join(tail, " ");
}

std::string LineWith(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (Contains(line, needle)) return line;
  }
  return "";
}

// Two runs: "baseline" (finished, with a dataset, an artifact and an evaluation) and
// "wide" (still running, owned by this test process).
class RunsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(dir_.File("store"));
    bool created;
    DatasetSnapshot snap;
    snap.name = "ko-train";
    snap.hash = std::string(64, 'a');
    snap.utterances = 120;
    snap.hours = 0.25;
    const int64_t dataset = store->datasets().Record(snap, &created).id;

    a_ = store->runs().Create("baseline", "model:\n  d_model: 176\n", "rev-a");
    store->runs().LogParams(a_.id, {{"lr", "0.001"}, {"batch", "32"}});
    store->runs().LogMetrics(a_.id, 0, 0, {{"val/cer", 0.5}, {"val/wer", 0.8}, {"train/loss", 2.0}});
    store->runs().LogMetrics(a_.id, 100, 1, {{"val/cer", 0.25}, {"val/wer", 0.6}, {"train/loss", 1.0}});
    store->runs().LogMetrics(a_.id, 200, 2, {{"val/cer", 0.3}, {"val/wer", 0.65}, {"train/loss", 0.5}});
    store->runs().LinkDataset(a_.id, dataset, "train");
    store->artifacts().Log(a_.id, "model.pt", dir_.Write("model.pt", "hello"));
    EvaluationRecord e;
    e.run_id = a_.id;
    e.model = "model.pt";
    e.dataset_id = dataset;
    e.metrics = ParseMetricMap(R"({"cer": 0.25})", "evaluation metrics");
    store->evaluations().Record(e);
    store->runs().Finish(a_.id, "finished");

    b_ = store->runs().Create("wide", "model:\n  d_model: 256\n", "rev-b");
    store->runs().LogParams(b_.id, {{"lr", "0.002"}, {"batch", "32"}});
    store->runs().LogMetrics(b_.id, 0, 0, {{"val/cer", 0.4}});
    store->runs().LogMetrics(b_.id, 100, 1, {{"val/cer", 0.2}});
  }

  test::CommandResult Runs(const std::string& args) {
    return RunSori("--store " + ShellQuote(dir_.File("store")) + " runs " + args);
  }

  test::TempDir dir_;
  RunInfo a_, b_;
};

TEST_F(RunsCliTest, ListShowsStatusStepsAndBestValues) {
  const auto r = Runs("list");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(r.out.find(b_.id), r.out.find(a_.id)) << "newest first:\n" << r.out;
  // baseline: best val/cer min(0.5, 0.25, 0.3) = 0.25, best val/wer 0.6, last step 200.
  const std::string a_line = LineWith(r.out, a_.id);
  EXPECT_EQ(SplitWhitespace(a_line).size(), 9u) << a_line;  // the start time has a space
  EXPECT_TRUE(Contains(a_line, "baseline")) << a_line;
  EXPECT_TRUE(Contains(a_line, "finished")) << a_line;
  EXPECT_EQ(LastWords(a_line, 3), "200 0.25 0.6") << a_line;
  const std::string b_line = LineWith(r.out, b_.id);
  EXPECT_TRUE(Contains(b_line, "running")) << b_line;
  EXPECT_EQ(LastWords(b_line, 3), "100 0.2 -") << b_line;

  const auto j = Runs("list --json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto list = nlohmann::json::parse(j.out);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["id"], b_.id);
  EXPECT_EQ(list[0]["status"], "running");
  EXPECT_TRUE(list[0]["ended_at"].is_null());
  EXPECT_EQ(list[1]["steps"], 200);
  EXPECT_EQ(list[1]["best"]["val/cer"], 0.25);
  EXPECT_EQ(list[1]["best"]["val/wer"], 0.6);
  EXPECT_FALSE(list[0]["best"].contains("val/wer"));
}

TEST_F(RunsCliTest, ShowByPrefixAndConfig) {
  const auto r = Runs("show " + a_.id.substr(0, 4));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(LineWith(r.out, "status"), "finished")) << r.out;
  EXPECT_TRUE(Contains(LineWith(r.out, "source revision"), "rev-a")) << r.out;
  EXPECT_TRUE(Contains(LineWith(r.out, "run dir"), a_.run_dir)) << r.out;
  EXPECT_TRUE(Contains(LineWith(r.out, "pid"), std::to_string(a_.pid))) << r.out;
  EXPECT_EQ(SplitWhitespace(LineWith(r.out, "lr ")), (std::vector<std::string>{"lr", "0.001"})) << r.out;
  // role, name, hash prefix, utterances, hours
  EXPECT_EQ(SplitWhitespace(LineWith(r.out, "ko-train")),
            (std::vector<std::string>{"train", "ko-train", "aaaaaaaaaaaa", "120", "0.250"}))
      << r.out;
  // metric, points, last, at step, best, at step
  EXPECT_EQ(SplitWhitespace(LineWith(r.out, "val/cer")),
            (std::vector<std::string>{"val/cer", "3", "0.3", "200", "0.25", "100"}))
      << r.out;
  EXPECT_EQ(SplitWhitespace(LineWith(r.out, "model.pt")),
            (std::vector<std::string>{"model.pt", "5", "B", "2cf24dba5fb0"}))
      << r.out;
  EXPECT_TRUE(Contains(r.out, R"({"cer":0.25})")) << r.out;

  const auto config = Runs("show --config " + b_.id);
  ASSERT_EQ(config.exit_code, 0) << config.err;
  EXPECT_EQ(config.out, "model:\n  d_model: 256\n");
}

TEST_F(RunsCliTest, CompareMarksDifferingParams) {
  const auto r = Runs("compare " + a_.id + " " + b_.id);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(SplitWhitespace(LineWith(r.out, "lr ")), (std::vector<std::string>{"*", "lr", "0.001", "0.002"})) << r.out;
  EXPECT_EQ(SplitWhitespace(LineWith(r.out, "batch")), (std::vector<std::string>{"batch", "32", "32"})) << r.out;
  // val/cer: last 0.3 vs 0.2, best 0.25 vs 0.2; val/wer only in the first run.
  EXPECT_EQ(SplitWhitespace(LineWith(r.out, "val/cer")), (std::vector<std::string>{"val/cer", "last", "0.3", "0.2"}))
      << r.out;
  const std::string after_cer = r.out.substr(r.out.find("val/cer"));
  EXPECT_EQ(SplitWhitespace(LineWith(after_cer, "best")), (std::vector<std::string>{"best", "0.25", "0.2"})) << r.out;
  EXPECT_EQ(SplitWhitespace(LineWith(r.out, "val/wer")), (std::vector<std::string>{"val/wer", "last", "0.65", "-"}))
      << r.out;
}

TEST_F(RunsCliTest, MetricsListAndOneMetric) {
  const auto r = Runs("metrics " + a_.id);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // metric, points, last step, last, best, best step
  EXPECT_EQ(SplitWhitespace(LineWith(r.out, "train/loss")),
            (std::vector<std::string>{"train/loss", "3", "200", "0.5", "0.5", "200"}))
      << r.out;

  const auto j = Runs("metrics " + a_.id + " --metric val/cer --json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto points = nlohmann::json::parse(j.out)["points"];
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[1]["step"], 100);
  EXPECT_EQ(points[1]["epoch"], 1);
  EXPECT_EQ(points[1]["value"], 0.25);

  const auto missing = Runs("metrics " + a_.id + " --metric val/bleu");
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_TRUE(Contains(missing.err, "train/loss, val/cer, val/wer")) << missing.err;
}

TEST_F(RunsCliTest, TerminalPlot) {
  const auto r = Runs("plot " + a_.id + " " + b_.id + " --metric val/cer");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // y from 0.2 to 0.5 over 15 rows, x from 0 to 200 over 60 columns. baseline's (0, 0.5)
  // is the top-left cell; wide's (100, 0.2) is the bottom row, column round(59 / 2) = 30.
  EXPECT_TRUE(Contains(r.out, "val/cer\n 0.5 +*\n")) << r.out;
  EXPECT_TRUE(Contains(r.out, "\n 0.2 +" + std::string(30, ' ') + "+\n")) << r.out;
  EXPECT_TRUE(Contains(r.out, "\n0.35 +")) << r.out;  // middle row: 0.2 + 0.3 * 7 / 14
  // The x range's ends under the first and last of the 60 columns (6 to 65).
  EXPECT_TRUE(Contains(r.out, "\n     +" + std::string(60, '-') + "\n      0" + std::string(56, ' ') + "200\n")) << r.out;
  EXPECT_TRUE(Contains(r.out, "* baseline (" + a_.id + ")")) << r.out;
  EXPECT_TRUE(Contains(r.out, "+ wide (" + b_.id + ")")) << r.out;
}

TEST_F(RunsCliTest, PngPlotWithGnuplot) {
  const std::string png = dir_.File("cer.png");
  if (!ProgramExists("gnuplot")) {
    GTEST_SKIP() << "gnuplot is not installed (apt-get install gnuplot-nox); PNG plots not tested";
  }
  const auto r = Runs("plot " + a_.id + " " + b_.id + " --metric val/cer --out " + ShellQuote(png));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string bytes = ReadFileToString(png, 1 << 24);
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(RunsCliTest, MissingGnuplotAndUnknownRunsAreNotFound) {
  const std::string png = dir_.File("x.png");
  const auto no_gnuplot = test::RunCommand("PATH=/nonexistent " + ShellQuote(SORI_BINARY_PATH) + " --store " +
                                           ShellQuote(dir_.File("store")) + " runs plot " + a_.id +
                                           " --metric val/cer --out " + ShellQuote(png));
  EXPECT_EQ(no_gnuplot.exit_code, 4) << no_gnuplot.err;
  EXPECT_TRUE(Contains(no_gnuplot.err, "gnuplot-nox")) << no_gnuplot.err;
  EXPECT_FALSE(std::filesystem::exists(png));

  const auto unknown = Runs("show 0000000f");
  EXPECT_EQ(unknown.exit_code, 4) << unknown.err;
  EXPECT_TRUE(Contains(unknown.err, "0000000f")) << unknown.err;
}

}  // namespace
}  // namespace sori
