// Logging setup: spdlog to stderr, so stdout stays clean for command output that
// scripts parse (JSON, tables, transcripts).
#pragma once

#include <string>

namespace sori {

// level: trace|debug|info|warn|error|off. Throws Error(kInvalidInput) on other names.
void SetupLogging(const std::string& level);

}  // namespace sori
