// An open libsndfile decoder over a ByteSource, with the header checks every caller
// needs: empty input, unrecognized bytes, sample rate and channel bounds, WAV, RF64 and
// NIST files whose header claims more data than the file holds (libsndfile silently
// shortens those; we report them as truncated, see declared_length.h), and Ogg files
// whose length libsndfile cannot find (cut off or damaged). Internal to src/audio.
#pragma once

#include <memory>
#include <optional>

#include "audio/audio.h"
#include "audio/byte_source.h"

typedef struct sf_private_tag SNDFILE;

namespace sori {

class SndfileHandle {
 public:
  // `raw` set: headerless PCM in that format. Throws sori::Error naming source->name().
  SndfileHandle(std::unique_ptr<ByteSource> source, const std::optional<RawPcmFormat>& raw,
                const DecodeOptions& limits);
  ~SndfileHandle();
  SndfileHandle(const SndfileHandle&) = delete;
  SndfileHandle& operator=(const SndfileHandle&) = delete;

  const AudioInfo& info() const { return info_; }
  const std::string& name() const { return source_->name(); }
  // True if info().frames is exact (false for MPEG, whose length is estimated).
  bool frames_exact() const { return frames_exact_; }

  // Interleaved float frames; returns frames read (0 at end). Throws on decode errors.
  int64_t ReadFrames(float* interleaved, int64_t frames);
  // Seeks to an absolute frame; throws if the format cannot seek there.
  void Seek(int64_t frame);

  // libsndfile's virtual I/O state; public so the C callbacks can reach it.
  struct VirtualFile {
    const ByteSource* source;
    int64_t position;
  };

 private:
  std::unique_ptr<ByteSource> source_;
  VirtualFile vfile_{};
  struct CloseSndfile {
    void operator()(SNDFILE* f) const;
  };
  // Declared after vfile_ (which it reads from) so it closes first; a unique_ptr so a
  // constructor that throws after opening still closes the handle.
  std::unique_ptr<SNDFILE, CloseSndfile> sndfile_;
  AudioInfo info_;
  bool frames_exact_ = true;
};

}  // namespace sori
