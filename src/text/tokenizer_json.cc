#include "text/tokenizer_json.h"

#include <limits>

#include "text/tokenizer.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace {

constexpr uint64_t kMaxTokenizerJsonBytes = 64ull << 20;  // a char vocab of 1M entries fits

std::string JsonPath(const std::string& dir) { return ResolveRelativeTo(dir, kTokenizerJsonName); }

}  // namespace

void TokenizerJson::Fail(const std::string& field, const std::string& problem) const {
  throw Error(ErrorCode::kInvalidInput, path + ": field '" + field + "' " + problem);
}

const nlohmann::json& TokenizerJson::Required(const std::string& field) const {
  const auto it = json.find(field);
  if (it == json.end()) Fail(field, "is missing");
  return *it;
}

std::string TokenizerJson::String(const std::string& field) const {
  const nlohmann::json& v = Required(field);
  if (!v.is_string()) Fail(field, "must be a string, got " + v.dump());
  return v.get<std::string>();
}

bool TokenizerJson::Bool(const std::string& field, bool default_value) const {
  const auto it = json.find(field);
  if (it == json.end()) return default_value;
  if (!it->is_boolean()) Fail(field, "must be true or false, got " + it->dump());
  return it->get<bool>();
}

int TokenizerJson::Int(const std::string& field) const {
  const nlohmann::json& v = Required(field);
  if (!v.is_number_integer()) Fail(field, "must be an integer, got " + v.dump());
  const int64_t value = v.get<int64_t>();
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    Fail(field, "is out of range: " + v.dump());
  }
  return static_cast<int>(value);
}

std::vector<std::string> TokenizerJson::StringArray(const std::string& field) const {
  const nlohmann::json& v = Required(field);
  if (!v.is_array()) Fail(field, "must be an array of strings, got a " + std::string(v.type_name()));
  std::vector<std::string> out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      Fail(field, "must be an array of strings; entry " + std::to_string(i) + " is " + v[i].dump());
    }
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

TokenizerJson ReadTokenizerJson(const std::string& dir) {
  TokenizerJson file;
  file.path = JsonPath(dir);
  const std::string text = ReadFileToString(file.path, kMaxTokenizerJsonBytes);
  try {
    file.json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for 1e999
    throw Error(ErrorCode::kInvalidInput, file.path + ": not valid JSON: " + e.what());
  }
  if (!file.json.is_object()) {
    throw Error(ErrorCode::kInvalidInput,
                file.path + ": expected a JSON object, got a " + std::string(file.json.type_name()));
  }
  file.String("type");
  const int version = file.Int("version");
  if (version < 1) file.Fail("version", "must be >= 1, got " + std::to_string(version));
  if (version > kTokenizerFormatVersion) {
    throw Error(ErrorCode::kUnsupported,
                file.path + ": field 'version' is " + std::to_string(version) +
                    ", newer than this build of Sori understands (up to " +
                    std::to_string(kTokenizerFormatVersion) + ")");
  }
  return file;
}

void WriteTokenizerJson(const std::string& dir, const std::string& type, nlohmann::json fields) {
  fields["type"] = type;
  fields["version"] = kTokenizerFormatVersion;
  WriteFileAtomic(JsonPath(dir), fields.dump(2) + "\n");
}

}  // namespace sori
