// Strict reading of YAML configuration: every key must be known. A YamlMap wraps one
// mapping node, remembers which keys were read, and Finish() rejects the rest, so a typo
// like `lerning_rate` is an error naming `training.lerning_rate` and the accepted keys
// instead of a silently ignored setting. Type errors name the key and the expected type.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sori {

class YamlMap {
 public:
  // `node` must be a map (or null/absent: an empty map). `path` prefixes key names in
  // errors ("training"); empty at the top level.
  YamlMap(const YAML::Node& node, std::string path);

  bool Has(const std::string& key) const;
  // Each Get leaves *out unchanged when the key is absent (so defaults stay).
  void Get(const std::string& key, std::string* out);
  void Get(const std::string& key, bool* out);
  void Get(const std::string& key, int* out);
  void Get(const std::string& key, int64_t* out);
  void Get(const std::string& key, uint64_t* out);
  void Get(const std::string& key, double* out);
  void Get(const std::string& key, std::vector<double>* out);
  void Get(const std::string& key, std::vector<std::string>* out);
  // A nested map (empty if absent). Call Finish() on it too.
  YamlMap Map(const std::string& key);
  // Marks a key as known without reading it (e.g. NeMo's `_target_`).
  void Ignore(const std::string& key);

  // Throws Error(kInvalidInput) for the first key that was never read.
  void Finish() const;
  const std::string& path() const { return path_; }

 private:
  std::string Key(const std::string& key) const;
  // The scalar under `key` as text; nullopt when absent or null.
  std::optional<std::string> Scalar(const std::string& key, const char* type);
  YAML::Node node_;
  std::string path_;
  std::set<std::string> read_;
};

// Parses YAML text; errors name `name` and the line. A key written twice in one mapping
// is an error (see yaml_duplicate_keys.h), not a silent "first one wins".
YAML::Node ParseYaml(const std::string& text, const std::string& name);

}  // namespace sori
