#include "infer/recognizer.h"

#include <cstring>

#include "util/error.h"

namespace sori {

Recognizer::Recognizer(const std::string& package_dir, const torch::Device& device)
    : model_(LoadModelPackage(package_dir, device)), features_(MakeFeatureExtractor(model_.config, model_.preprocessor, device)), device_(device) {}

std::vector<Transcript> Recognizer::Transcribe(const std::vector<std::vector<float>>& audio) {
  std::vector<Transcript> out(audio.size());
  if (audio.empty()) return out;
  size_t longest = 1;
  for (const auto& a : audio) longest = std::max(longest, a.size());
  at::Tensor waves = at::zeros({static_cast<int64_t>(audio.size()), static_cast<int64_t>(longest)}, at::kFloat);
  at::Tensor lengths = at::empty({static_cast<int64_t>(audio.size())}, at::kLong);
  for (size_t i = 0; i < audio.size(); ++i) {
    if (!audio[i].empty()) {
      std::memcpy(waves[static_cast<int64_t>(i)].data_ptr<float>(), audio[i].data(), audio[i].size() * sizeof(float));
    }
    lengths[static_cast<int64_t>(i)] = static_cast<int64_t>(audio[i].size());
    out[i].audio_seconds = static_cast<double>(audio[i].size()) / model_.config.sample_rate;
  }
  torch::NoGradGuard no_grad;
  const Features f = features_.Compute(waves, lengths);
  const CtcOutput o = model_.model->forward(f.values, f.lengths);
  const auto hyps = GreedyCtcBatch(o.log_probs, o.lengths, model_.model->blank_id());
  for (size_t i = 0; i < audio.size(); ++i) {
    out[i].hypothesis = hyps[i];
    out[i].text = model_.tokenizer->Decode(hyps[i].tokens);
  }
  return out;
}

}  // namespace sori
