#include "audio/writer.h"

#include <sndfile.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "util/error.h"

namespace sori {

void WriteWav(const std::string& path, const Audio& audio, WavEncoding encoding) {
  if (audio.sample_rate <= 0) {
    throw Error(ErrorCode::kInvalidInput, "cannot write '" + path + "': sample rate is not set");
  }
  const std::filesystem::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  SF_INFO info{};
  info.samplerate = audio.sample_rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | (encoding == WavEncoding::kPcm16 ? SF_FORMAT_PCM_16 : SF_FORMAT_FLOAT);
  SNDFILE* f = sf_open(tmp.c_str(), SFM_WRITE, &info);
  if (f == nullptr) {
    throw Error(ErrorCode::kIo, "cannot write '" + path + "': " + sf_strerror(nullptr));
  }
  // Clip instead of wrapping when float samples exceed [-1, 1) on conversion to PCM.
  sf_command(f, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  const sf_count_t n = static_cast<sf_count_t>(audio.samples.size());
  const sf_count_t written = sf_writef_float(f, audio.samples.data(), n);
  const int close_rc = sf_close(f);
  if (written != n || close_rc != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(ErrorCode::kIo, "cannot write '" + path + "' (disk full or not writable?)");
  }
}

}  // namespace sori
