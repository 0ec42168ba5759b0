// Free Spoken Digit Dataset importer: {digit}_{speaker}_{index}.wav, the transcript is
// the digit's English word. Layout and rules: data/import.h.
#include <string>
#include <string_view>
#include <vector>

#include "data/import/import_formats.h"
#include "data/import/import_pipeline.h"
#include "data/import/import_source.h"

namespace sori {
namespace {

const char* const kDigitWords[] = {"zero", "one", "two",   "three", "four",
                                   "five", "six", "seven", "eight", "nine"};

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsSpeakerName(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// "7_theo_12" -> digit 7, speaker "theo"; false if the stem does not match the pattern.
bool ParseFsddStem(const std::string& stem, int* digit, std::string* speaker) {
  const size_t first = stem.find('_');
  const size_t last = stem.rfind('_');
  if (first != 1 || last <= first + 1 || !AllDigits(stem.substr(0, 1))) return false;
  const std::string_view name = std::string_view(stem).substr(first + 1, last - first - 1);
  if (!IsSpeakerName(name) || !AllDigits(std::string_view(stem).substr(last + 1))) return false;
  *digit = stem[0] - '0';
  *speaker = std::string(name);
  return true;
}

}  // namespace

ImportResult ImportFsdd(const std::string& source, const ImportOptions& options,
                        const std::string& lang) {
  RequireDirectory(source, "fsdd", "a folder of {digit}_{speaker}_{index}.wav files");
  ProblemList problems;
  std::vector<ImportCandidate> candidates;
  for (const std::string& file : WalkFiles(source, &problems)) {
    const std::string ext = LowerExtension(file);
    if (AudioExtensions().count(ext) == 0) continue;  // README.md and the like
    const std::string stem = FileStem(file);
    int digit = 0;
    std::string speaker;
    if (ext != ".wav" || !ParseFsddStem(stem, &digit, &speaker)) {
      problems.Add({file, 0},
                   "not an FSDD file name (expected {digit}_{speaker}_{index}.wav, e.g. "
                   "0_jackson_0.wav)");
      continue;
    }
    ImportCandidate c;
    c.id = stem;
    c.item = {file, 0};
    c.text_ref = c.item;
    c.audio_path = file;
    c.text = kDigitWords[digit];
    c.speaker = speaker;
    c.lang = "en";
    candidates.push_back(std::move(c));
  }
  FinishSettings settings;
  settings.lang = lang;
  return FinishImport(std::move(candidates), std::move(problems), options, settings);
}

}  // namespace sori
