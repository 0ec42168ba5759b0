// Content-addressed artifacts and evaluations.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "store/store.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/sha256.h"

namespace sori {
namespace {

namespace fs = std::filesystem;

// sha256("hello"), e.g. from `printf hello | sha256sum`.
constexpr char kHelloSha[] = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

size_t FilesUnder(const std::string& path) {
  if (!fs::exists(path)) return 0;
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(path)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

TEST(ArtifactsTest, ContentAddressedDeduplicatedReadOnlyCopies) {
  test::TempDir dir;
  auto store = Store::Open(dir.File("home"));
  const std::string a = dir.Write("a.txt", "hello");
  const std::string b = dir.Write("sub/b.bin", "hello");

  const std::string sha = store->artifacts().Put(a);
  EXPECT_EQ(sha, kHelloSha);
  const std::string stored = store->artifacts().Path(sha);
  EXPECT_EQ(stored, dir.File("home") + "/artifacts/sha256/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(ReadFileToString(stored, 100), "hello");
  struct stat st {};
  ASSERT_EQ(::stat(stored.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);

  // The same bytes from another file: the same artifact, stored once, no temp left over.
  EXPECT_EQ(store->artifacts().Put(b), kHelloSha);
  EXPECT_EQ(FilesUnder(dir.File("home/artifacts/sha256")), 1u);
  EXPECT_EQ(FilesUnder(dir.File("home/artifacts/tmp")), 0u);

  // Larger than the 1 MiB copy buffer: the hash covers every chunk.
  std::string big(3 * (1 << 20) + 17, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) % 251);
  const std::string big_path = dir.Write("big.bin", big);
  const std::string big_sha = store->artifacts().Put(big_path);
  EXPECT_EQ(big_sha, Sha256File(big_path));
  EXPECT_EQ(ReadFileToString(store->artifacts().Path(big_sha), 1 << 24), big);
  EXPECT_EQ(FilesUnder(dir.File("home/artifacts/sha256")), 2u);
}

TEST(ArtifactsTest, RunsNameTheirArtifacts) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string run = store->runs().Create("r", "", "").id;
  const std::string sha = store->artifacts().Put(dir.Write("model-v1.pt", "hello"));
  store->artifacts().Link(run, "model.pt", sha, 5);
  const ArtifactInfo tok = store->artifacts().Log(run, "tokenizer.json", dir.Write("tok.json", "{}"));
  EXPECT_EQ(tok.size, 2);
  EXPECT_EQ(tok.sha256, Sha256Hex("{}"));

  auto arts = store->artifacts().OfRun(run);
  ASSERT_EQ(arts.size(), 2u);
  EXPECT_EQ(arts[0].name, "model.pt");
  EXPECT_EQ(arts[0].sha256, kHelloSha);
  EXPECT_EQ(arts[0].size, 5);
  EXPECT_TRUE(ParseUtcIso8601(arts[0].created_at).has_value());
  EXPECT_EQ(arts[1].name, "tokenizer.json");

  // The same name again points at the new content.
  const ArtifactInfo v2 = store->artifacts().Log(run, "model.pt", dir.Write("model-v2.pt", "hello, world"));
  arts = store->artifacts().OfRun(run);
  ASSERT_EQ(arts.size(), 2u);
  EXPECT_EQ(arts[0].sha256, v2.sha256);
  EXPECT_EQ(arts[0].size, 12);
}

TEST(ArtifactsTest, Errors) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  const std::string run = store->runs().Create("r", "", "").id;
  std::string message;
  const std::string missing = dir.File("no-such-checkpoint.pt");
  EXPECT_EQ(test::ErrorCodeOf([&] { store->artifacts().Put(missing); }, &message), ErrorCode::kNotFound);
  EXPECT_NE(message.find(missing), std::string::npos) << message;
  EXPECT_EQ(test::ErrorCodeOf([&] { store->artifacts().Log(run, "x", missing); }), ErrorCode::kNotFound);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->artifacts().Put(dir.path()); }), ErrorCode::kInvalidInput);  // a folder

  const std::string sha = store->artifacts().Put(dir.Write("a", "hello"));
  EXPECT_EQ(test::ErrorCodeOf([&] { store->artifacts().Link(run, "a", sha, 6); }, &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("5 bytes"), std::string::npos) << message;
  EXPECT_EQ(test::ErrorCodeOf([&] { store->artifacts().Link(run, "a", std::string(64, 'f'), 5); }), ErrorCode::kNotFound);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->artifacts().Link(run, "a", "abc", 5); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->artifacts().Link(run, "", sha, 5); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->artifacts().Link("00000000", "a", sha, 5); }), ErrorCode::kNotFound);
  EXPECT_EQ(test::ErrorCodeOf([&] { store->artifacts().Path(std::string(64, 'A')); }), ErrorCode::kInvalidInput);
  EXPECT_TRUE(store->artifacts().OfRun(run).empty());
}

TEST(EvaluationsTest, RecordAndFilter) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  bool created;
  DatasetSnapshot snap;
  snap.name = "ko-test";
  snap.hash = std::string(64, 'a');
  const int64_t test_set = store->datasets().Record(snap, &created).id;
  snap.name = "en-test";
  snap.hash = std::string(64, 'b');
  const int64_t other_set = store->datasets().Record(snap, &created).id;
  const std::string run = store->runs().Create("r", "", "").id;
  const std::string report = store->artifacts().Put(dir.Write("report.json", "{\"utterances\": []}"));

  EvaluationRecord e;
  e.run_id = run;
  e.model = "runs/" + run + "/best.pt";
  e.dataset_id = test_set;
  e.metrics = ParseMetricMap(R"({"wer": 0.31, "cer": 0.12})", "evaluation metrics");
  e.report_sha256 = report;
  const int64_t first = store->evaluations().Record(e);
  EvaluationRecord untied;
  untied.model = "nemo-tiny.nemo";
  untied.dataset_id = test_set;
  untied.metrics = ParseMetricMap(R"({"cer": 0.2})", "evaluation metrics");
  const int64_t second = store->evaluations().Record(untied);
  EXPECT_GT(second, first);

  const auto of_run = store->evaluations().List(run, 0);
  ASSERT_EQ(of_run.size(), 1u);
  EXPECT_EQ(of_run[0].id, first);
  EXPECT_EQ(of_run[0].model, e.model);
  EXPECT_EQ(of_run[0].report_sha256, report);
  EXPECT_EQ(of_run[0].metrics, e.metrics);
  EXPECT_TRUE(ParseUtcIso8601(of_run[0].created_at).has_value());
  const auto of_set = store->evaluations().List("", test_set);
  ASSERT_EQ(of_set.size(), 2u);
  EXPECT_EQ(of_set[0].id, second);  // newest first
  EXPECT_TRUE(of_set[0].run_id.empty());
  EXPECT_TRUE(of_set[0].report_sha256.empty());
  EXPECT_EQ(store->evaluations().List(run, test_set).size(), 1u);
  EXPECT_TRUE(store->evaluations().List("", other_set).empty());
  EXPECT_EQ(store->evaluations().List("", 0).size(), 2u);
}

TEST(EvaluationsTest, Errors) {
  test::TempDir dir;
  auto store = Store::Open(dir.path());
  bool created;
  DatasetSnapshot snap;
  snap.name = "ko-test";
  snap.hash = std::string(64, 'a');
  EvaluationRecord e;
  e.model = "m";
  e.dataset_id = store->datasets().Record(snap, &created).id;
  e.metrics = ParseMetricMap("{\"cer\": 0.1}", "evaluation metrics");
  const auto with = [&](const std::function<void(EvaluationRecord&)>& change) {
    EvaluationRecord copy = e;
    change(copy);
    return test::ErrorCodeOf([&] { store->evaluations().Record(copy); });
  };
  EXPECT_EQ(with([](EvaluationRecord& r) { r.model = ""; }), ErrorCode::kInvalidInput);
  // Metrics are typed now: text that is not a JSON object is refused where it is parsed.
  EXPECT_EQ(test::ErrorCodeOf([] { ParseMetricMap("{cer: 0.1", "evaluation metrics"); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(test::ErrorCodeOf([] { ParseMetricMap("[0.1]", "evaluation metrics"); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(with([](EvaluationRecord& r) { r.dataset_id = 42; }), ErrorCode::kNotFound);
  EXPECT_EQ(with([](EvaluationRecord& r) { r.run_id = "00000000"; }), ErrorCode::kNotFound);
  EXPECT_EQ(with([](EvaluationRecord& r) { r.report_sha256 = std::string(64, '0'); }), ErrorCode::kNotFound);
  EXPECT_EQ(with([](EvaluationRecord& r) { r.report_sha256 = "xyz"; }), ErrorCode::kInvalidInput);
  EXPECT_TRUE(store->evaluations().List("", 0).empty());
}

}  // namespace
}  // namespace sori
