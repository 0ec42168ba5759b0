// A package's language model: saved and loaded with it, checked against its tokenizer,
// and used by the Recognizer as the package says (beam, weight, bonus) unless told
// otherwise. The tiny random-weight model tests the plumbing; the quickstart and
// bench/lm_accuracy.sh measure what the LM does for accuracy.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "infer/recognizer.h"
#include "model/package.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "tiny_package.h"
#include "util/fs.h"

namespace sori {
namespace {

using test::ErrorCodeOf;

class LanguageModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<test::TempDir>();
    test::WriteTinyPackage(dir_->File("plain"));
    LoadedModel m = LoadModelPackage(dir_->File("plain"));
    std::vector<std::vector<int>> sentences;
    for (const char* s : {"abc de", "abc", "de de abc", "ed cab"}) sentences.push_back(m.tokenizer->Encode(s));
    lm_ = std::make_shared<const NgramLm>(NgramLm::Build(sentences, m.tokenizer->vocab_size(), 3));
    PackageLm with;
    with.lm = lm_;
    with.weight = 0.7f;
    with.bonus = 1.5f;
    with.beam = 6;
    with.info = {{"source", "test sentences"}, {"order", 99}};  // "order" is the LM's own, not overridable
    SaveModelPackage(dir_->File("with_lm"), m.config, m.model, *m.tokenizer, nlohmann::json::object(),
                     nlohmann::json::object(), {}, with);
  }
  static void TearDownTestSuite() { dir_.reset(); }

  // A copy of the package with an LM, for breaking.
  std::string Copy(const std::string& name) {
    const std::string to = dir_->File(name);
    std::filesystem::remove_all(to);
    std::filesystem::copy(dir_->File("with_lm"), to, std::filesystem::copy_options::recursive);
    return to;
  }
  static void EditModelJson(const std::string& pkg, const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = nlohmann::json::parse(ReadFileToString(pkg + "/model.json", 1 << 20));
    edit(j);
    WriteFileAtomic(pkg + "/model.json", j.dump(2));
  }

  static inline std::unique_ptr<test::TempDir> dir_;
  static inline std::shared_ptr<const NgramLm> lm_;
};

TEST_F(LanguageModelTest, PackageCarriesItsLanguageModelAndSettings) {
  const LoadedModel m = LoadModelPackage(dir_->File("with_lm"));
  ASSERT_TRUE(m.lm.lm);
  EXPECT_FLOAT_EQ(m.lm.weight, 0.7f);
  EXPECT_FLOAT_EQ(m.lm.bonus, 1.5f);
  EXPECT_EQ(m.lm.beam, 6);
  EXPECT_EQ(m.lm.lm->order(), 3);
  EXPECT_EQ(m.metadata["lm"]["order"], 3);
  EXPECT_EQ(m.metadata["lm"]["source"], "test sentences");
  EXPECT_EQ(m.metadata["lm"]["file"], "lm.arpa");
  const std::vector<int> h = m.tokenizer->Encode("abc d");
  for (int w = -1; w < m.tokenizer->vocab_size(); ++w) EXPECT_NEAR(m.lm.lm->LogProb(h, w), lm_->LogProb(h, w), 1e-5);
  // A package without one has none.
  EXPECT_FALSE(LoadModelPackage(dir_->File("plain")).lm.lm);
}

TEST_F(LanguageModelTest, RecognizerDecodesAsThePackageSaysUnlessTold) {
  Recognizer r(dir_->File("with_lm"));
  RecognizerOptions defaults;
  EXPECT_EQ(r.EffectiveBeam(defaults), 6);
  EXPECT_TRUE(r.UsesLanguageModel(defaults));
  RecognizerOptions off;
  off.lm_weight = 0.0f;
  EXPECT_FALSE(r.UsesLanguageModel(off));
  RecognizerOptions greedy;
  greedy.beam = 1;
  EXPECT_FALSE(r.UsesLanguageModel(greedy));
  const Recognizer plain(dir_->File("plain"));
  EXPECT_EQ(plain.EffectiveBeam(defaults), 1);
  EXPECT_FALSE(plain.UsesLanguageModel(defaults));

  const std::vector<float> audio = test::TestSignal(4.0, 3);
  // The same weights: without the LM the package decodes as the plain one at that beam.
  RecognizerOptions beam6;
  beam6.beam = 6;
  off.beam = 6;
  EXPECT_EQ(r.Transcribe({audio}, off).at(0).text, plain.Transcribe({audio}, beam6).at(0).text);
  // LogProbs + Decode is Transcribe in two steps.
  const Transcript t = r.Transcribe({audio}).at(0);
  const std::vector<at::Tensor> lp = r.LogProbs({audio, std::vector<float>(10, 0.0f)});
  ASSERT_EQ(lp.size(), 2u);
  EXPECT_EQ(lp[1].size(0), 0);  // shorter than a frame: no frames
  const auto hyps = r.Decode(lp[0].unsqueeze(0), at::full({1}, lp[0].size(0), at::kLong), defaults);
  EXPECT_EQ(hyps.at(0).tokens, t.hypothesis.tokens);
  // A heavy LM (and bonus) steers the transcript towards its sentences' letters.
  RecognizerOptions heavy;
  heavy.lm_weight = 10.0f;
  heavy.lm_bonus = 0.0f;
  EXPECT_NE(r.Transcribe({audio}, heavy).at(0).text, r.Transcribe({audio}, off).at(0).text);

  // An LM of another vocabulary is refused; an empty one removes the package's.
  PackageLm other;
  other.lm = std::make_shared<const NgramLm>(NgramLm::Build({{0, 1}}, 9, 2));
  EXPECT_EQ(ErrorCodeOf([&] { r.UseLanguageModel(other); }), ErrorCode::kInvalidInput);
  r.UseLanguageModel({});
  EXPECT_FALSE(r.UsesLanguageModel(defaults));
  EXPECT_EQ(r.EffectiveBeam(defaults), 1);
}

TEST_F(LanguageModelTest, BrokenLanguageModelsInAPackageAreRefusedNamingThePackage) {
  struct Case {
    std::string name;
    std::function<void(const std::string&)> breakit;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"weight", [](const std::string& p) { EditModelJson(p, [](nlohmann::json& j) { j["lm"]["weight"] = 50; }); },
       "weight must be in [0, 10]"},
      {"beam", [](const std::string& p) { EditModelJson(p, [](nlohmann::json& j) { j["lm"]["beam"] = 1; }); },
       "beam must be in [2, 256]"},
      {"no bonus", [](const std::string& p) { EditModelJson(p, [](nlohmann::json& j) { j["lm"].erase("bonus"); }); },
       "model.json: lm:"},
      {"other file", [](const std::string& p) { EditModelJson(p, [](nlohmann::json& j) { j["lm"]["file"] = "../x"; }); },
       "lm.file must be"},
      {"missing file", [](const std::string& p) { std::filesystem::remove(p + "/lm.arpa"); }, "no language model file"},
      {"other vocabulary",
       [](const std::string& p) {
         std::string text = ReadFileToString(p + "/lm.arpa", 1 << 24);
         text.replace(text.find("vocab_sha256=") + 13, 8, "00000000");
         WriteFileAtomic(p + "/lm.arpa", text);
       },
       "another vocabulary"},
      {"truncated",
       [](const std::string& p) {
         const std::string text = ReadFileToString(p + "/lm.arpa", 1 << 24);
         WriteFileAtomic(p + "/lm.arpa", text.substr(0, text.size() / 2));
       },
       "lm.arpa:"},
  };
  for (const Case& c : cases) {
    const std::string pkg = Copy("broken");
    c.breakit(pkg);
    std::string message;
    EXPECT_EQ(ErrorCodeOf([&] { LoadModelPackage(pkg); }, &message), ErrorCode::kInvalidInput) << c.name;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.name << ": " << message;
    EXPECT_NE(message.find("model package '" + pkg + "'"), std::string::npos) << c.name << ": " << message;
  }
}

}  // namespace
}  // namespace sori
