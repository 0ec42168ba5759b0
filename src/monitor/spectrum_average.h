// The average power spectrum of an input's frames, and the bandwidth read from it: how
// far up in frequency the audio has content. Band-limited audio (a telephone channel,
// 8 kHz audio upsampled to 16 kHz, a codec's low-pass) has none above its cut-off.
//
// Each analysed frame has its mean removed (a DC offset would otherwise be the peak),
// is Hann-windowed and zero-padded to `fft_size` points. To stay cheap on hour-long
// audio, frame k (counted from the input's start) is analysed when k % 4 == 0 during the
// first 24,000 frames (4 minutes at a 10 ms hop) and when k % 40 == 0 after that: about
// 14,400 FFTs for an hour. The choice depends only on k, so the result does not depend on
// how the audio was chunked.
//
// Bandwidth rule: bins 1 .. fft_size/2 (DC excluded) are summed in 64 equal bands
// (sample_rate / 128 Hz wide: 125 Hz at 16 kHz); the bandwidth is the upper edge of the
// highest band whose power is within 60 dB of the strongest band's. Speech recorded at
// 16 kHz keeps fricative energy well within 60 dB up to 6-8 kHz; audio that went through
// an 8 kHz sample rate has nothing above 4 kHz but the resampler's stop-band (~100 dB
// down), so it measures <= 4 kHz. 0 when no frame was analysed or all were silent.
#pragma once

#include <cstdint>
#include <vector>

#include "monitor/fft.h"

namespace sori {

class SpectrumAverage {
 public:
  SpectrumAverage(int sample_rate, size_t frame_length);
  // Whether the frame with this index (0-based, from the input's start) is analysed.
  static bool Analyses(int64_t frame_index);
  void AddFrame(const float* frame);  // frame_length samples
  double BandwidthHz() const;
  int64_t frames() const { return frames_; }

 private:
  int sample_rate_;
  size_t frame_length_;
  RadixTwoFft fft_;
  std::vector<double> window_;
  std::vector<double> power_sum_;  // per bin, summed over analysed frames
  std::vector<double> padded_, power_;  // scratch
  int64_t frames_ = 0;
};

}  // namespace sori
