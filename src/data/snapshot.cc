#include "data/snapshot.h"

#include <map>
#include <nlohmann/json.hpp>

#include "util/error.h"
#include "util/parallel.h"
#include "util/progress.h"
#include "util/sha256.h"

namespace sori {

DatasetHash HashDataset(const Manifest& manifest, int threads, bool show_progress) {
  // Each distinct file is hashed once, in parallel.
  std::map<std::string, size_t> index;
  std::vector<std::string> files;
  for (const auto& e : manifest.entries) {
    if (index.emplace(e.audio_filepath, files.size()).second) files.push_back(e.audio_filepath);
  }
  std::vector<std::string> file_hash(files.size());
  std::vector<uint64_t> file_bytes(files.size());
  {
    ProgressBar progress("hash", files.size(), "files");
    if (!show_progress) progress.set_mode(ProgressBar::Mode::kSilent);
    ParallelFor(files.size(), threads, [&](size_t i) {
      file_hash[i] = Sha256File(files[i], &file_bytes[i]);
      progress.Add();
    });
  }

  Sha256 h;
  DatasetHash out;
  for (const auto& e : manifest.entries) {
    nlohmann::json canonical = nlohmann::json::object();  // std::map: keys sorted
    for (auto it = e.extra.begin(); it != e.extra.end(); ++it) canonical[it.key()] = it.value();
    canonical["audio_sha256"] = file_hash[index.at(e.audio_filepath)];
    canonical["duration"] = e.duration;
    canonical["offset"] = e.offset;
    canonical["text"] = e.text;
    if (e.lang) canonical["lang"] = *e.lang;
    if (e.speaker) canonical["speaker"] = *e.speaker;
    h.Update(canonical.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict));
    h.Update("\n");
    out.hours += e.duration / 3600.0;
  }
  out.hash = h.HexDigest();
  out.utterances = static_cast<int64_t>(manifest.entries.size());
  for (uint64_t b : file_bytes) out.audio_bytes += static_cast<int64_t>(b);
  return out;
}

}  // namespace sori
