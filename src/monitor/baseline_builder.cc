#include "monitor/baseline_builder.h"

#include <algorithm>
#include <string>
#include <vector>

#include "data/entry_audio.h"
#include "util/error.h"

namespace sori {
namespace {

// The entry's audio at `sample_rate`, as evaluation decodes it, or an error naming the line.
std::vector<float> LoadBaselineAudio(const Manifest& manifest, const ManifestEntry& entry, int sample_rate) {
  try {
    return DecodeEntryAudio(entry, sample_rate);
  } catch (const Error& e) {
    throw Error(ErrorCode::kInvalidInput, "drift baseline: manifest '" + manifest.path + "' line " +
                                              std::to_string(entry.line) + ": audio '" + entry.audio_filepath +
                                              "' did not load: " + e.what());
  }
}

AudioFeatureMeter::Result MeterAudio(const std::vector<float>& audio, int sample_rate) {
  AudioFeatureMeter meter(sample_rate);
  meter.Add(audio);
  return meter.Finish();
}

// One batch: short utterances transcribed together, long ones one by one.
void MeasureBatch(const Recognizer& recognizer, const RecognizerOptions& options, std::vector<std::vector<float>> audio,
                  std::vector<DriftSample>* samples) {
  const int rate = recognizer.sample_rate();
  const auto max_short = static_cast<size_t>(options.segments.max_seconds * rate);
  std::vector<AudioFeatureMeter::Result> meters;
  std::vector<std::vector<float>> short_audio;
  std::vector<Transcript> transcripts(audio.size());
  std::vector<size_t> short_index;
  for (size_t i = 0; i < audio.size(); ++i) {
    meters.push_back(MeterAudio(audio[i], rate));
    if (audio[i].size() <= max_short) {
      short_index.push_back(i);
      short_audio.push_back(std::move(audio[i]));
    } else {
      transcripts[i] = recognizer.TranscribeLong(audio[i], options);
    }
  }
  if (!short_audio.empty()) {
    std::vector<Transcript> out = recognizer.Transcribe(short_audio, options);
    for (size_t k = 0; k < out.size(); ++k) transcripts[short_index[k]] = std::move(out[k]);
  }
  for (size_t i = 0; i < audio.size(); ++i) samples->push_back(MakeDriftSample(meters[i], transcripts[i]));
}

}  // namespace

DriftBaseline BaselineFromManifest(const Recognizer& recognizer, const Manifest& manifest,
                                   const RecognizerOptions& options, int batch_size,
                                   std::function<void(size_t, size_t)> progress) {
  if (batch_size < 1) {
    throw Error(ErrorCode::kInvalidInput, "drift baseline: batch_size must be >= 1, got " + std::to_string(batch_size));
  }
  options.Validate();
  const size_t total = manifest.entries.size();
  std::vector<DriftSample> samples;
  samples.reserve(total);
  for (size_t start = 0; start < total; start += static_cast<size_t>(batch_size)) {
    const size_t end = std::min(total, start + static_cast<size_t>(batch_size));
    std::vector<std::vector<float>> audio;
    for (size_t i = start; i < end; ++i) {
      audio.push_back(LoadBaselineAudio(manifest, manifest.entries[i], recognizer.sample_rate()));
    }
    MeasureBatch(recognizer, options, std::move(audio), &samples);
    if (progress) progress(end, total);
  }
  return BuildDriftBaseline(samples, 10, manifest.path);
}

}  // namespace sori
