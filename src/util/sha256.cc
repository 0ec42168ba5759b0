#include "util/sha256.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "util/error.h"
#include "util/fs.h"

namespace sori {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx_);
    throw Error(ErrorCode::kInternal, "OpenSSL could not initialize SHA-256");
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

void Sha256::Update(std::string_view data) {
  if (finished_) throw Error(ErrorCode::kInternal, "Sha256::Update after HexDigest");
  if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1) {
    throw Error(ErrorCode::kInternal, "OpenSSL SHA-256 update failed");
  }
}

std::string Sha256::HexDigest() {
  if (finished_) throw Error(ErrorCode::kInternal, "Sha256::HexDigest called twice");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_, digest, &len) != 1) {
    throw Error(ErrorCode::kInternal, "OpenSSL SHA-256 final failed");
  }
  finished_ = true;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  Sha256 h;
  h.Update(data);
  return h.HexDigest();
}

std::string Sha256File(const std::string& path, uint64_t* bytes) {
  FileSizeOrThrow(path);  // kNotFound / directory errors name the file
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  Sha256 h;
  std::vector<char> buf(1 << 20);
  uint64_t total = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize n = in.gcount();
    if (n <= 0) break;
    h.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
    total += static_cast<uint64_t>(n);
  }
  if (in.bad()) throw Error(ErrorCode::kIo, "read error in '" + path + "'");
  if (bytes) *bytes = total;
  return h.HexDigest();
}

}  // namespace sori
