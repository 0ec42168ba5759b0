// Reading and writing tokenizer.json (format in tokenizer.h): the shared envelope
// ("type", "version") and field readers whose errors name the file and the field, so
// every tokenizer reports a broken file the same way.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sori {

// A parsed tokenizer.json and the path it came from (for error messages).
struct TokenizerJson {
  std::string path;
  nlohmann::json json;

  // Throws Error(kInvalidInput): "<path>: field '<field>' <problem>".
  [[noreturn]] void Fail(const std::string& field, const std::string& problem) const;

  const nlohmann::json& Required(const std::string& field) const;
  std::string String(const std::string& field) const;
  bool Bool(const std::string& field, bool default_value) const;
  int Int(const std::string& field) const;
  std::vector<std::string> StringArray(const std::string& field) const;
};

// Reads dir/tokenizer.json; checks that it is a JSON object with a string "type" and an
// integer "version" no newer than kTokenizerFormatVersion.
TokenizerJson ReadTokenizerJson(const std::string& dir);

// Adds "type" and "version" to `fields` and writes dir/tokenizer.json atomically.
void WriteTokenizerJson(const std::string& dir, const std::string& type, nlohmann::json fields);

}  // namespace sori
