// Feeds arbitrary bytes to the audio decoder, as an HTTP upload would. Any outcome but
// a decoded Audio or a sori::Error (crash, hang, sanitizer report, other exception)
// is a bug. The first byte picks header-based decoding or one of the raw PCM layouts.
#include <cstddef>
#include <cstdint>
#include <string>

#include "audio/reader.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  sori::DecodeOptions options;
  options.max_duration_sec = 30.0;  // bounded work per input
  const uint8_t mode = data[0] % 4;
  if (mode == 1) options.raw = sori::RawPcmFormat{16000, 1, sori::RawPcmFormat::Encoding::kS16LE};
  if (mode == 2) options.raw = sori::RawPcmFormat{8000, 2, sori::RawPcmFormat::Encoding::kF32LE};
  if (mode == 3) options.target_sample_rate = 0;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    sori::Audio audio = sori::DecodeAudioMemory(std::move(bytes), "fuzz-input", options);
    (void)audio;
  } catch (const sori::Error&) {
  }
  return 0;
}
