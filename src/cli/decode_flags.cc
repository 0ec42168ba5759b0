#include "cli/decode_flags.h"

namespace sori::cli {

void DecodeFlags::AddTo(CLI::App* command, bool with_rate) {
  if (with_rate) {
    command->add_option("--sample-rate", sample_rate, "Output sample rate in Hz (0 keeps the source rate)")
        ->capture_default_str();
  }
  command->add_option("--max-duration", max_duration, "Longest audio accepted, in seconds")
      ->capture_default_str();
  command->add_option("--raw", raw_encoding,
                      "Read input as headerless PCM with this encoding: s8 u8 s16le s16be s24le "
                      "s32le f32le f64le (*.pcm files default to KsponSpeech's s16le/16 kHz/mono)");
  command->add_option("--raw-rate", raw_rate, "Sample rate of raw PCM input, Hz")->capture_default_str();
  command->add_option("--raw-channels", raw_channels, "Channels of raw PCM input")->capture_default_str();
}

DecodeOptions DecodeFlags::ToOptions() const {
  DecodeOptions o;
  o.target_sample_rate = sample_rate;
  o.max_duration_sec = max_duration;
  if (!raw_encoding.empty()) {
    o.raw = RawPcmFormat{raw_rate, raw_channels, RawPcmFormat::ParseEncoding(raw_encoding)};
  }
  o.Validate();
  return o;
}

}  // namespace sori::cli
