// espeak-ng, driven through its command-line program (one process per utterance, so
// synthesis runs in parallel: the library keeps global state and is not thread-safe).
// Text is passed as an argument without a shell, so any transcript is safe.
#pragma once

#include <string>
#include <vector>

namespace sori {

struct EspeakVoice {
  std::string language;  // espeak voice, e.g. "ko", "en-us"
  std::string variant;   // e.g. "f3", "adam", "klatt"
  int pitch = 50;        // 0..99
  int rate = 175;        // words per minute, 80..450

  // "-v ko+f3 -p 50 -s 175" as argv pieces.
  std::vector<std::string> Args() const;
};

// Voice variants this espeak-ng installation offers (its --voices=variant list), sorted,
// without the "fast" test variant and names containing spaces. Throws kNotFound if the
// program is missing.
std::vector<std::string> ListEspeakVariants(const std::string& program = "espeak-ng");

// "espeak-ng 1.51" style version line, or "" if it cannot be read.
std::string EspeakVersion(const std::string& program = "espeak-ng");

// Synthesizes `text` and returns the WAV bytes espeak-ng writes (22,050 Hz, 16-bit).
// Throws Error(kInvalidInput) with espeak-ng's message if it fails.
std::string SpeakToWav(const EspeakVoice& voice, const std::string& text,
                       const std::string& program = "espeak-ng");

}  // namespace sori
