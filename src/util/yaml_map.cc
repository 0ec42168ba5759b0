#include "util/yaml_map.h"

#include <cmath>
#include <limits>

#include "util/error.h"
#include "util/strings.h"
#include "util/yaml_duplicate_keys.h"

namespace sori {

YAML::Node ParseYaml(const std::string& text, const std::string& name) {
  RejectDuplicateYamlKeys(text, name);
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "' is not valid YAML: line " + std::to_string(e.mark.line + 1) +
                                              ": " + e.msg);
  }
}

YamlMap::YamlMap(const YAML::Node& node, std::string path) : node_(node), path_(std::move(path)) {
  if (node_ && !node_.IsNull() && !node_.IsMap()) {
    throw Error(ErrorCode::kInvalidInput,
                (path_.empty() ? std::string("the configuration") : "'" + path_ + "'") + " must be a mapping of keys to values");
  }
}

std::string YamlMap::Key(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

bool YamlMap::Has(const std::string& key) const { return node_ && node_.IsMap() && node_[key] && !node_[key].IsNull(); }

void YamlMap::Ignore(const std::string& key) { read_.insert(key); }

std::optional<std::string> YamlMap::Scalar(const std::string& key, const char* type) {
  read_.insert(key);
  if (!Has(key)) return std::nullopt;
  const YAML::Node v = node_[key];
  if (!v.IsScalar()) throw Error(ErrorCode::kInvalidInput, Key(key) + ": expected " + type + ", got a " + (v.IsMap() ? "mapping" : "list"));
  return v.as<std::string>();
}

void YamlMap::Get(const std::string& key, std::string* out) {
  if (const auto v = Scalar(key, "a string")) *out = *v;
}

void YamlMap::Get(const std::string& key, bool* out) {
  const auto v = Scalar(key, "true or false");
  if (!v) return;
  const std::string s = AsciiLower(*v);
  if (s == "true" || s == "yes" || s == "on") {
    *out = true;
  } else if (s == "false" || s == "no" || s == "off") {
    *out = false;
  } else {
    throw Error(ErrorCode::kInvalidInput, Key(key) + ": expected true or false, got '" + *v + "'");
  }
}

void YamlMap::Get(const std::string& key, double* out) {
  const auto v = Scalar(key, "a number");
  if (!v) return;
  const std::string s = *v;
  try {
    size_t used = 0;
    const double d = std::stod(s, &used);
    if (used != s.size() || !std::isfinite(d)) throw std::invalid_argument(s);
    *out = d;
  } catch (const std::exception&) {
    throw Error(ErrorCode::kInvalidInput, Key(key) + ": expected a number, got '" + s + "'");
  }
}

void YamlMap::Get(const std::string& key, int64_t* out) {
  const auto v = Scalar(key, "an integer");
  if (!v) return;
  const std::string s = *v;
  try {
    size_t used = 0;
    const long long n = std::stoll(s, &used);
    if (used != s.size()) throw std::invalid_argument(s);
    *out = n;
  } catch (const std::exception&) {
    throw Error(ErrorCode::kInvalidInput, Key(key) + ": expected an integer, got '" + s + "'");
  }
}

void YamlMap::Get(const std::string& key, int* out) {
  int64_t v = *out;
  Get(key, &v);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    throw Error(ErrorCode::kInvalidInput, Key(key) + ": " + std::to_string(v) + " is out of range");
  }
  *out = static_cast<int>(v);
}

void YamlMap::Get(const std::string& key, uint64_t* out) {
  int64_t v = static_cast<int64_t>(*out);
  Get(key, &v);
  if (v < 0) throw Error(ErrorCode::kInvalidInput, Key(key) + ": must be >= 0, got " + std::to_string(v));
  *out = static_cast<uint64_t>(v);
}

void YamlMap::Get(const std::string& key, std::vector<double>* out) {
  read_.insert(key);
  if (!Has(key)) return;
  const YAML::Node v = node_[key];
  if (!v.IsSequence()) throw Error(ErrorCode::kInvalidInput, Key(key) + ": expected a list of numbers");
  std::vector<double> values;
  for (size_t i = 0; i < v.size(); ++i) {
    YAML::Node wrapper;
    wrapper["x"] = v[i];
    YamlMap item(wrapper, Key(key) + "[" + std::to_string(i) + "]");
    double d = 0;
    item.Get("x", &d);
    values.push_back(d);
  }
  *out = values;
}

void YamlMap::Get(const std::string& key, std::vector<std::string>* out) {
  read_.insert(key);
  if (!Has(key)) return;
  const YAML::Node v = node_[key];
  if (!v.IsSequence()) throw Error(ErrorCode::kInvalidInput, Key(key) + ": expected a list of strings");
  std::vector<std::string> values;
  for (const auto& item : v) {
    if (!item.IsScalar()) throw Error(ErrorCode::kInvalidInput, Key(key) + ": expected a list of strings");
    values.push_back(item.as<std::string>());
  }
  *out = values;
}

YamlMap YamlMap::Map(const std::string& key) {
  read_.insert(key);
  return YamlMap(Has(key) ? node_[key] : YAML::Node(), Key(key));
}

void YamlMap::Finish() const {
  if (!node_ || !node_.IsMap()) return;
  for (const auto& kv : node_) {
    const std::string key = kv.first.as<std::string>();
    if (read_.count(key)) continue;
    std::vector<std::string> known(read_.begin(), read_.end());
    throw Error(ErrorCode::kInvalidInput, "unknown key '" + Key(key) + "' (known keys" +
                                              (path_.empty() ? "" : " of '" + path_ + "'") + ": " +
                                              Join(known, ", ") + ")");
  }
}

}  // namespace sori
