// One entry point per corpus format, called by ImportCorpus (import.cc) after it has
// validated the options, checked that `source` exists and made it absolute. `lang` is
// the resolved normalizer (ImportOptions::lang or the format's default). Layouts and
// rules are documented in data/import.h. Internal to src/data.
#pragma once

#include <string>

#include "data/import/import.h"

namespace sori {

ImportResult ImportKspon(const std::string& source, const ImportOptions& options,
                         const std::string& lang);
ImportResult ImportLibriSpeech(const std::string& source, const ImportOptions& options,
                               const std::string& lang);
ImportResult ImportKaldi(const std::string& source, const ImportOptions& options,
                         const std::string& lang);
ImportResult ImportFsdd(const std::string& source, const ImportOptions& options,
                        const std::string& lang);
ImportResult ImportFolder(const std::string& source, const ImportOptions& options,
                          const std::string& lang);
ImportResult ImportNemo(const std::string& source, const ImportOptions& options,
                        const std::string& lang);

// Throws Error(kInvalidInput) unless `source` is a directory, naming the format and
// what it expects (`expected`, e.g. "a Kaldi data dir holding wav.scp and text").
void RequireDirectory(const std::string& source, const std::string& format,
                      const std::string& expected);

}  // namespace sori
