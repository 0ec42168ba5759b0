#include "data/import/import_source.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <utility>

#include "util/fs.h"
#include "util/strings.h"

namespace sori {
namespace fs = std::filesystem;
namespace {

bool IsSpaceByte(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Folder + stem: the key that pairs "d/a.wav" with "d/a.txt".
std::string PairKey(const std::string& path) { return ParentDir(path) + "/" + FileStem(path); }

}  // namespace

std::string AbsolutePath(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  if (ec) abs = fs::path(path);
  std::string out = abs.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();  // "/c/x/" -> "/c/x"
  return out;
}

bool PathExists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

std::vector<std::string> WalkFiles(const std::string& root, ProblemList* problems) {
  std::vector<std::string> files;
  std::set<std::pair<dev_t, ino_t>> visited;
  std::vector<std::string> pending = {root};
  while (!pending.empty()) {
    const std::string dir = std::move(pending.back());
    pending.pop_back();
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      problems->Add({dir, 0}, std::string("cannot read directory: ") + std::strerror(errno));
      continue;
    }
    if (!visited.insert({st.st_dev, st.st_ino}).second) continue;  // reached again by a link
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    const fs::directory_iterator end;
    std::vector<std::string> subdirs;
    for (; !ec && it != end; it.increment(ec)) {
      const std::string path = it->path().string();
      std::error_code status_ec;
      const fs::file_status status = it->status(status_ec);  // follows links
      if (!status_ec && fs::is_directory(status)) {
        subdirs.push_back(path);
      } else if (status_ec || !fs::exists(status) || fs::is_regular_file(status)) {
        files.push_back(path);
      }
      // Sockets, FIFOs and devices are not corpus files.
    }
    if (ec) problems->Add({dir, 0}, "cannot read directory: " + ec.message());
    // Smallest name on top of the stack: when two links reach one folder, the path
    // it is listed under does not depend on the order the file system returns names.
    std::sort(subdirs.rbegin(), subdirs.rend());
    for (auto& s : subdirs) pending.push_back(std::move(s));
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string FileName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string FileStem(std::string_view path) {
  std::string name = FileName(path);
  const size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

std::string LowerExtension(std::string_view path) {
  const std::string name = FileName(path);
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) return "";
  return AsciiLower(std::string_view(name).substr(dot));
}

const std::set<std::string>& AudioExtensions() {
  static const std::set<std::string> kExtensions = {".wav",  ".flac", ".ogg",
                                                    ".opus", ".mp3",  ".pcm"};
  return kExtensions;
}

std::vector<SidecarPair> PairWithSidecars(const std::vector<std::string>& files,
                                          const std::set<std::string>& audio_extensions,
                                          const std::string& audio_names, ProblemList* problems) {
  std::map<std::string, std::vector<std::string>> transcripts;  // key -> .txt files
  std::vector<std::string> audio;
  for (const std::string& f : files) {
    const std::string ext = LowerExtension(f);
    if (ext == ".txt") {
      transcripts[PairKey(f)].push_back(f);
    } else if (audio_extensions.count(ext) != 0) {
      audio.push_back(f);
    }
  }
  std::set<std::string> used;
  std::vector<SidecarPair> pairs;
  for (const std::string& a : audio) {
    const std::string key = PairKey(a);
    const auto it = transcripts.find(key);
    if (it == transcripts.end()) {
      problems->Add({a, 0}, "audio without transcript: no " + FileStem(a) + ".txt next to it");
      continue;
    }
    used.insert(key);
    if (it->second.size() > 1) {
      std::vector<std::string> names;
      for (const auto& t : it->second) names.push_back(FileName(t));
      problems->Add({a, 0}, "ambiguous transcript: " + Join(names, " and ") +
                                " both exist next to it; keep one");
      continue;
    }
    pairs.push_back({a, it->second.front()});
  }
  for (const auto& [key, list] : transcripts) {
    if (used.count(key) != 0) continue;
    for (const std::string& t : list) {
      problems->Add({t, 0}, "transcript without audio: no " + audio_names + " named " +
                                FileStem(t) + " next to it");
    }
  }
  return pairs;
}

std::vector<SourceLine> SplitLines(std::string_view contents) {
  std::vector<SourceLine> lines;
  size_t pos = StartsWith(contents, "\xEF\xBB\xBF") ? 3 : 0;
  int64_t number = 0;
  while (pos < contents.size()) {
    size_t end = contents.find('\n', pos);
    if (end == std::string_view::npos) end = contents.size();
    std::string_view text = contents.substr(pos, end - pos);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    lines.push_back({++number, text, pos});
    pos = end + 1;
  }
  return lines;
}

std::string ReadSourceFile(const std::string& path) { return ReadFileToString(path, 4ull << 30); }

KeyedLine SplitKey(std::string_view line) {
  KeyedLine out;
  size_t i = 0;
  while (i < line.size() && IsSpaceByte(line[i])) ++i;
  size_t j = i;
  while (j < line.size() && !IsSpaceByte(line[j])) ++j;
  out.key = std::string(line.substr(i, j - i));
  while (j < line.size() && IsSpaceByte(line[j])) ++j;
  size_t k = line.size();
  while (k > j && IsSpaceByte(line[k - 1])) --k;
  out.rest = line.substr(j, k - j);
  out.rest_offset = j;
  return out;
}

}  // namespace sori
