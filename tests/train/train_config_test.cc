#include "train/train_config.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

std::string ConfigsDir() { return std::string(SORI_SOURCE_DIR) + "/configs"; }

TEST(TrainConfigTest, EveryShippedConfigParses) {
  for (const char* size : {"tiny", "small", "medium", "large"}) {
    for (const char* lang : {"ko", "en"}) {
      const std::string path = ConfigsDir() + "/" + size + "-" + lang + ".yaml";
      const TrainConfig c = TrainConfig::FromYamlFile(path);
      EXPECT_EQ(c.name, std::string(size) + "-" + lang) << path;
      EXPECT_EQ(c.model.tokenizer.type, std::string(lang) == "ko" ? "jamo" : "spm") << path;
      // Relative manifest paths resolve against the YAML's folder.
      EXPECT_EQ(c.data.train_manifest, std::string(SORI_SOURCE_DIR) + "/corpus/" + lang + "-synth/train.jsonl") << path;
    }
  }
  const TrainConfig tiny = TrainConfig::FromYamlFile(ConfigsDir() + "/tiny-ko.yaml");
  EXPECT_EQ(tiny.model.encoder.d_model, 144);
  EXPECT_EQ(tiny.model.encoder.subsampling_conv_channels, 64);
  EXPECT_EQ(tiny.lm.order, 8);
  EXPECT_EQ(tiny.lm.beam, 8);
  // Without an lm section a run still gets a language model, of order 6.
  const TrainConfig plain = TrainConfig::FromYamlString("data: {train_manifest: t.jsonl, val_manifest: v.jsonl}\n", "p", "/c");
  EXPECT_EQ(plain.lm.order, 6);
  EXPECT_NE(plain.yaml.find("lm:"), std::string::npos);
  const TrainConfig none = TrainConfig::FromYamlString(plain.yaml + "", "p", "/c");
  EXPECT_EQ(none.yaml, plain.yaml);
}

TEST(TrainConfigTest, ResolvedYamlRoundTrips) {
  const TrainConfig a = TrainConfig::FromYamlFile(ConfigsDir() + "/small-en.yaml");
  const TrainConfig b = TrainConfig::FromYamlString(a.yaml, "resolved", "/elsewhere");
  EXPECT_EQ(b.yaml, a.yaml);
  EXPECT_EQ(b.data.train_manifest, a.data.train_manifest);  // already absolute
}

struct BadCase {
  const char* yaml;
  const char* needle;
};

class TrainConfigErrorTest : public ::testing::TestWithParam<BadCase> {};

const char* kMinimal =
    "data: {train_manifest: t.jsonl, val_manifest: v.jsonl}\n";

TEST_P(TrainConfigErrorTest, NamesTheKey) {
  try {
    TrainConfig::FromYamlString(std::string(kMinimal) + GetParam().yaml, "test.yaml", "/c");
    FAIL() << "expected an error for: " << GetParam().yaml;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().needle), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TrainConfigErrorTest,
    ::testing::Values(BadCase{"training: {lerning_rate: 0.1}\n", "unknown key 'training.lerning_rate'"},
                      BadCase{"model: {encoder: {d_modle: 3}}\n", "unknown key 'model.encoder.d_modle'"},
                      BadCase{"modle: {}\n", "unknown key 'modle'"},
                      BadCase{"training: {learning_rate: fast}\n", "training.learning_rate: expected a number"},
                      BadCase{"training: {max_epochs: 2.5}\n", "training.max_epochs: expected an integer"},
                      BadCase{"training: {scheduler: linear}\n", "training.scheduler"},
                      BadCase{"model: {encoder: {n_heads: 7}}\n", "encoder.n_heads"},
                      BadCase{"model: {tokenizer: {type: bytes}}\n", "model.tokenizer.type"},
                      BadCase{"training: {early_stopping: {monitor: accuracy}}\n", "training.early_stopping.monitor"},
                      BadCase{"training: {betas: [0.9]}\n", "training.betas"},
                      BadCase{"training: {batch_duration: 5}\n", "training.batch_duration"},
                      BadCase{"augmentation: {noise_aug: {prob: 3}}\n", "augmentation.noise_aug.prob"},
                      BadCase{"augmentation: {vtlp: {min_warp: 1.2, max_warp: 1.1}}\n", "augmentation.vtlp"},
                      BadCase{"augmentation: {vtlp: {enabled: true, boundary_hz: 9000}}\n", "augmentation.vtlp.boundary_hz"},
                      BadCase{"augmentation: {vtlp: {warp: 1.1}}\n", "unknown key 'augmentation.vtlp.warp'"},
                      BadCase{"training: {precision: 64}\n", "training.precision"},
                      BadCase{"lm: {order: 13}\n", "lm.order"},
                      BadCase{"lm: {beam: 1}\n", "lm.beam"},
                      BadCase{"lm: {weights: []}\n", "lm.weights"},
                      BadCase{"lm: {weights: [0.5, -1]}\n", "lm.weights"},
                      BadCase{"lm: {bonuses: [30]}\n", "lm.bonuses"},
                      BadCase{"lm: {weight: 1}\n", "unknown key 'lm.weight'"},
                      BadCase{"training: [1, 2]\n", "'training' must be a mapping"},
                      BadCase{"data: {}\n", "test.yaml': line 2: duplicate key 'data' (first at line 1)"}));

TEST(TrainConfigTest, MissingManifestsAndBadYaml) {
  EXPECT_THROW(TrainConfig::FromYamlString("name: x\n", "a.yaml", "/c"), Error);
  try {
    TrainConfig::FromYamlString("name: [unclosed\n", "broken.yaml", "/c");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("broken.yaml"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("line"), std::string::npos);
  }
}

TEST(TrainConfigTest, DuplicateKeysAreRefusedNotFirstOneWins) {
  // yaml-cpp alone would train at the first learning rate, PyYAML at the last.
  test::TempDir dir;
  const std::string path = dir.Write("train.yaml", std::string(kMinimal) +
                                                       "training:\n"
                                                       "  learning_rate: 0.001\n"
                                                       "  max_epochs: 3\n"
                                                       "  learning_rate: 0.1\n");
  for (const std::vector<std::string>& overrides : {std::vector<std::string>{}, {"training.max_epochs=4"}}) {
    try {
      TrainConfig::FromYamlFile(path, overrides, dir.path());
      FAIL() << "a duplicate learning_rate was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find("'" + path + "': line 5: duplicate key 'training.learning_rate' (first at line 3)"),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(TrainConfigTest, CommandLineOverrides) {
  const std::string tiny = ConfigsDir() + "/tiny-ko.yaml";
  const TrainConfig c = TrainConfig::FromYamlFile(
      tiny,
      {"training.learning_rate=5e-4", "training.betas=[0.8, 0.9]", "model.encoder.n_layers=2",
       "data.train_manifest=mine/train.jsonl", "augmentation.speed_perturb.enabled=true", "name=mine"},
      "/home/me");
  EXPECT_DOUBLE_EQ(c.training.learning_rate, 5e-4);
  EXPECT_EQ(c.training.betas, (std::vector<double>{0.8, 0.9}));
  EXPECT_EQ(c.model.encoder.n_layers, 2);
  EXPECT_EQ(c.model.encoder.d_model, 144);  // untouched keys keep the file's values
  EXPECT_EQ(c.data.train_manifest, "/home/me/mine/train.jsonl");  // where the user typed it
  EXPECT_EQ(c.data.val_manifest, std::string(SORI_SOURCE_DIR) + "/corpus/ko-synth/val.jsonl");
  EXPECT_TRUE(c.augmentation.speed_perturb.enabled);
  EXPECT_EQ(c.name, "mine");
  EXPECT_NE(c.yaml.find("learning_rate: 0.0005"), std::string::npos) << c.yaml;  // recorded as resolved

  const auto error_of = [&](const std::string& o) -> std::string {
    try {
      TrainConfig::FromYamlFile(tiny, {o}, "/");
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error_of("training.lerning_rate=1").find("unknown key 'training.lerning_rate'"), std::string::npos);
  EXPECT_NE(error_of("training.learning_rate").find("dotted.key=value"), std::string::npos);
  EXPECT_NE(error_of("name.x=1").find("not a mapping"), std::string::npos);
  EXPECT_NE(error_of("training.betas=[0.9").find("not valid YAML"), std::string::npos);
  EXPECT_NE(error_of("training.max_epochs=many").find("training.max_epochs: expected an integer"), std::string::npos);
}

}  // namespace
}  // namespace sori
