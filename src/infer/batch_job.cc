#include "infer/batch_job.h"

#include <algorithm>

namespace sori {

namespace {

bool LongerThanASegment(size_t samples, const RecognizerOptions& options, int sample_rate) {
  return static_cast<double>(samples) > options.segments.max_seconds * sample_rate;
}

}  // namespace

BatchJob::BatchJob(std::vector<float> audio, const RecognizerOptions& options, BatchCallback done, int sample_rate)
    : options_(options), done_(std::move(done)), sample_rate_(sample_rate), submitted_(std::chrono::steady_clock::now()) {
  if (!LongerThanASegment(audio.size(), options_, sample_rate_)) {
    whole_ = std::move(audio);
    return;
  }
  // Handed to the segmenter a second at a time, as Recognizer::TranscribeLong does, so
  // its buffer never holds more than a segment beyond what the job already owns.
  long_ = true;
  auto samples = std::make_shared<std::vector<float>>(std::move(audio));
  auto pos = std::make_shared<size_t>(0);
  const size_t piece = static_cast<size_t>(sample_rate_);
  pieces_ = [samples, pos, piece](std::vector<float>* out) {
    const size_t n = std::min(piece, samples->size() - *pos);
    out->assign(samples->begin() + static_cast<std::ptrdiff_t>(*pos), samples->begin() + static_cast<std::ptrdiff_t>(*pos + n));
    *pos += n;
    return *pos < samples->size();
  };
  segmenter_ = std::make_unique<Segmenter>(sample_rate_, options_.segments);
}

BatchJob::BatchJob(AudioPieces pieces, const RecognizerOptions& options, BatchCallback done, int sample_rate)
    : options_(options),
      done_(std::move(done)),
      sample_rate_(sample_rate),
      submitted_(std::chrono::steady_clock::now()),
      long_(true),
      pieces_(std::move(pieces)),
      segmenter_(std::make_unique<Segmenter>(sample_rate, options.segments)) {}

int BatchJob::Pull(int n, std::vector<AudioSegment>* out) {
  if (exhausted_ || n <= 0) return 0;
  if (!long_) {
    out->push_back({0, std::move(whole_)});
    exhausted_ = true;
    ++pulled_;
    return 1;
  }
  int got = 0;
  AudioSegment s;
  while (got < n) {
    if (!segmenter_->Next(&s)) {
      if (source_ended_) break;
      PullPieces(n - got);
      continue;
    }
    out->push_back(std::move(s));
    ++got;
  }
  pulled_ += got;
  exhausted_ = source_ended_ && segmenter_->ready() == 0;
  return got;
}

// Decodes until the segmenter has `wanted` segments ready or the source ends.
void BatchJob::PullPieces(int wanted) {
  std::vector<float> piece;
  while (!source_ended_ && segmenter_->ready() < static_cast<size_t>(wanted)) {
    piece.clear();
    const bool more = pieces_(&piece);
    if (!piece.empty()) segmenter_->Push(piece.data(), piece.size());
    if (!more) {
      segmenter_->Finish();
      source_ended_ = true;
    }
  }
}

void BatchJob::Complete(int index, Transcript part, int64_t start_sample) {
  const size_t i = static_cast<size_t>(index);
  if (parts_.size() <= i) {
    parts_.resize(i + 1);
    starts_.resize(i + 1, 0);
  }
  seconds_done_ += part.audio_seconds;
  parts_[i] = std::move(part);
  starts_[i] = start_sample;
  ++completed_;
  if (progress_) progress_(seconds_done_);
}

void BatchJob::Answer(const Error* error) {
  if (answered_) return;
  answered_ = true;
  if (error) return done_(nullptr, error);
  if (!long_ && parts_.size() == 1) return done_(&*parts_[0], nullptr);
  Transcript whole;
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (parts_[i]) AppendTranscript(&whole, *parts_[i], static_cast<double>(starts_[i]) / sample_rate_);
  }
  done_(&whole, nullptr);
}

}  // namespace sori
