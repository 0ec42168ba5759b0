#include "infer/segmenter.h"

#include <limits>
#include <string>

#include "util/error.h"

namespace sori {

void SegmenterConfig::Validate() const {
  if (!(max_seconds >= 1.0 && max_seconds <= 600.0)) {
    throw Error(ErrorCode::kInvalidInput, "segmenter max_seconds must be in [1, 600], got " + std::to_string(max_seconds));
  }
  if (!(min_seconds > 0.0 && min_seconds <= max_seconds)) {
    throw Error(ErrorCode::kInvalidInput, "segmenter min_seconds must be in (0, max_seconds], got " + std::to_string(min_seconds));
  }
  if (!(block_seconds >= 0.005 && block_seconds <= min_seconds)) {
    throw Error(ErrorCode::kInvalidInput,
                "segmenter block_seconds must be in [0.005, min_seconds], got " + std::to_string(block_seconds));
  }
}

Segmenter::Segmenter(int sample_rate, const SegmenterConfig& config) : sample_rate_(sample_rate), config_(config) {
  config_.Validate();
  max_samples_ = static_cast<size_t>(config_.max_seconds * sample_rate_);
  min_samples_ = static_cast<size_t>(config_.min_seconds * sample_rate_);
  block_samples_ = std::max<size_t>(1, static_cast<size_t>(config_.block_seconds * sample_rate_));
}

void Segmenter::Push(const float* samples, size_t n) {
  if (finished_) throw Error(ErrorCode::kInternal, "Segmenter::Push after Finish");
  buffer_.insert(buffer_.end(), samples, samples + n);
  CutWhileFull();
}

void Segmenter::Finish() {
  if (finished_) return;
  finished_ = true;
  CutWhileFull();
  if (!buffer_.empty()) {
    ready_.push_back({buffer_start_, std::move(buffer_)});
    buffer_start_ += static_cast<int64_t>(ready_.back().samples.size());
    buffer_.clear();
  }
}

bool Segmenter::Next(AudioSegment* out) {
  if (ready_.empty()) return false;
  *out = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

void Segmenter::CutWhileFull() {
  while (buffer_.size() > max_samples_) {
    const size_t cut = QuietestCut();
    AudioSegment s;
    s.start_sample = buffer_start_;
    s.samples.assign(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(cut));
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(cut));
    buffer_start_ += static_cast<int64_t>(cut);
    ready_.push_back(std::move(s));
  }
}

size_t Segmenter::QuietestCut() const {
  // Blocks wholly inside [min, max); the first of equally quiet blocks wins, so a run of
  // silence is cut early and the next segment starts in it rather than in speech.
  size_t best = max_samples_;
  double best_energy = std::numeric_limits<double>::infinity();
  for (size_t begin = min_samples_; begin + block_samples_ <= max_samples_; begin += block_samples_) {
    double energy = 0.0;
    for (size_t i = begin; i < begin + block_samples_; ++i) energy += static_cast<double>(buffer_[i]) * buffer_[i];
    if (energy < best_energy) {
      best_energy = energy;
      best = begin + block_samples_ / 2;
    }
  }
  return best;
}

std::vector<AudioSegment> SegmentAudio(const std::vector<float>& samples, int sample_rate, const SegmenterConfig& config) {
  Segmenter segmenter(sample_rate, config);
  segmenter.Push(samples.data(), samples.size());
  segmenter.Finish();
  std::vector<AudioSegment> out;
  AudioSegment s;
  while (segmenter.Next(&s)) out.push_back(std::move(s));
  return out;
}

}  // namespace sori
