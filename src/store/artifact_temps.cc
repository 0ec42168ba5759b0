#include "store/artifact_temps.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <vector>

#include "util/strings.h"

namespace sori::store_internal {
namespace {

struct TempWriter {
  std::string host;
  int64_t pid = 0;
  int64_t start_ticks = 0;
};

std::optional<int64_t> ParseDecimal(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

// The writer named by ArtifactTempName; nullopt for any other name.
std::optional<TempWriter> ParseTempName(const std::string& name) {
  const size_t at = name.find('@');
  if (at == std::string::npos) return std::nullopt;
  const std::vector<std::string> parts = Split(std::string_view(name).substr(0, at), '.');
  if (parts.size() != 3 || !ParseDecimal(parts[2])) return std::nullopt;
  const auto pid = ParseDecimal(parts[0]);
  const auto ticks = ParseDecimal(parts[1]);
  if (!pid || !ticks) return std::nullopt;
  return TempWriter{name.substr(at + 1), *pid, *ticks};
}

// Why a temp file may go. A same-host writer is asked directly (ProcessIsGone: the
// machinery that marks dead runs `killed`); its pid and start time tell a live writer
// from a dead one however long a copy takes. That assumes one pid namespace per host
// name, as run tracking does. Other files only age out: the process that wrote them
// cannot be asked, and a copy in progress keeps its file's mtime fresh.
bool IsAbandoned(const std::string& name, const struct stat& st, const ProcessIdentity& self,
                 std::time_t now) {
  const std::optional<TempWriter> writer = ParseTempName(name);
  if (writer && writer->host == self.host && writer->pid > 0) {
    return ProcessIsGone(writer->pid, writer->start_ticks);
  }
  return now - st.st_mtime > kStaleArtifactTempSeconds;
}

}  // namespace

std::string ArtifactTempName(const ProcessIdentity& writer, uint64_t nonce) {
  return std::to_string(writer.pid) + "." + std::to_string(writer.start_ticks) + "." +
         std::to_string(nonce) + "@" + writer.host;
}

int RemoveAbandonedArtifactTemps(const std::string& tmp_dir, const ProcessIdentity& self,
                                 std::time_t now) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int removed = 0;
  for (fs::directory_iterator it(tmp_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string path = it->path().string();
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) continue;
    if (IsAbandoned(it->path().filename().string(), st, self, now) && ::unlink(path.c_str()) == 0) {
      ++removed;
    }
  }
  return removed;
}

}  // namespace sori::store_internal
