// KsponSpeech importer: a folder of .pcm + CP949 .txt pairs, or a .trn script.
// Layout and rules: data/import.h.
#include <filesystem>
#include <string>
#include <vector>

#include "data/import/import_formats.h"
#include "data/import/import_pipeline.h"
#include "data/import/import_source.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr std::string_view kSeparator = " :: ";

ImportResult ImportKsponFolder(const std::string& root, const ImportOptions& options,
                               const std::string& lang) {
  ProblemList problems;
  const std::vector<std::string> files = WalkFiles(root, &problems);
  std::vector<ImportCandidate> candidates;
  for (const SidecarPair& pair : PairWithSidecars(files, {".pcm"}, ".pcm file", &problems)) {
    ImportCandidate c;
    c.id = FileStem(pair.audio);
    c.item = {pair.audio, 0};
    c.text_ref = {pair.transcript, 0};
    c.audio_path = pair.audio;
    c.text_file = pair.transcript;
    c.lang = "ko";
    candidates.push_back(std::move(c));
  }
  FinishSettings settings;
  settings.lang = lang;
  return FinishImport(std::move(candidates), std::move(problems), options, settings);
}

// The audio a script line names: as written, then without its first component (the
// eval scripts say "KsponSpeech_eval/eval_clean/..." but the eval zip unpacks to
// "eval_clean/..."). Returns "" and the paths tried if neither exists.
std::string FindScriptAudio(const std::string& base, const std::string& path,
                            std::vector<std::string>* tried) {
  const std::string as_written = ResolveRelativeTo(base, path);
  if (PathExists(as_written)) return as_written;
  tried->push_back(as_written);
  const std::filesystem::path p(path);
  if (p.is_relative()) {
    const size_t slash = path.find('/');
    if (slash != std::string::npos && slash + 1 < path.size()) {
      const std::string stripped = ResolveRelativeTo(base, path.substr(slash + 1));
      if (PathExists(stripped)) return stripped;
      tried->push_back(stripped);
    }
  }
  return "";
}

ImportResult ImportKsponScript(const std::string& trn, const ImportOptions& options,
                               const std::string& lang) {
  ProblemList problems;
  const std::string contents = ReadSourceFile(trn);
  const std::string base =
      options.audio_root.empty() ? ParentDir(trn) : AbsolutePath(options.audio_root);

  struct ScriptLine {
    SourceLine line;
    std::string path;
    std::string_view transcript;
    size_t transcript_offset = 0;  // in the line
  };
  std::vector<ScriptLine> parsed;
  std::vector<std::string_view> transcripts;
  for (const SourceLine& line : SplitLines(contents)) {
    // Blank lines (the final newline, gaps) are no utterance.
    if (TrimView(line.text).empty()) continue;
    const size_t sep = line.text.find(kSeparator);
    const std::string path = sep == std::string_view::npos ? "" : Trim(line.text.substr(0, sep));
    if (path.empty()) {
      problems.Add({trn, line.number},
                   "expected '<path>.pcm :: <transcript>', got " + QuoteTranscript(line.text));
      continue;
    }
    const size_t text_start = sep + kSeparator.size();
    parsed.push_back({line, path, line.text.substr(text_start), text_start});
    transcripts.push_back(parsed.back().transcript);
  }

  const TextEncoding encoding =
      ChooseFileEncoding(transcripts, ParseTextEncoding(options.text_encoding));
  std::vector<ImportCandidate> candidates;
  for (const ScriptLine& s : parsed) {
    const ItemRef where{trn, s.line.number};
    std::vector<std::string> tried;
    const std::string audio = FindScriptAudio(base, s.path, &tried);
    if (audio.empty()) {
      problems.Add(where,
                   "audio not found: tried " + Join(tried, " and ") +
                       " (relative paths resolve against " + base +
                       "; set the audio root to the folder holding the KsponSpeech folders)");
      continue;
    }
    ImportCandidate c;
    c.id = FileStem(s.path);
    c.item = where;
    c.text_ref = where;
    c.audio_path = audio;
    c.lang = "ko";
    try {
      c.text = DecodeTranscript(s.transcript, encoding, s.transcript_offset);
    } catch (const Error& e) {
      problems.Add(where, e.what());
      continue;
    }
    candidates.push_back(std::move(c));
  }
  FinishSettings settings;
  settings.lang = lang;
  return FinishImport(std::move(candidates), std::move(problems), options, settings);
}

}  // namespace

ImportResult ImportKspon(const std::string& source, const ImportOptions& options,
                         const std::string& lang) {
  std::error_code ec;
  if (std::filesystem::is_directory(source, ec)) return ImportKsponFolder(source, options, lang);
  if (LowerExtension(source) == ".trn") return ImportKsponScript(source, options, lang);
  throw Error(
      ErrorCode::kInvalidInput,
      "'" + source +
          "' is neither a folder nor a .trn script; the kspon format expects "
          "a KsponSpeech folder (*.pcm with same-name *.txt) or a script such as train.trn");
}

}  // namespace sori
