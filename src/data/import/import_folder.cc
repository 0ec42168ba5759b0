// Generic folder importer: audio files with same-stem .txt transcripts, any depth.
// Layout and rules: data/import.h.
#include <string>
#include <vector>

#include "data/import/import_formats.h"
#include "data/import/import_pipeline.h"
#include "data/import/import_source.h"

namespace sori {

ImportResult ImportFolder(const std::string& source, const ImportOptions& options,
                          const std::string& lang) {
  RequireDirectory(source, "folder", "a folder of audio files with same-name .txt transcripts");
  ProblemList problems;
  const std::vector<std::string> files = WalkFiles(source, &problems);
  std::vector<ImportCandidate> candidates;
  for (const SidecarPair& pair :
       PairWithSidecars(files, AudioExtensions(), "audio file", &problems)) {
    // The id is the path below the source without its extension, so "a/1.wav" and
    // "b/1.wav" stay apart while "a/1.wav" and "a/1.flac" (one transcript) collide.
    std::string relative = pair.audio.substr(source.size());
    while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
    relative.resize(relative.size() - LowerExtension(relative).size());
    ImportCandidate c;
    c.id = relative;
    c.item = {pair.audio, 0};
    c.text_ref = {pair.transcript, 0};
    c.audio_path = pair.audio;
    c.text_file = pair.transcript;
    candidates.push_back(std::move(c));
  }
  FinishSettings settings;
  settings.lang = lang;
  return FinishImport(std::move(candidates), std::move(problems), options, settings);
}

}  // namespace sori
