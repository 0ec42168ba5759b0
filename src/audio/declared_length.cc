#include "audio/declared_length.h"

#include <sndfile.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

uint32_t Le32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

uint64_t Le64(const unsigned char* p) {
  return static_cast<uint64_t>(Le32(p)) | static_cast<uint64_t>(Le32(p + 4)) << 32;
}

[[noreturn]] void ThrowTruncated(const ByteSource& src, const std::string& container,
                                 const std::string& declared, uint64_t available) {
  throw Error(ErrorCode::kInvalidInput,
              "'" + src.name() + "': truncated " + container + ": " + declared + " but only " +
                  std::to_string(available) + " bytes are present");
}

// Programs that write WAV to a pipe cannot know the length and put a placeholder there:
// 0xFFFFFFFF (recorders, ffmpeg), 0x7FFFF000 (sox and espeak-ng), 0x7FFFFFFF. Those mean
// "to the end of the file" and are accepted (libsndfile reads to the end); any other
// size larger than the file is a truncated (or lying) header. (A size of 0 is read as
// what it says: no samples.)
bool IsStreamingPlaceholder(uint32_t size) {
  return size == 0xFFFFFFFFu || size == 0x7FFFF000u || size == 0x7FFFFFFFu;
}

// The byte count a `data` chunk declares: its own 32-bit size, or in RF64, where that
// size is 0xFFFFFFFF, the 64-bit one from the `ds64` chunk. nullopt: RIFF's placeholder
// for "to the end of the file", or an RF64 file without ds64.
std::optional<uint64_t> DeclaredDataBytes(bool rf64, uint32_t chunk_size,
                                          std::optional<uint64_t> ds64_data_bytes) {
  if (!rf64) {
    if (IsStreamingPlaceholder(chunk_size)) return std::nullopt;
    return chunk_size;
  }
  if (chunk_size == 0xFFFFFFFFu) return ds64_data_bytes;
  return chunk_size;
}

// Walks the chunks of a RIFF/WAVE or RF64 file to its `data` chunk and fails if that
// declares more bytes than the file holds.
void CheckWaveDataChunk(const ByteSource& src) {
  unsigned char hdr[12];
  if (src.ReadAt(0, hdr, 12) != 12 || std::memcmp(hdr + 8, "WAVE", 4) != 0) return;
  const bool rf64 = std::memcmp(hdr, "RF64", 4) == 0;
  if (!rf64 && std::memcmp(hdr, "RIFF", 4) != 0) return;  // nothing else is walked
  const uint64_t size = src.size();
  std::optional<uint64_t> ds64_data_bytes;
  uint64_t offset = 12;
  for (int chunks = 0; chunks < 4096 && offset + 8 <= size; ++chunks) {
    unsigned char ch[16];
    if (src.ReadAt(offset, ch, 8) != 8) return;
    const uint32_t chunk_size = Le32(ch + 4);
    if (rf64 && std::memcmp(ch, "ds64", 4) == 0 && chunk_size >= 16 &&
        src.ReadAt(offset + 8, ch, 16) == 16) {
      ds64_data_bytes = Le64(ch + 8);  // after the 64-bit RIFF size
    }
    if (std::memcmp(ch, "data", 4) == 0) {
      const uint64_t available = size - (offset + 8);
      const auto declared = DeclaredDataBytes(rf64, chunk_size, ds64_data_bytes);
      if (declared && *declared > available) {
        ThrowTruncated(src, rf64 ? "RF64" : "WAV",
                       "the data chunk declares " + std::to_string(*declared) + " bytes", available);
      }
      return;
    }
    offset += 8 + static_cast<uint64_t>(chunk_size) + (chunk_size & 1u);
  }
}

// Decimal digits as a number; nullopt for anything else (or more than 18 digits).
std::optional<uint64_t> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoull(text);
}

// The integer value of `key` in a NIST SPHERE header ("sample_count -i 16000").
std::optional<uint64_t> NistInteger(const std::vector<std::string>& lines, const std::string& key) {
  for (const std::string& line : lines) {
    const std::vector<std::string> fields = SplitWhitespace(line);
    if (fields.size() == 3 && fields[0] == key && fields[1] == "-i") return ParseCount(fields[2]);
  }
  return std::nullopt;
}

// A NIST SPHERE header ("NIST_1A\n   1024\n", then "key -type value" lines up to
// "end_head") declares sample_count frames of channel_count × sample_n_bytes bytes after
// the header. Compressed samples (sample_coding "pcm,embedded-shorten-v2.00") are not
// checked: their size says nothing about the count.
void CheckNistData(const ByteSource& src) {
  std::string head(1024, '\0');  // libsndfile reads the header from the first 1024 bytes
  head.resize(src.ReadAt(0, head.data(), head.size()));
  const size_t end = head.find("end_head");
  if (!StartsWith(head, "NIST_1A\n") || end == std::string::npos ||
      head.find("embedded") != std::string::npos) {
    return;
  }
  const std::vector<std::string> lines = Split(std::string_view(head).substr(0, end), '\n');
  if (lines.size() < 2) return;
  const uint64_t header_bytes = ParseCount(Trim(lines[1])).value_or(0);
  const uint64_t frames = NistInteger(lines, "sample_count").value_or(0);
  const uint64_t channels = NistInteger(lines, "channel_count").value_or(1);
  const uint64_t width = NistInteger(lines, "sample_n_bytes").value_or(2);
  // 0 frames: none declared (libsndfile then reads to the end of the file).
  if (header_bytes == 0 || frames == 0 || channels == 0 || width == 0 || channels > 1024 || width > 8) return;
  const uint64_t available = src.size() > header_bytes ? src.size() - header_bytes : 0;
  if (frames > available / (channels * width)) {
    ThrowTruncated(src, "NIST SPHERE",
                   "the header declares " + std::to_string(frames) + " samples of " +
                       std::to_string(channels * width) + " bytes",
                   available);
  }
}

}  // namespace

void CheckDeclaredLength(const ByteSource& source, int sf_format) {
  switch (sf_format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV:
    case SF_FORMAT_WAVEX:
    case SF_FORMAT_RF64: CheckWaveDataChunk(source); break;
    case SF_FORMAT_NIST: CheckNistData(source); break;
    default: break;
  }
}

}  // namespace sori
