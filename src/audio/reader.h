// AudioReader: streams a file or buffer as mono float PCM at the target rate, in
// chunks, so memory stays bounded however long the input is. DecodeAudio* below read
// a whole (length-limited) input through it.
//
// Every problem is a sori::Error naming the input: empty, not audio, sample rate or
// channel count out of range, longer than max_duration_sec (checked against the header
// before reading, and again while reading for formats whose header can lie), truncated
// (fewer frames than the header declares), NaN/Inf samples, or a bad segment.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "audio/audio.h"
#include "audio/byte_source.h"

namespace sori {

class SndfileHandle;
class Resampler;

class AudioReader {
 public:
  AudioReader(std::unique_ptr<ByteSource> source, const DecodeOptions& options);
  ~AudioReader();
  AudioReader(const AudioReader&) = delete;
  AudioReader& operator=(const AudioReader&) = delete;

  static std::unique_ptr<AudioReader> OpenFile(const std::string& path,
                                               const DecodeOptions& options);
  static std::unique_ptr<AudioReader> OpenMemory(std::string bytes, const std::string& name,
                                                 const DecodeOptions& options);

  const AudioInfo& info() const;
  int output_sample_rate() const { return output_rate_; }
  // Output samples the whole read is expected to produce (from the header).
  int64_t expected_output_samples() const;

  // Appends the next chunk of output samples to *out. Returns false once the input is
  // exhausted (nothing more was appended).
  bool ReadChunk(std::vector<float>* out);

 private:
  std::unique_ptr<SndfileHandle> handle_;
  std::unique_ptr<Resampler> resampler_;
  DecodeOptions options_;
  int output_rate_ = 0;
  int64_t begin_frame_ = 0;     // first source frame of the segment
  int64_t end_frame_ = -1;      // one past the last source frame wanted; -1: to EOF
  int64_t position_ = 0;        // next source frame to read
  int64_t max_frames_ = 0;      // source frames allowed by max_duration_sec
  bool done_ = false;
  std::vector<float> interleaved_;
  std::vector<float> mono_;
};

// Reads a whole input (within options.max_duration_sec).
Audio DecodeAudioFile(const std::string& path, const DecodeOptions& options = {});
Audio DecodeAudioMemory(std::string bytes, const std::string& name,
                        const DecodeOptions& options = {});

// Header facts without decoding samples. Applies the format, sample-rate and channel
// checks but not the duration limit, so long files can be inspected.
AudioInfo ProbeAudioFile(const std::string& path, const DecodeOptions& options = {});

}  // namespace sori
