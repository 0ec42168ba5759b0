#include "infer/recognizer.h"

#include <algorithm>
#include <cstring>

#include "util/error.h"

namespace sori {

void RecognizerOptions::Validate() const {
  if (beam < 0 || beam > 256) throw Error(ErrorCode::kInvalidInput, "beam must be in [1, 256] (0: the model's default), got " + std::to_string(beam));
  if (lm_weight && !(*lm_weight >= 0.0f && *lm_weight <= 10.0f)) {
    throw Error(ErrorCode::kInvalidInput, "lm_weight must be in [0, 10], got " + std::to_string(*lm_weight));
  }
  if (lm_bonus && !(*lm_bonus >= -20.0f && *lm_bonus <= 20.0f)) {
    throw Error(ErrorCode::kInvalidInput, "lm_bonus must be in [-20, 20], got " + std::to_string(*lm_bonus));
  }
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

void Recognizer::UseLanguageModel(PackageLm lm) {
  if (lm.lm) {
    lm.Validate();
    if (lm.lm->vocab_size() != model_.tokenizer->vocab_size()) {
      throw Error(ErrorCode::kInvalidInput, "the language model has " + std::to_string(lm.lm->vocab_size()) +
                                                " tokens, the model " + std::to_string(model_.tokenizer->vocab_size()));
    }
  }
  model_.lm = std::move(lm);
}

int Recognizer::EffectiveBeam(const RecognizerOptions& options) const {
  if (options.beam > 0) return options.beam;
  return model_.lm.lm ? model_.lm.beam : 1;
}

bool Recognizer::UsesLanguageModel(const RecognizerOptions& options) const {
  return model_.lm.lm && options.lm_weight.value_or(model_.lm.weight) > 0.0f && EffectiveBeam(options) > 1;
}

size_t Recognizer::WeightBytes() const {
  size_t bytes = 0;
  for (const at::Tensor& p : model_.model->parameters()) bytes += p.nbytes();
  for (const at::Tensor& b : model_.model->buffers()) bytes += b.nbytes();
  return bytes;
}

double Recognizer::frame_seconds() const {
  return model_.config.encoder.subsampling_factor * static_cast<double>(model_.config.preprocessor.hop_length()) /
         model_.config.sample_rate;
}

// The model's output for the inputs at least one encoder frame long (`run`, their
// indices); shorter ones have nothing to recognize (and would give the subsampling
// convolutions an empty input).
CtcOutput Recognizer::Forward(const std::vector<std::vector<float>>& audio, std::vector<size_t>* run) const {
  const size_t min_samples = static_cast<size_t>(model_.config.encoder.subsampling_factor) *
                             static_cast<size_t>(model_.config.preprocessor.hop_length());
  size_t longest = 1;
  for (size_t i = 0; i < audio.size(); ++i) {
    if (audio[i].size() < min_samples) continue;
    run->push_back(i);
    longest = std::max(longest, audio[i].size());
  }
  if (run->empty()) return {};
  at::Tensor waves = at::zeros({static_cast<int64_t>(run->size()), static_cast<int64_t>(longest)}, at::kFloat);
  at::Tensor lengths = at::empty({static_cast<int64_t>(run->size())}, at::kLong);
  for (size_t k = 0; k < run->size(); ++k) {
    const std::vector<float>& a = audio[(*run)[k]];
    std::memcpy(waves[static_cast<int64_t>(k)].data_ptr<float>(), a.data(), a.size() * sizeof(float));
    lengths[static_cast<int64_t>(k)] = static_cast<int64_t>(a.size());
  }
  torch::NoGradGuard no_grad;
  CtcModel model = model_.model;  // a handle: forward() is not const, the weights are not changed
  const Features f = features_.Compute(waves, lengths);
  return model->forward(f.values, f.lengths);
}

std::vector<Transcript> Recognizer::Transcribe(const std::vector<std::vector<float>>& audio,
                                               const RecognizerOptions& options) const {
  options.Validate();
  std::vector<Transcript> out(audio.size());
  for (size_t i = 0; i < audio.size(); ++i) out[i].audio_seconds = static_cast<double>(audio[i].size()) / model_.config.sample_rate;
  std::vector<size_t> run;
  const CtcOutput o = Forward(audio, &run);
  if (run.empty()) return out;
  const std::vector<CtcHypothesis> hyps = Decode(o.log_probs, o.lengths, options);
  for (size_t k = 0; k < run.size(); ++k) {
    Transcript& t = out[run[k]];
    t.hypothesis = hyps[k];
    t.text = model_.tokenizer->Decode(hyps[k].tokens);
    t.words = WordsFromHypothesis(hyps[k], *model_.tokenizer, frame_seconds());
    t.confidence = hyps[k].frame_confidence;
  }
  return out;
}

std::vector<CtcHypothesis> Recognizer::Decode(const at::Tensor& log_probs, const at::Tensor& lengths,
                                              const RecognizerOptions& options) const {
  const int blank = model_.model->blank_id();
  const int beam = EffectiveBeam(options);
  if (beam == 1) return GreedyCtcBatch(log_probs, lengths, blank);
  LmFusion fusion;
  if (model_.lm.lm) {
    fusion.lm = model_.lm.lm.get();
    fusion.weight = options.lm_weight.value_or(model_.lm.weight);
    fusion.bonus = options.lm_bonus.value_or(model_.lm.bonus);
  }
  return PrefixBeamSearchCtcBatch(log_probs, lengths, blank, beam, fusion);
}

std::vector<at::Tensor> Recognizer::LogProbs(const std::vector<std::vector<float>>& audio) const {
  std::vector<at::Tensor> out(audio.size(), at::empty({0, model_.config.vocab_size + 1}, at::kFloat));
  std::vector<size_t> run;
  const CtcOutput o = Forward(audio, &run);
  const at::Tensor lengths = o.lengths.defined() ? o.lengths.to(at::kCPU, at::kLong) : at::Tensor();
  for (size_t k = 0; k < run.size(); ++k) {
    const int64_t i = static_cast<int64_t>(k);
    out[run[k]] = o.log_probs[i].narrow(0, 0, lengths[i].item<int64_t>()).to(at::kCPU, at::kFloat).contiguous();
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
