#include "data/import/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/error.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace sori {
namespace {

// Owns one iconv descriptor. Descriptors carry conversion state and are not
// thread-safe, so each thread keeps its own (ThreadConverter) and resets it before use.
class Cp949Converter {
 public:
  Cp949Converter() : cd_(iconv_open("UTF-8", "CP949")) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      throw Error(ErrorCode::kUnsupported,
                  std::string("this system's iconv cannot convert CP949 to UTF-8 (") +
                      std::strerror(errno) +
                      "); install glibc's gconv modules (Debian package libc6) or convert "
                      "the transcripts to UTF-8 first");
    }
  }
  ~Cp949Converter() { iconv_close(cd_); }
  Cp949Converter(const Cp949Converter&) = delete;
  Cp949Converter& operator=(const Cp949Converter&) = delete;

  bool Convert(std::string_view in, std::string* out, size_t* bad_offset) {
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // initial state, whatever came before
    // CP949 characters are 1 or 2 bytes and become at most 3 UTF-8 bytes.
    out->assign(in.size() * 3 / 2 + 8, '\0');
    char* in_ptr = const_cast<char*>(in.data());  // iconv's signature; it does not write
    size_t in_left = in.size();
    char* out_ptr = out->data();
    size_t out_left = out->size();
    while (in_left > 0) {
      if (iconv(cd_, &in_ptr, &in_left, &out_ptr, &out_left) != static_cast<size_t>(-1)) break;
      if (errno == E2BIG) {  // not expected given the bound above, but stay correct
        const size_t used = static_cast<size_t>(out_ptr - out->data());
        out->resize(out->size() * 2);
        out_ptr = out->data() + used;
        out_left = out->size() - used;
        continue;
      }
      // EILSEQ: an invalid sequence; EINVAL: a character cut off at the end.
      *bad_offset = static_cast<size_t>(in_ptr - in.data());
      return false;
    }
    out->resize(static_cast<size_t>(out_ptr - out->data()));
    return true;
  }

 private:
  iconv_t cd_;
};

Cp949Converter& ThreadConverter() {
  thread_local Cp949Converter converter;
  return converter;
}

bool IsAscii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string ByteAt(std::string_view bytes, size_t offset) {
  if (offset >= bytes.size()) return "end of text";
  char hex[8];
  std::snprintf(hex, sizeof(hex), "0x%02x", static_cast<unsigned char>(bytes[offset]));
  return std::string("byte ") + hex;
}

std::string Where(std::string_view bytes, size_t offset, size_t base_offset) {
  return ByteAt(bytes, offset) + " at byte offset " + std::to_string(base_offset + offset);
}

}  // namespace

TextEncoding ParseTextEncoding(const std::string& name) {
  const std::string n = AsciiLower(name);
  if (n == "auto") return TextEncoding::kAuto;
  if (n == "utf-8" || n == "utf8") return TextEncoding::kUtf8;
  if (n == "cp949" || n == "euc-kr" || n == "euckr") return TextEncoding::kCp949;
  throw Error(ErrorCode::kInvalidInput,
              "unknown text encoding '" + name +
                  "'; accepted: auto (UTF-8 if valid, else CP949), utf-8, cp949 (euc-kr is "
                  "read as cp949, its superset)");
}

const char* TextEncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kAuto: return "auto";
    case TextEncoding::kUtf8: return "utf-8";
    case TextEncoding::kCp949: return "cp949";
  }
  return "unknown";
}

bool ConvertToUtf8(std::string_view bytes, TextEncoding encoding, std::string* out,
                   size_t* bad_offset) {
  if (encoding == TextEncoding::kAuto) {
    throw Error(ErrorCode::kInternal, "ConvertToUtf8 needs a definite encoding, got auto");
  }
  if (encoding == TextEncoding::kUtf8 || IsAscii(bytes)) {  // ASCII is the same in CP949
    if (!IsValidUtf8(bytes, bad_offset)) return false;
    out->assign(bytes);
    return true;
  }
  return ThreadConverter().Convert(bytes, out, bad_offset);
}

std::string DecodeTranscript(std::string_view bytes, TextEncoding encoding, size_t base_offset) {
  std::string out;
  size_t bad = 0;
  if (encoding != TextEncoding::kAuto) {
    if (ConvertToUtf8(bytes, encoding, &out, &bad)) return out;
    throw Error(ErrorCode::kInvalidInput,
                std::string("transcript is not valid ") +
                    (encoding == TextEncoding::kUtf8 ? "UTF-8" : "CP949") + ": " +
                    Where(bytes, bad, base_offset));
  }
  if (ConvertToUtf8(bytes, TextEncoding::kUtf8, &out, &bad)) return out;
  size_t bad_cp949 = 0;
  if (ConvertToUtf8(bytes, TextEncoding::kCp949, &out, &bad_cp949)) return out;
  throw Error(ErrorCode::kInvalidInput, "transcript is neither UTF-8 (" +
                                            Where(bytes, bad, base_offset) + ") nor CP949 (" +
                                            Where(bytes, bad_cp949, base_offset) + ")");
}

TextEncoding ChooseFileEncoding(const std::vector<std::string_view>& transcripts,
                                TextEncoding requested) {
  if (requested != TextEncoding::kAuto) return requested;
  size_t utf8_failures = 0;
  size_t cp949_failures = 0;
  std::string scratch;
  size_t bad = 0;
  for (const std::string_view t : transcripts) {
    if (IsAscii(t)) continue;
    if (!IsValidUtf8(t)) ++utf8_failures;
    if (!ConvertToUtf8(t, TextEncoding::kCp949, &scratch, &bad)) ++cp949_failures;
  }
  return cp949_failures < utf8_failures ? TextEncoding::kCp949 : TextEncoding::kUtf8;
}

}  // namespace sori
