// ArtifactStore (store/artifacts.h): content-addressed artifacts. A file is copied once into
// <home>/artifacts/sha256/<2 hex>/<62 hex> (the layout git uses for its objects, so no
// folder holds more than 1/256 of them); runs refer to it by logical name.
//
// The copy is hashed while it is written, into a temp file in <home>/artifacts/tmp/
// (same file system), then fsynced and renamed into place: a file under sha256/ is
// always complete, and its name is the hash of the bytes actually stored, even if the
// source changes meanwhile. Stored files are read-only. Temp files carry their writer's
// identity in their name, so Store::Open can remove those a killed writer left
// (artifact_temps.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "store/artifact_temps.h"
#include "store/artifacts.h"
#include "store/store_internal.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/strings.h"

namespace sori {

namespace store_internal {

bool IsSha256Hex(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace store_internal

namespace {

namespace fs = std::filesystem;

[[noreturn]] void ThrowErrno(const std::string& what, const std::string& path) {
  const int err = errno;
  throw Error(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, what + " '" + path + "': " + std::strerror(err));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// Removes the temp file unless it was renamed into place.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

void FsyncDir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) ThrowErrno("cannot open folder for fsync", dir);
  if (::fsync(fd.get()) != 0) ThrowErrno("fsync failed for folder", dir);
}

void CreateDirs(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot create folder '" + dir + "': " + ec.message());
}

struct Blob {
  std::string sha256;
  int64_t size = 0;
};

// Copies `source` into the store's artifact folder; returns what was stored.
Blob CopyIntoStore(const ArtifactStore& store, const std::string& source) {
  FileSizeOrThrow(source);  // kNotFound naming the file; a folder is kInvalidInput
  Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) ThrowErrno("cannot open artifact", source);

  const std::string tmp_dir = store.home() + "/artifacts/tmp";
  CreateDirs(tmp_dir);
  std::random_device rd;
  TempFile tmp(tmp_dir + "/" + store_internal::ArtifactTempName(CurrentProcess(), rd()));
  Fd out(::open(tmp.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (out.get() < 0) ThrowErrno("cannot create temporary file", tmp.path());

  Sha256 hash;
  Blob blob;
  std::vector<char> buf(size_t{1} << 20);
  for (;;) {
    const ssize_t got = ::read(in.get(), buf.data(), buf.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      ThrowErrno("read failed for artifact", source);
    }
    if (got == 0) break;
    hash.Update(std::string_view(buf.data(), static_cast<size_t>(got)));
    blob.size += got;
    for (ssize_t done = 0; done < got;) {
      const ssize_t n = ::write(out.get(), buf.data() + done, static_cast<size_t>(got - done));
      if (n < 0) {
        if (errno == EINTR) continue;
        ThrowErrno("write failed for", tmp.path());
      }
      done += n;
    }
  }
  blob.sha256 = hash.HexDigest();
  if (::fchmod(out.get(), 0444) != 0) ThrowErrno("cannot make read-only", tmp.path());
  if (::fsync(out.get()) != 0) ThrowErrno("fsync failed for", tmp.path());
  if (::close(out.release()) != 0) ThrowErrno("close failed for", tmp.path());

  const std::string dest = store.Path(blob.sha256);
  const std::string dest_dir = ParentDir(dest);
  std::error_code ec;
  const auto existing = fs::file_size(dest, ec);
  if (!ec && static_cast<int64_t>(existing) == blob.size) return blob;  // already stored: the temp goes
  CreateDirs(dest_dir);
  if (::rename(tmp.path().c_str(), dest.c_str()) != 0) ThrowErrno("cannot move artifact into place at", dest);
  tmp.Keep();
  FsyncDir(dest_dir);
  return blob;
}

}  // namespace

std::string ArtifactStore::Path(const std::string& sha256) const {
  if (!store_internal::IsSha256Hex(sha256)) {
    throw Error(ErrorCode::kInvalidInput,
                "artifact id '" + sha256 + "' is not a sha256 (64 lowercase hex characters)");
  }
  return home_ + "/artifacts/sha256/" + sha256.substr(0, 2) + "/" + sha256.substr(2);
}

std::string ArtifactStore::Put(const std::string& file_path) {
  // The copy runs without the lock, so a heartbeat is not held up by a large file.
  const Blob blob = CopyIntoStore(*this, file_path);
  const auto lock = db_.Lock();
  Transaction tx(db_);
  Statement insert(db_, db_.dialect().InsertOrIgnore("artifacts", {"sha256", "size", "created_at"}));
  insert.Bind(1, blob.sha256).Bind(2, blob.size).Bind(3, UtcNowIso8601());
  insert.Run();
  tx.Commit();
  return blob.sha256;
}

void ArtifactStore::Link(const std::string& run, const std::string& logical_name, const std::string& sha256,
                         int64_t size) {
  if (logical_name.empty()) throw Error(ErrorCode::kInvalidInput, "an artifact needs a name within its run");
  Path(sha256);  // validates the form
  const auto lock = db_.Lock();
  Transaction tx(db_);
  runs_.Require(run);
  {
    Statement find(db_, "SELECT size FROM artifacts WHERE sha256 = ?");
    find.Bind(1, sha256);
    if (!find.Step()) {
      throw Error(ErrorCode::kNotFound, "artifact " + sha256 + " (for '" + logical_name + "') is not in store '" +
                                            home_ + "'; put the file in first (PutArtifact)");
    }
    if (find.ColumnInt(0) != size) {
      throw Error(ErrorCode::kInvalidInput, "artifact '" + logical_name + "': size " + std::to_string(size) +
                                                " bytes does not match the stored file's " +
                                                std::to_string(find.ColumnInt(0)) + " bytes");
    }
  }
  Statement insert(db_, db_.dialect().Upsert("run_artifacts", {"run_id", "name", "sha256", "created_at"},
                                             {"run_id", "name"}));
  insert.Bind(1, run).Bind(2, logical_name).Bind(3, sha256).Bind(4, UtcNowIso8601());
  insert.Run();
  tx.Commit();
}

ArtifactInfo ArtifactStore::Log(const std::string& run, const std::string& logical_name,
                                const std::string& file_path) {
  {
    const auto lock = db_.Lock();
    runs_.Require(run);  // before copying what may be a large file
  }
  const std::string sha = Put(file_path);
  const auto lock = db_.Lock();
  int64_t size = 0;
  {
    Statement find(db_, "SELECT size FROM artifacts WHERE sha256 = ?");
    find.Bind(1, sha);
    find.Step();
    size = find.ColumnInt(0);
  }
  Link(run, logical_name, sha, size);
  for (ArtifactInfo& a : OfRun(run)) {
    if (a.name == logical_name) return a;
  }
  throw Error(ErrorCode::kInternal, "artifact '" + logical_name + "' vanished right after being linked");
}

std::vector<ArtifactInfo> ArtifactStore::OfRun(const std::string& run) {
  const auto lock = db_.Lock();
  runs_.Require(run);
  Statement st(db_,
               "SELECT ra.name, ra.sha256, a.size, ra.created_at FROM run_artifacts ra "
               "JOIN artifacts a ON a.sha256 = ra.sha256 WHERE ra.run_id = ? ORDER BY ra.name");
  st.Bind(1, run);
  std::vector<ArtifactInfo> out;
  while (st.Step()) out.push_back({st.ColumnText(0), st.ColumnText(1), st.ColumnInt(2), st.ColumnText(3)});
  return out;
}

void ArtifactStore::Require(const std::string& sha256, const std::string& what) {
  const auto lock = db_.Lock();
  Statement find(db_, "SELECT 1 FROM artifacts WHERE sha256 = ?");
  find.Bind(1, sha256);
  if (!find.Step()) {
    throw Error(ErrorCode::kNotFound, what + " " + sha256 + " is not an artifact in store '" + home_ +
                                          "'; put the file in first (PutArtifact)");
  }
}

}  // namespace sori
