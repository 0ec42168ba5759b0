#include "util/yaml_map.h"

#include <gtest/gtest.h>

#include "support/error_code.h"
#include "util/error.h"

namespace sori {
namespace {

using test::ErrorCodeOf;

// The message of the kInvalidInput error ParseYaml(text) throws.
std::string RefusalOf(const std::string& text) {
  std::string message;
  EXPECT_EQ(ErrorCodeOf([&] { ParseYaml(text, "train.yaml"); }, &message), ErrorCode::kInvalidInput);
  return message;
}

TEST(YamlDuplicateKeyTest, TopLevelDuplicateNamesTheKeyTheFileAndBothLines) {
  EXPECT_EQ(RefusalOf("name: a\nseed: 1\nname: b\n"),
            "'train.yaml': line 3: duplicate key 'name' (first at line 1); each key may appear once");
}

TEST(YamlDuplicateKeyTest, NestedDuplicatesNameTheirPath) {
  const std::string text =
      "training:\n"
      "  learning_rate: 0.001\n"
      "  epochs: 3\n"
      "  learning_rate: 0.1\n";
  EXPECT_EQ(RefusalOf(text),
            "'train.yaml': line 4: duplicate key 'training.learning_rate' (first at line 2); each key may appear once");
  EXPECT_NE(RefusalOf("a:\n  b: {x: 1, x: 2}\n").find("duplicate key 'a.b.x'"), std::string::npos);
  EXPECT_NE(RefusalOf("items:\n  - {k: 1}\n  - {k: 2, k: 3}\n").find("duplicate key 'items[1].k'"), std::string::npos);
  // Quoting does not make a key different.
  EXPECT_NE(RefusalOf("seed: 1\n\"seed\": 2\n").find("duplicate key 'seed'"), std::string::npos);
}

TEST(YamlDuplicateKeyTest, SameKeyInDifferentMappingsIsFine) {
  const YAML::Node root = ParseYaml(
      "train: {lr: 1, epochs: 2}\n"
      "val: {lr: 3}\n"
      "list: [{lr: 4}, {lr: 5}]\n"
      "anchor: &base {lr: 6}\n"
      "copy: *base\n",
      "ok.yaml");
  EXPECT_EQ(root["val"]["lr"].as<int>(), 3);
  EXPECT_EQ(root["copy"]["lr"].as<int>(), 6);
}

TEST(YamlDuplicateKeyTest, SyntaxErrorsStillNameTheFileAndLine) {
  const std::string message = RefusalOf("a: 1\nb: [unclosed\n");
  EXPECT_NE(message.find("'train.yaml' is not valid YAML: line"), std::string::npos) << message;
}

}  // namespace
}  // namespace sori
