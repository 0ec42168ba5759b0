#include "data/synth/espeak.h"

#include <algorithm>
#include <sstream>

#include "util/error.h"
#include "util/strings.h"
#include "util/subprocess.h"

namespace sori {

std::vector<std::string> EspeakVoice::Args() const {
  return {"-v", language + "+" + variant, "-p", std::to_string(pitch), "-s", std::to_string(rate)};
}

std::vector<std::string> ListEspeakVariants(const std::string& program) {
  const ProcessResult r = RunProcess({program, "--voices=variant"}, 30);
  if (r.exit_code != 0) {
    throw Error(ErrorCode::kIo, "'" + program + " --voices=variant' failed: " + Trim(r.err));
  }
  std::vector<std::string> variants;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t at = line.find("!v/");
    if (at == std::string::npos) continue;  // the header line
    const std::string name = Trim(line.substr(at + 3));
    if (name.empty() || name.find(' ') != std::string::npos || name == "fast") continue;
    variants.push_back(name);
  }
  std::sort(variants.begin(), variants.end());
  variants.erase(std::unique(variants.begin(), variants.end()), variants.end());
  if (variants.empty()) {
    throw Error(ErrorCode::kNotFound, "'" + program + "' lists no voice variants");
  }
  return variants;
}

std::string EspeakVersion(const std::string& program) {
  try {
    const ProcessResult r = RunProcess({program, "--version"}, 30);
    if (r.exit_code != 0) return "";
    const std::string line = Trim(r.out);
    return Trim(line.substr(0, line.find("Data at:")));  // drop the data path it appends
  } catch (const Error&) {
    return "";
  }
}

std::string SpeakToWav(const EspeakVoice& voice, const std::string& text, const std::string& program) {
  std::vector<std::string> argv = {program};
  for (auto& a : voice.Args()) argv.push_back(a);
  argv.push_back("--stdout");
  argv.push_back("--");  // text that starts with '-' is text, not an option
  argv.push_back(text);
  const ProcessResult r = RunProcess(argv, 120, size_t{256} << 20);
  if (r.exit_code != 0 || r.out.size() < 44) {
    throw Error(ErrorCode::kInvalidInput, "espeak-ng failed (voice " + voice.language + "+" + voice.variant +
                                              ", exit " + std::to_string(r.exit_code) + ") on '" + text +
                                              "': " + Trim(r.err));
  }
  return r.out;
}

}  // namespace sori
