// Splits audio of any length into segments the model can take at once, cutting at the
// quietest point so words are rarely split: memory stays bounded by the segment length
// however long the input is (an hour of audio is never held whole).
//
// Audio is pushed in pieces as it is decoded; a segment is ready once more than
// max_seconds are buffered: the cut goes at the centre of the lowest-energy block
// (block_seconds long) between min_seconds and max_seconds from the segment's start.
// Finish() makes the rest one last segment. Inputs up to max_seconds are one segment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace sori {

struct SegmenterConfig {
  // 8 s: attention cost per second of audio grows with segment length; at 8 s an hour runs
  // as fast per second as 5 s clips (docs/architecture.md, "long audio").
  double max_seconds = 8.0;     // no segment is longer
  double min_seconds = 4.0;     // no cut before this, so segments keep enough context
  double block_seconds = 0.05;  // energy is compared over blocks this long
  void Validate() const;        // Error(kInvalidInput) naming the field
};

struct AudioSegment {
  int64_t start_sample = 0;  // offset of samples[0] in the whole input
  std::vector<float> samples;
};

class Segmenter {
 public:
  Segmenter(int sample_rate, const SegmenterConfig& config);
  void Push(const float* samples, size_t n);
  void Finish();
  // Moves the next ready segment into *out; false when none is ready.
  bool Next(AudioSegment* out);
  // Segments ready for Next().
  size_t ready() const { return ready_.size(); }

 private:
  void CutWhileFull();
  size_t QuietestCut() const;

  int sample_rate_;
  SegmenterConfig config_;
  size_t max_samples_, min_samples_, block_samples_;
  std::vector<float> buffer_;
  int64_t buffer_start_ = 0;
  bool finished_ = false;
  std::deque<AudioSegment> ready_;
};

// The segments of an in-memory signal.
std::vector<AudioSegment> SegmentAudio(const std::vector<float>& samples, int sample_rate,
                                       const SegmenterConfig& config = {});

}  // namespace sori
