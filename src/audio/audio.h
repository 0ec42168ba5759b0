// Audio value types and decode options shared by the decoders and their callers.
//
// Everything downstream of decoding works on mono float PCM in [-1, 1) at one sample
// rate (16 kHz by default): integer formats are scaled by 1/2^(bits-1) (what NeMo's
// soundfile loader does), channels are averaged, other rates are resampled with soxr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sori {

// What a file's header says, read without decoding the samples.
struct AudioInfo {
  std::string container;  // "WAV", "FLAC", "OGG", "MPEG", "RAW", ... (libsndfile's major format)
  std::string encoding;   // "PCM_16", "FLOAT", "VORBIS", "OPUS", "MPEG_LAYER_III", ...
  int sample_rate = 0;    // Hz, as stored (before any resampling)
  int channels = 0;
  int64_t frames = 0;     // samples per channel as declared (an estimate for some MP3s)
  double duration_sec = 0.0;
  uint64_t bytes = 0;     // size of the file or buffer
};

// Headerless PCM, e.g. KsponSpeech `.pcm` (16 kHz, signed 16-bit little-endian, mono).
struct RawPcmFormat {
  enum class Encoding { kS8, kU8, kS16LE, kS16BE, kS24LE, kS32LE, kF32LE, kF64LE };
  int sample_rate = 16000;
  int channels = 1;
  Encoding encoding = Encoding::kS16LE;

  int BytesPerSample() const;
  std::string ToString() const;  // "s16le, 16000 Hz, 1 ch"
  void Validate() const;         // throws Error(kInvalidInput) naming the bad field

  // Parses "s16le" (and s8, u8, s16be, s24le, s32le, f32le, f64le); throws otherwise.
  static Encoding ParseEncoding(const std::string& name);
  static std::string EncodingName(Encoding encoding);
};

struct DecodeOptions {
  // Output sample rate in Hz; 0 keeps the source rate.
  int target_sample_rate = 16000;
  // Longest accepted input, in seconds of audio. Longer input fails with kTooLarge
  // before anything of that size is allocated. Long recordings should be streamed
  // with AudioReader instead of raised here.
  double max_duration_sec = 2.0 * 3600.0;
  // Inputs with more channels, or a sample rate outside [min, max], are rejected.
  int max_channels = 8;
  int min_sample_rate = 1000;
  int max_sample_rate = 384000;
  // Optional segment: start `offset_sec` into the audio, keep `duration_sec` seconds
  // (negative: to the end). Used by manifests with `offset` and Kaldi `segments`.
  double offset_sec = 0.0;
  double duration_sec = -1.0;
  // Headerless input. If unset, files named *.pcm are read as KsponSpeech raw PCM
  // (16 kHz, s16le, mono) and everything else must carry a header.
  std::optional<RawPcmFormat> raw;

  void Validate() const;  // throws Error(kInvalidInput) naming the bad field and range
};

// Decoded mono audio.
struct Audio {
  std::vector<float> samples;
  int sample_rate = 0;
  double duration_sec() const {
    return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
  }
};

// The raw format DecodeOptions implies for `name`: options.raw, or the KsponSpeech
// default for *.pcm, or nullopt (the input has a header).
std::optional<RawPcmFormat> RawFormatFor(const std::string& name, const DecodeOptions& options);

}  // namespace sori
