#include "audio/reader.h"

#include <cmath>

#include "audio/resampler.h"
#include "audio/sndfile_handle.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr int64_t kChunkFrames = 16384;

std::string Seconds(double s) { return FormatFixed(s, 2) + " s"; }

}  // namespace

AudioReader::AudioReader(std::unique_ptr<ByteSource> source, const DecodeOptions& options)
    : options_(options) {
  options_.Validate();
  const auto raw = RawFormatFor(source->name(), options_);
  handle_ = std::make_unique<SndfileHandle>(std::move(source), raw, options_);
  const AudioInfo& in = handle_->info();
  const std::string& name = handle_->name();
  output_rate_ = options_.target_sample_rate > 0 ? options_.target_sample_rate : in.sample_rate;

  // Segment bounds in source frames.
  begin_frame_ = std::llround(options_.offset_sec * in.sample_rate);
  if (begin_frame_ > 0 && begin_frame_ >= in.frames) {
    throw Error(ErrorCode::kInvalidInput,
                "'" + name + "': offset " + Seconds(options_.offset_sec) +
                    " is past the end of the audio (" + Seconds(in.duration_sec) + ")");
  }
  if (options_.duration_sec > 0) {
    end_frame_ = begin_frame_ + std::llround(options_.duration_sec * in.sample_rate);
    if (handle_->frames_exact() && end_frame_ > in.frames + in.sample_rate / 100) {
      throw Error(ErrorCode::kInvalidInput,
                  "'" + name + "': segment " + Seconds(options_.offset_sec) + " + " +
                      Seconds(options_.duration_sec) + " runs past the end of the audio (" +
                      Seconds(in.duration_sec) + ")");
    }
    end_frame_ = std::min<int64_t>(end_frame_, in.frames);
  }

  // Duration limit against the header, before anything is allocated.
  max_frames_ = static_cast<int64_t>(std::floor(options_.max_duration_sec * in.sample_rate));
  const int64_t wanted = (end_frame_ >= 0 ? end_frame_ : in.frames) - begin_frame_;
  if (wanted > max_frames_) {
    throw Error(ErrorCode::kTooLarge,
                "'" + name + "': audio is " + Seconds(static_cast<double>(wanted) / in.sample_rate) +
                    " long, longer than the limit of " + Seconds(options_.max_duration_sec));
  }

  if (begin_frame_ > 0) handle_->Seek(begin_frame_);
  position_ = begin_frame_;
  if (output_rate_ != in.sample_rate) {
    resampler_ = std::make_unique<Resampler>(in.sample_rate, output_rate_);
  }
}

AudioReader::~AudioReader() = default;

std::unique_ptr<AudioReader> AudioReader::OpenFile(const std::string& path,
                                                   const DecodeOptions& options) {
  return std::make_unique<AudioReader>(ByteSource::OpenFile(path), options);
}

std::unique_ptr<AudioReader> AudioReader::OpenMemory(std::string bytes, const std::string& name,
                                                     const DecodeOptions& options) {
  return std::make_unique<AudioReader>(ByteSource::FromMemory(std::move(bytes), name), options);
}

const AudioInfo& AudioReader::info() const { return handle_->info(); }

int64_t AudioReader::expected_output_samples() const {
  const AudioInfo& in = handle_->info();
  const int64_t frames = (end_frame_ >= 0 ? end_frame_ : in.frames) - begin_frame_;
  return static_cast<int64_t>(
      std::ceil(static_cast<double>(frames) * output_rate_ / in.sample_rate));
}

bool AudioReader::ReadChunk(std::vector<float>* out) {
  if (done_) return false;
  const AudioInfo& in = handle_->info();
  const std::string& name = handle_->name();
  const int channels = in.channels;

  int64_t want = kChunkFrames;
  if (end_frame_ >= 0) want = std::min(want, end_frame_ - position_);
  int64_t got = 0;
  if (want > 0) {
    interleaved_.resize(static_cast<size_t>(want * channels));
    got = handle_->ReadFrames(interleaved_.data(), want);
  }

  if (got == 0) {
    // End of input: a short read against an exact header means the file is cut off.
    const int64_t expected_end = end_frame_ >= 0 ? end_frame_ : in.frames;
    if (handle_->frames_exact() && position_ < expected_end) {
      throw Error(ErrorCode::kInvalidInput,
                  "'" + name + "': truncated: the header declares " + std::to_string(in.frames) +
                      " frames (" + Seconds(in.duration_sec) + ") but only " +
                      std::to_string(position_) + " could be decoded");
    }
    done_ = true;
    const size_t before = out->size();
    if (resampler_) resampler_->Flush(out);
    return out->size() > before;
  }

  if (position_ - begin_frame_ + got > max_frames_) {
    throw Error(ErrorCode::kTooLarge, "'" + name + "': audio is longer than the limit of " +
                                          Seconds(options_.max_duration_sec) +
                                          " (its header understated the length)");
  }

  // Reject non-finite samples (float formats can store them) and down-mix to mono.
  mono_.resize(static_cast<size_t>(got));
  const float scale = 1.0f / static_cast<float>(channels);
  for (int64_t f = 0; f < got; ++f) {
    float sum = 0.0f;
    for (int c = 0; c < channels; ++c) {
      const float v = interleaved_[static_cast<size_t>(f * channels + c)];
      if (!std::isfinite(v)) {
        const int64_t frame = position_ + f;
        throw Error(ErrorCode::kInvalidInput,
                    "'" + name + "': sample " + std::to_string(frame) + " (at " +
                        Seconds(static_cast<double>(frame) / in.sample_rate) + ", channel " +
                        std::to_string(c) + ") is " + (std::isnan(v) ? "NaN" : "infinite") +
                        "; the audio is corrupt");
      }
      sum += v;
    }
    mono_[static_cast<size_t>(f)] = channels == 1 ? sum : sum * scale;
  }
  position_ += got;

  if (resampler_) {
    resampler_->Process(mono_.data(), mono_.size(), out);
  } else {
    out->insert(out->end(), mono_.begin(), mono_.end());
  }
  return true;
}

Audio DecodeAudioFile(const std::string& path, const DecodeOptions& options) {
  AudioReader reader(ByteSource::OpenFile(path), options);
  Audio audio;
  audio.sample_rate = reader.output_sample_rate();
  audio.samples.reserve(static_cast<size_t>(reader.expected_output_samples()) + 64);
  while (reader.ReadChunk(&audio.samples)) {
  }
  return audio;
}

Audio DecodeAudioMemory(std::string bytes, const std::string& name, const DecodeOptions& options) {
  AudioReader reader(ByteSource::FromMemory(std::move(bytes), name), options);
  Audio audio;
  audio.sample_rate = reader.output_sample_rate();
  audio.samples.reserve(static_cast<size_t>(reader.expected_output_samples()) + 64);
  while (reader.ReadChunk(&audio.samples)) {
  }
  return audio;
}

AudioInfo ProbeAudioFile(const std::string& path, const DecodeOptions& options) {
  options.Validate();
  const auto raw = RawFormatFor(path, options);
  SndfileHandle handle(ByteSource::OpenFile(path), raw, options);
  return handle.info();
}

}  // namespace sori
