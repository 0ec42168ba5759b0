// Writes mono audio as WAV (16-bit PCM or 32-bit float) through libsndfile, atomically
// (temp file + rename), so a crash never leaves a half-written file under the name.
#pragma once

#include <string>

#include "audio/audio.h"

namespace sori {

enum class WavEncoding { kPcm16, kFloat32 };

void WriteWav(const std::string& path, const Audio& audio, WavEncoding encoding = WavEncoding::kPcm16);

}  // namespace sori
