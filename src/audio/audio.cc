#include "audio/audio.h"

#include <cmath>

#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

struct EncodingEntry {
  RawPcmFormat::Encoding encoding;
  const char* name;
  int bytes;
};

constexpr EncodingEntry kEncodings[] = {
    {RawPcmFormat::Encoding::kS8, "s8", 1},       {RawPcmFormat::Encoding::kU8, "u8", 1},
    {RawPcmFormat::Encoding::kS16LE, "s16le", 2}, {RawPcmFormat::Encoding::kS16BE, "s16be", 2},
    {RawPcmFormat::Encoding::kS24LE, "s24le", 3}, {RawPcmFormat::Encoding::kS32LE, "s32le", 4},
    {RawPcmFormat::Encoding::kF32LE, "f32le", 4}, {RawPcmFormat::Encoding::kF64LE, "f64le", 8},
};

const EncodingEntry& Lookup(RawPcmFormat::Encoding encoding) {
  for (const auto& e : kEncodings) {
    if (e.encoding == encoding) return e;
  }
  throw Error(ErrorCode::kInternal, "unknown raw PCM encoding");
}

}  // namespace

int RawPcmFormat::BytesPerSample() const { return Lookup(encoding).bytes; }

std::string RawPcmFormat::EncodingName(Encoding e) { return Lookup(e).name; }

RawPcmFormat::Encoding RawPcmFormat::ParseEncoding(const std::string& name) {
  const std::string lower = AsciiLower(name);
  std::vector<std::string> names;
  for (const auto& e : kEncodings) {
    if (lower == e.name) return e.encoding;
    names.emplace_back(e.name);
  }
  throw Error(ErrorCode::kInvalidInput,
              "unknown raw PCM encoding '" + name + "' (accepted: " + Join(names, ", ") + ")");
}

std::string RawPcmFormat::ToString() const {
  return EncodingName(encoding) + ", " + std::to_string(sample_rate) + " Hz, " +
         std::to_string(channels) + " ch";
}

void RawPcmFormat::Validate() const {
  if (sample_rate < 1000 || sample_rate > 384000) {
    throw Error(ErrorCode::kInvalidInput, "raw PCM sample_rate " + std::to_string(sample_rate) +
                                              " Hz is out of range (accepted: 1000..384000)");
  }
  if (channels < 1 || channels > 8) {
    throw Error(ErrorCode::kInvalidInput, "raw PCM channels " + std::to_string(channels) +
                                              " is out of range (accepted: 1..8)");
  }
}

void DecodeOptions::Validate() const {
  if (target_sample_rate != 0 && (target_sample_rate < 1000 || target_sample_rate > 384000)) {
    throw Error(ErrorCode::kInvalidInput,
                "target_sample_rate " + std::to_string(target_sample_rate) +
                    " Hz is out of range (accepted: 0 to keep the source rate, or 1000..384000)");
  }
  if (!(max_duration_sec > 0) || !std::isfinite(max_duration_sec)) {
    throw Error(ErrorCode::kInvalidInput, "max_duration_sec must be a positive number of seconds");
  }
  if (max_channels < 1 || max_channels > 64) {
    throw Error(ErrorCode::kInvalidInput, "max_channels " + std::to_string(max_channels) +
                                              " is out of range (accepted: 1..64)");
  }
  if (min_sample_rate < 1 || max_sample_rate < min_sample_rate) {
    throw Error(ErrorCode::kInvalidInput, "sample rate bounds [" + std::to_string(min_sample_rate) +
                                              ", " + std::to_string(max_sample_rate) +
                                              "] are not a valid range");
  }
  if (!(offset_sec >= 0) || !std::isfinite(offset_sec)) {
    throw Error(ErrorCode::kInvalidInput, "offset_sec must be a finite number >= 0");
  }
  if (!std::isfinite(duration_sec) || duration_sec == 0) {
    throw Error(ErrorCode::kInvalidInput,
                "duration_sec must be positive (or negative to read to the end)");
  }
  if (raw) raw->Validate();
}

std::optional<RawPcmFormat> RawFormatFor(const std::string& name, const DecodeOptions& options) {
  if (options.raw) return options.raw;
  if (EndsWith(AsciiLower(name), ".pcm")) return RawPcmFormat{};
  return std::nullopt;
}

}  // namespace sori
