#include "model/tar_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <memory>

#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace {

struct ReadCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteCloser {
  void operator()(archive* a) const { archive_write_free(a); }
};

[[noreturn]] void BadTar(const std::string& path, const std::string& what) {
  throw Error(ErrorCode::kInvalidInput, "archive '" + path + "': " + what);
}

std::string Normalize(std::string name) {
  while (name.rfind("./", 0) == 0) name.erase(0, 2);
  while (!name.empty() && name.front() == '/') name.erase(0, 1);
  return name;
}

la_ssize_t AppendToString(archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

}  // namespace

std::map<std::string, std::string> ReadTarArchive(const std::string& path, const TarReadLimits& limits) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(ErrorCode::kNotFound, "archive '" + path + "' does not exist");
  if (std::filesystem::is_directory(path, ec)) BadTar(path, "is a directory, not an archive");
  std::unique_ptr<archive, ReadCloser> a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    BadTar(path, std::string("not a tar archive (plain or gzip): ") + archive_error_string(a.get()));
  }
  std::map<std::string, std::string> members;
  int64_t total = 0;
  int count = 0;
  archive_entry* entry = nullptr;
  while (true) {
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      BadTar(path, std::string("unreadable (truncated or corrupt?): ") + archive_error_string(a.get()));
    }
    if (++count > limits.max_members) BadTar(path, "more than " + std::to_string(limits.max_members) + " members");
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = Normalize(raw_name ? raw_name : "");
    if (archive_entry_filetype(entry) != AE_IFREG || name.empty()) {
      archive_read_data_skip(a.get());
      continue;
    }
    const int64_t size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
    if (size < 0) BadTar(path, "member '" + name + "' has no size");
    if (size > limits.max_member_bytes) {
      BadTar(path, "member '" + name + "' is " + std::to_string(size) + " bytes, over the limit of " +
                    std::to_string(limits.max_member_bytes));
    }
    total += size;
    if (total > limits.max_total_bytes) {
      BadTar(path, "members add up to more than " + std::to_string(limits.max_total_bytes) + " bytes");
    }
    if (members.count(name)) BadTar(path, "member '" + name + "' appears twice");
    std::string data(static_cast<size_t>(size), '\0');
    int64_t done = 0;
    while (done < size) {
      const la_ssize_t n = archive_read_data(a.get(), data.data() + done, static_cast<size_t>(size - done));
      if (n < 0) BadTar(path, "member '" + name + "': " + archive_error_string(a.get()));
      if (n == 0) BadTar(path, "member '" + name + "' is truncated (" + std::to_string(done) + " of " +
                                std::to_string(size) + " bytes)");
      done += n;
    }
    members.emplace(name, std::move(data));
  }
  return members;
}

void WriteTarArchive(const std::string& path, const std::map<std::string, std::string>& members, bool gzip) {
  std::string out;
  std::unique_ptr<archive, WriteCloser> a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());  // ustar, with pax headers only when needed
  if (gzip) archive_write_add_filter_gzip(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  if (archive_write_open(a.get(), &out, nullptr, AppendToString, nullptr) != ARCHIVE_OK) {
    throw Error(ErrorCode::kIo, "cannot write archive '" + path + "': " + archive_error_string(a.get()));
  }
  const std::time_t now = std::time(nullptr);
  for (const auto& [name, data] : members) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    const std::string member = "./" + name;  // NeMo's own archives name members "./x"
    archive_entry_set_pathname(e.get(), member.c_str());
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_mtime(e.get(), now, 0);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK ||
        archive_write_data(a.get(), data.data(), data.size()) != static_cast<la_ssize_t>(data.size())) {
      throw Error(ErrorCode::kIo, "cannot write member '" + name + "' of '" + path + "': " +
                                      archive_error_string(a.get()));
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    throw Error(ErrorCode::kIo, "cannot finish archive '" + path + "': " + archive_error_string(a.get()));
  }
  WriteFileAtomic(path, out);
}

}  // namespace sori
