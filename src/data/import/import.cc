#include "data/import/import.h"

#include <filesystem>

#include "data/import/import_formats.h"
#include "data/import/import_source.h"
#include "data/import/text_encoding.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

struct FormatInfo {
  const char* name;
  const char* default_lang;  // "" keeps text as it is
  ImportResult (*import)(const std::string&, const ImportOptions&, const std::string&);
};

const FormatInfo kFormats[] = {
    {"kspon", "ko", ImportKspon},     {"librispeech", "en", ImportLibriSpeech},
    {"kaldi", "none", ImportKaldi},   {"fsdd", "en", ImportFsdd},
    {"folder", "none", ImportFolder}, {"nemo", "", ImportNemo},
};

}  // namespace

void ImportOptions::Validate() const {
  if (!lang.empty() && lang != "ko" && lang != "en" && lang != "none") {
    throw Error(ErrorCode::kInvalidInput,
                "import lang must be ko, en or none (or empty for the format's default), got '" +
                    lang + "'");
  }
  ParseTextEncoding(text_encoding);
  if (threads < 1) {
    throw Error(ErrorCode::kInvalidInput,
                "import threads must be >= 1, got " + std::to_string(threads));
  }
  decode.Validate();
}

std::vector<std::string> ImportFormats() {
  std::vector<std::string> names;
  for (const auto& f : kFormats) names.emplace_back(f.name);
  return names;
}

void RequireDirectory(const std::string& source, const std::string& format,
                      const std::string& expected) {
  std::error_code ec;
  if (!std::filesystem::is_directory(source, ec)) {
    throw Error(ErrorCode::kInvalidInput,
                "'" + source + "' is not a folder; the " + format + " format expects " + expected);
  }
}

ImportResult ImportCorpus(const std::string& format, const std::string& source,
                          const ImportOptions& options) {
  const FormatInfo* info = nullptr;
  for (const auto& f : kFormats) {
    if (format == f.name) info = &f;
  }
  if (info == nullptr) {
    throw Error(ErrorCode::kInvalidInput,
                "unknown import format '" + format + "'; accepted: " + Join(ImportFormats(), ", "));
  }
  options.Validate();
  if (source.empty() || !PathExists(source)) {
    throw Error(ErrorCode::kNotFound, "corpus source not found: '" + source + "'");
  }
  if (!options.audio_root.empty() && !PathExists(options.audio_root)) {
    throw Error(ErrorCode::kNotFound, "audio root not found: '" + options.audio_root + "'");
  }
  const std::string lang = options.lang.empty() ? info->default_lang : options.lang;
  return info->import(AbsolutePath(source), options, lang);
}

}  // namespace sori
