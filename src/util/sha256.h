// SHA-256 through OpenSSL's EVP interface: incremental hashing and whole files
// (streamed, constant memory). Used for dataset snapshots and content-addressed
// artifacts. Hex output is lowercase, 64 characters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace sori {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view data);
  // Finishes and returns the hex digest; the object cannot be updated afterwards.
  std::string HexDigest();

 private:
  EVP_MD_CTX* ctx_;
  bool finished_ = false;
};

std::string Sha256Hex(std::string_view data);

// Hashes a file's bytes; throws Error(kNotFound / kIo) naming the file.
std::string Sha256File(const std::string& path, uint64_t* bytes = nullptr);

}  // namespace sori
