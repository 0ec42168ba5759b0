#include "infer/recognizer.h"

#include <algorithm>
#include <cstring>

#include "util/error.h"

namespace sori {

void RecognizerOptions::Validate() const {
  if (beam < 1 || beam > 256) throw Error(ErrorCode::kInvalidInput, "beam must be in [1, 256], got " + std::to_string(beam));
  if (max_batch_segments < 1 || max_batch_segments > 256) {
    throw Error(ErrorCode::kInvalidInput, "max_batch_segments must be in [1, 256], got " + std::to_string(max_batch_segments));
  }
  if (!(max_batch_seconds >= 1.0)) throw Error(ErrorCode::kInvalidInput, "max_batch_seconds must be at least 1");
  segments.Validate();
}

Recognizer::Recognizer(const std::string& package_dir, const torch::Device& device)
    : model_(LoadModelPackage(package_dir, device)),
      features_(MakeFeatureExtractor(model_.config, model_.preprocessor, device)),
      device_(device) {}

double Recognizer::frame_seconds() const {
  return model_.config.encoder.subsampling_factor * static_cast<double>(model_.config.preprocessor.hop_length()) /
         model_.config.sample_rate;
}

std::vector<Transcript> Recognizer::Transcribe(const std::vector<std::vector<float>>& audio,
                                               const RecognizerOptions& options) const {
  options.Validate();
  std::vector<Transcript> out(audio.size());
  // Inputs shorter than one encoder frame have nothing to recognize (and would give the
  // subsampling convolutions an empty input): they come back empty without running.
  const size_t min_samples = static_cast<size_t>(model_.config.encoder.subsampling_factor) *
                             static_cast<size_t>(model_.config.preprocessor.hop_length());
  std::vector<size_t> run;
  size_t longest = 1;
  for (size_t i = 0; i < audio.size(); ++i) {
    out[i].audio_seconds = static_cast<double>(audio[i].size()) / model_.config.sample_rate;
    if (audio[i].size() < min_samples) continue;
    run.push_back(i);
    longest = std::max(longest, audio[i].size());
  }
  if (run.empty()) return out;
  at::Tensor waves = at::zeros({static_cast<int64_t>(run.size()), static_cast<int64_t>(longest)}, at::kFloat);
  at::Tensor lengths = at::empty({static_cast<int64_t>(run.size())}, at::kLong);
  for (size_t k = 0; k < run.size(); ++k) {
    const std::vector<float>& a = audio[run[k]];
    std::memcpy(waves[static_cast<int64_t>(k)].data_ptr<float>(), a.data(), a.size() * sizeof(float));
    lengths[static_cast<int64_t>(k)] = static_cast<int64_t>(a.size());
  }
  torch::NoGradGuard no_grad;
  CtcModel model = model_.model;  // a handle: forward() is not const, the weights are not changed
  const Features f = features_.Compute(waves, lengths);
  const CtcOutput o = model->forward(f.values, f.lengths);
  const int blank = model->blank_id();
  const auto hyps = options.beam == 1 ? GreedyCtcBatch(o.log_probs, o.lengths, blank)
                                      : PrefixBeamSearchCtcBatch(o.log_probs, o.lengths, blank, options.beam);
  for (size_t k = 0; k < run.size(); ++k) {
    Transcript& t = out[run[k]];
    t.hypothesis = hyps[k];
    t.text = model_.tokenizer->Decode(hyps[k].tokens);
    t.words = WordsFromHypothesis(hyps[k], *model_.tokenizer, frame_seconds());
    t.confidence = hyps[k].frame_confidence;
  }
  return out;
}

Transcript Recognizer::TranscribeLong(const std::function<bool(std::vector<float>*)>& next, const RecognizerOptions& options,
                                      const std::function<void(double)>& on_segment) const {
  options.Validate();
  Segmenter segmenter(sample_rate(), options.segments);
  Transcript whole;
  double done_seconds = 0.0;
  // Segments are gathered a few batches at a time and batched by length (so a batch pads
  // little), then stitched in order. Memory: at most kBatchesGathered batches of segments.
  constexpr size_t kBatchesGathered = 4;
  const size_t batch_size = static_cast<size_t>(options.max_batch_segments);
  std::vector<AudioSegment> gathered;
  const auto run_gathered = [&] {
    if (gathered.empty()) return;
    std::vector<size_t> order(gathered.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return gathered[a].samples.size() > gathered[b].samples.size(); });
    std::vector<Transcript> parts(gathered.size());
    const double rate = sample_rate();
    for (size_t pos = 0, end = 0; pos < order.size(); pos = end) {
      // Longest first: the batch's first segment sets its padded length.
      const double longest = static_cast<double>(gathered[order[pos]].samples.size()) / rate;
      end = pos + 1;
      while (end < order.size() && end - pos < batch_size &&
             longest * static_cast<double>(end - pos + 1) <= options.max_batch_seconds) {
        ++end;
      }
      std::vector<std::vector<float>> audio;
      for (size_t k = pos; k < end; ++k) audio.push_back(std::move(gathered[order[k]].samples));
      std::vector<Transcript> out = Transcribe(audio, options);
      for (size_t k = pos; k < end; ++k) {
        done_seconds += out[k - pos].audio_seconds;
        parts[order[k]] = std::move(out[k - pos]);
      }
      if (on_segment) on_segment(done_seconds);
    }
    for (size_t i = 0; i < parts.size(); ++i) {
      AppendTranscript(&whole, parts[i], static_cast<double>(gathered[i].start_sample) / sample_rate());
    }
    gathered.clear();
  };
  const auto drain = [&] {
    AudioSegment s;
    while (segmenter.Next(&s)) {
      gathered.push_back(std::move(s));
      if (gathered.size() >= kBatchesGathered * batch_size) run_gathered();
    }
  };
  std::vector<float> piece;
  while (true) {
    piece.clear();
    const bool more = next(&piece);
    if (!piece.empty()) segmenter.Push(piece.data(), piece.size());
    drain();
    if (!more) break;
  }
  segmenter.Finish();
  drain();
  run_gathered();
  return whole;
}

Transcript Recognizer::TranscribeLong(const std::vector<float>& audio, const RecognizerOptions& options) const {
  // Handed over a second at a time: the segmenter's buffer never holds more than a segment.
  const size_t piece = static_cast<size_t>(sample_rate());
  size_t pos = 0;
  return TranscribeLong(
      [&](std::vector<float>* out) {
        const size_t n = std::min(piece, audio.size() - pos);
        out->assign(audio.begin() + static_cast<std::ptrdiff_t>(pos), audio.begin() + static_cast<std::ptrdiff_t>(pos + n));
        pos += n;
        return pos < audio.size();
      },
      options);
}

}  // namespace sori
