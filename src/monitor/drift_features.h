// The features of one request that Sori watches for drift: six of its input audio,
// four of its transcript. A shift in their distribution against a baseline (drift_baseline.h)
// says production traffic no longer looks like what the model was validated on (new
// microphones, a telephone channel, louder or noisier rooms) or that the model's
// output changed (lower confidence, more empty transcripts), before anyone has labels.
//
// Input features (AudioFeatureMeter), units in brackets:
//   duration_seconds [s]    samples / sample_rate.
//   rms_dbfs [dBFS]         20 log10(rms over all samples), floor -120 (digital silence).
//   clipping_ratio [0..1]   fraction of samples with |x| >= 0.99. Not 0.999: audio that was
//                           hard-clipped and then resampled (to 16 kHz, as everything
//                           served is) keeps its plateaus as ripple within ~1% of full
//                           scale; clean speech, even peak-normalized, has only a handful
//                           of samples that high.
//   snr_db [dB]             frames of 25 ms every 10 ms, each frame's energy
//                           10 log10(mean x^2) (floor -120 dB); the 95th percentile frame
//                           energy minus the 10th percentile (the noise floor: the
//                           quietest frames are pauses), clamped to [0, 100]. Digital
//                           silence in the pauses gives 100. Audio with pauses in fewer
//                           than 10% of its frames reads low (the floor lands in speech).
//   bandwidth_hz [Hz]       from the average power spectrum of the frames, see
//                           spectrum_average.h: ~6-8 kHz for 16 kHz speech, <= 4 kHz for
//                           audio that went through an 8 kHz channel.
//   speech_ratio [0..1]     fraction of frames whose energy exceeds the noise floor by
//                           max(6 dB, 0.3 x snr_db): clean speech with pauses is clearly
//                           below 1; noise that fills the pauses lowers snr_db and with it
//                           the margin, and quiet speech frames sink under it. A steady
//                           tone or steady noise reads 0 (nothing rises above the floor).
// Frame energies are kept as a 0.1 dB histogram (energy_histogram.h), so a meter's
// memory is constant (about 12 KB plus one frame of carried-over samples) for any
// length. Audio shorter than one frame has no frames: snr_db, speech_ratio and
// bandwidth_hz are 0.
//
// Output features (MeasureTranscript):
//   mean_word_confidence, min_word_confidence [0..1]  over the transcript's words; NaN
//                           without words.
//   tokens_per_second [1/s] hypothesis tokens / audio_seconds; 0 without audio. NaN when
//                           the transcript has words but no hypothesis tokens: long audio
//                           stitched from segments (infer's AppendTranscript keeps only
//                           the frame count), so that case is left out, not counted as 0.
//   empty_transcript [0/1]  1 when the text is empty or only white space.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "infer/transcript.h"
#include "monitor/energy_histogram.h"
#include "monitor/spectrum_average.h"

namespace sori {

// The features watched for drift, in this order. Names are the `feature` label of stt_drift_score.
enum class DriftFeature {
  kDurationSeconds,
  kRmsDbfs,
  kClippingRatio,
  kSnrDb,
  kBandwidthHz,
  kSpeechRatio,
  kMeanWordConfidence,
  kMinWordConfidence,
  kTokensPerSecond,
  kEmptyTranscript
};
constexpr int kDriftFeatureCount = 10;
// "duration_seconds", "rms_dbfs", "clipping_ratio", "snr_db", "bandwidth_hz", "speech_ratio",
// "mean_word_confidence", "min_word_confidence", "tokens_per_second", "empty_transcript"
const char* DriftFeatureName(DriftFeature f);
std::optional<DriftFeature> DriftFeatureFromName(const std::string& name);
// One request's features, indexed by static_cast<int>(DriftFeature); NaN where a feature
// does not apply (word confidences of an empty transcript).
using DriftSample = std::array<double, kDriftFeatureCount>;

// Input features of audio given in chunks (long audio is decoded piece by piece in the
// server and never held whole), mono float PCM in [-1, 1] at `sample_rate`. Frames
// straddling chunk boundaries are completed from the carried-over tail, and every sum
// runs in sample order, so results do not depend on how the audio is chunked (bit for
// bit). One meter per request; not thread-safe.
class AudioFeatureMeter {
 public:
  explicit AudioFeatureMeter(int sample_rate);  // Error(kInvalidInput) below 1000 Hz
  void Add(const float* samples, size_t n);     // any chunk sizes
  void Add(const std::vector<float>& samples) { Add(samples.data(), samples.size()); }
  struct Result {
    double duration_seconds, rms_dbfs, clipping_ratio, snr_db, bandwidth_hz, speech_ratio;
  };
  Result Finish() const;  // may be called at any point, and again after more Add()s

 private:
  void ConsumeFrames();

  int sample_rate_;
  size_t frame_length_, hop_;
  int64_t samples_ = 0, clipped_ = 0, frames_ = 0;
  double sum_squares_ = 0.0;
  std::vector<float> pending_;  // samples not yet past every frame that needs them
  size_t pending_start_ = 0;    // where the next frame starts in pending_
  EnergyHistogram energies_;
  SpectrumAverage spectrum_;
};

// Output features of a transcript (see above); fills the last four entries of `sample`.
void MeasureTranscript(const Transcript& t, DriftSample* sample);
DriftSample MakeDriftSample(const AudioFeatureMeter::Result& audio, const Transcript& t);

}  // namespace sori
