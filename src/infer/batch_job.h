// One request inside the DynamicBatcher: its audio, cut into segments only as the
// batcher asks for them, and the transcripts of those segments, stitched in order once
// the last one is in.
//
// A short request (at most one segment long) is one segment, its audio held whole. A
// long one is pulled a few segments at a time: from its samples, or from pieces decoded
// on demand (AudioPieces), so a ten-minute upload holds its compressed bytes, a decoder
// and the segments of the batch it is in, never its whole waveform. Long requests thus
// share batches and workers with short ones (batcher.h decides who goes next).
//
// Not thread-safe: the batcher lets one worker at a time touch a job.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "infer/recognizer.h"
#include "infer/segmenter.h"
#include "util/error.h"

namespace sori {

// Fills *out with the next piece of audio (at the recognizer's sample rate); returns
// false at the end. May throw sori::Error (audio that turns out corrupt or too long).
using AudioPieces = std::function<bool(std::vector<float>* out)>;

// Told the request's transcript or its error, exactly once, on a worker thread.
using BatchCallback = std::function<void(Transcript* result, const Error* error)>;

// Told, on a worker thread after each batch a long request was in, the seconds of its
// audio recognized so far. Must not throw.
using BatchProgress = std::function<void(double seconds_done)>;

class BatchJob {
 public:
  // Whole audio; long audio is segmented lazily all the same.
  BatchJob(std::vector<float> audio, const RecognizerOptions& options, BatchCallback done, int sample_rate);
  // Audio of any length, decoded piece by piece as segments are pulled.
  BatchJob(AudioPieces pieces, const RecognizerOptions& options, BatchCallback done, int sample_rate);

  bool is_long() const { return long_; }
  const RecognizerOptions& options() const { return options_; }
  std::chrono::steady_clock::time_point submitted() const { return submitted_; }

  // Moves up to `n` next segments into *out, decoding more audio as needed; returns how
  // many. Throws sori::Error for audio that cannot be decoded.
  int Pull(int n, std::vector<AudioSegment>* out);
  // True once every segment has been pulled.
  bool exhausted() const { return exhausted_; }
  // The transcript of segment `index` (in pull order, starting at `start_sample`).
  void Complete(int index, Transcript part, int64_t start_sample);
  // Calls `progress` after each Complete (see BatchProgress).
  void set_progress(BatchProgress progress) { progress_ = std::move(progress); }
  // Every segment pulled and transcribed.
  bool finished() const { return exhausted_ && completed_ == pulled_; }
  int pulled() const { return pulled_; }

  // Records an error met by the worker holding the job (outside the batcher's lock);
  // TakeFailure, under the lock, makes the first one `failure`.
  void Fail(Error error) {
    if (!worker_error_) worker_error_ = std::move(error);
  }
  void TakeFailure() {
    if (worker_error_ && !failure) failure = std::move(worker_error_);
    worker_error_.reset();
  }

  // Answers the request: the stitched transcript, or `error`. Once only.
  void Answer(const Error* error);

  // Scheduling state kept by the batcher (under its lock).
  bool busy = false;             // a worker holds it (pulling or running its segments)
  std::optional<Error> failure;  // answered with this once no worker holds it

 private:
  void PullPieces(int n);

  RecognizerOptions options_;
  BatchCallback done_;
  int sample_rate_;
  std::chrono::steady_clock::time_point submitted_;
  bool long_ = false;
  std::vector<float> whole_;                 // a short request's audio
  AudioPieces pieces_;                       // a long request's source
  std::unique_ptr<Segmenter> segmenter_;
  bool source_ended_ = false;
  bool exhausted_ = false;
  int pulled_ = 0, completed_ = 0;
  std::vector<std::optional<Transcript>> parts_;
  std::vector<int64_t> starts_;
  std::optional<Error> worker_error_;
  bool answered_ = false;
  BatchProgress progress_;
  double seconds_done_ = 0;
};

}  // namespace sori
