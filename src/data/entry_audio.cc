#include "data/entry_audio.h"

#include "audio/reader.h"

namespace sori {

std::vector<float> DecodeEntryAudio(const ManifestEntry& entry, int sample_rate) {
  DecodeOptions o;
  o.target_sample_rate = sample_rate;
  if (entry.offset > 0) {
    o.offset_sec = entry.offset;
    o.duration_sec = entry.duration;
  }
  return DecodeAudioFile(entry.audio_filepath, o).samples;
}

}  // namespace sori
