// Command-line flags that shape audio decoding, shared by every command that reads
// audio (audio info/convert, features, manifest validate).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "audio/audio.h"

namespace sori::cli {

struct DecodeFlags {
  int sample_rate = 16000;
  double max_duration = DecodeOptions{}.max_duration_sec;
  std::string raw_encoding;  // empty: only *.pcm files are raw (KsponSpeech defaults)
  int raw_rate = 16000;
  int raw_channels = 1;

  // `with_rate`: whether the command exposes --sample-rate.
  void AddTo(CLI::App* command, bool with_rate = true);
  DecodeOptions ToOptions() const;  // validated
};

}  // namespace sori::cli
