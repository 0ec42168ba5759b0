#include "model/zip_directory.h"

#include <algorithm>
#include <set>

#include "util/error.h"

namespace sori {
namespace {

constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr uint32_t kDirectoryEntry = 0x02014b50;
constexpr size_t kEndOfDirectorySize = 22;
constexpr size_t kMaxComment = 0xFFFF;

uint64_t Le(const std::string& b, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(b[at + i]);
  return v;
}

[[noreturn]] void BadZip(const std::string& name, const std::string& what) {
  throw Error(ErrorCode::kInvalidInput, "'" + name + "' is not a readable zip archive: " + what);
}

}  // namespace

std::vector<std::string> ZipEntryNames(const ZipReadAt& read, uint64_t size, const std::string& name) {
  if (size < kEndOfDirectorySize) BadZip(name, "too short");
  // The end-of-directory record sits in the last 22 bytes plus an optional comment.
  const uint64_t tail_size = std::min<uint64_t>(size, kEndOfDirectorySize + kMaxComment);
  const std::string tail = read(size - tail_size, tail_size);
  size_t eocd = std::string::npos;
  for (size_t i = tail.size() - kEndOfDirectorySize + 1; i-- > 0;) {
    if (Le(tail, i, 4) == kEndOfDirectory) {
      eocd = i;
      break;
    }
  }
  if (eocd == std::string::npos) BadZip(name, "no end-of-directory record (truncated or not a zip)");
  uint64_t entries = Le(tail, eocd + 10, 2);
  uint64_t dir_size = Le(tail, eocd + 12, 4);
  uint64_t dir_offset = Le(tail, eocd + 16, 4);
  if (entries == 0xFFFF || dir_size == 0xFFFFFFFF || dir_offset == 0xFFFFFFFF) {
    // Zip64: a locator just before the record points at the 64-bit record.
    const uint64_t eocd_at = size - tail_size + eocd;
    if (eocd_at < 20) BadZip(name, "zip64 locator missing");
    const std::string locator = read(eocd_at - 20, 20);
    if (Le(locator, 0, 4) != kZip64Locator) BadZip(name, "zip64 locator missing");
    const uint64_t record_at = Le(locator, 8, 8);
    if (record_at > size || size - record_at < 56) BadZip(name, "zip64 record outside the file");
    const std::string record = read(record_at, 56);
    if (Le(record, 0, 4) != kZip64EndOfDirectory) BadZip(name, "zip64 record damaged");
    entries = Le(record, 32, 8);
    dir_size = Le(record, 40, 8);
    dir_offset = Le(record, 48, 8);
  }
  if (dir_offset > size || dir_size > size - dir_offset) BadZip(name, "central directory outside the file");
  if (entries > dir_size / 46) BadZip(name, "central directory shorter than its entry count");
  const std::string dir = read(dir_offset, dir_size);
  std::vector<std::string> names;
  names.reserve(entries);
  size_t at = 0;
  for (uint64_t i = 0; i < entries; ++i) {
    if (dir.size() - at < 46 || Le(dir, at, 4) != kDirectoryEntry) BadZip(name, "central directory entry damaged");
    const size_t name_len = Le(dir, at + 28, 2);
    const size_t extra_len = Le(dir, at + 30, 2);
    const size_t comment_len = Le(dir, at + 32, 2);
    const size_t entry_size = 46 + name_len + extra_len + comment_len;
    if (dir.size() - at < entry_size) BadZip(name, "central directory entry damaged");
    names.push_back(dir.substr(at + 46, name_len));
    at += entry_size;
  }
  return names;
}

void CheckTorchArchiveLayout(const std::vector<std::string>& names, const std::string& name) {
  const auto not_checkpoint = [&](const std::string& why) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "' is a zip file but not a torch.save checkpoint: " + why);
  };
  if (names.empty()) not_checkpoint("the archive is empty");
  const size_t slash = names.front().find('/');
  if (slash == std::string::npos || slash == 0) not_checkpoint("'" + names.front() + "' is not inside a folder");
  const std::string folder = names.front().substr(0, slash + 1);
  const std::set<std::string> all(names.begin(), names.end());
  if (!all.count(folder + "data.pkl")) not_checkpoint("no " + folder + "data.pkl");
  if (!all.count(folder + "version") && !all.count(folder + ".data/version")) not_checkpoint("no version record");
}

}  // namespace sori
