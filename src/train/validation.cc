#include "train/validation.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>

#include "infer/ctc_decode.h"
#include "model/state_dict_io.h"
#include "text/metrics.h"

namespace sori {

ValidationResult Validate(CtcModel& model, DataLoader& loader, const Tokenizer& tokenizer, const torch::Device& device) {
  model->eval();
  torch::NoGradGuard no_grad;
  double loss_sum = 0, target_sum = 0;
  ErrorCounts chars, words;
  loader.Start(0);
  while (auto b = loader.Next()) {
    const CtcOutput out = model->forward(b->features.to(device), b->feature_lengths.to(device));
    // Utterances CTC cannot align (more tokens than frames) have infinite loss: they
    // count in CER/WER but not in the loss, numerator or denominator.
    const torch::Tensor per_utt =
        torch::ctc_loss(out.log_probs.transpose(0, 1), b->targets.to(out.log_probs.device()), out.lengths,
                        b->target_lengths.to(out.log_probs.device()), model->blank_id(), at::Reduction::None,
                        /*zero_infinity=*/false);
    const torch::Tensor finite = torch::isfinite(per_utt);
    loss_sum += torch::where(finite, per_utt, torch::zeros_like(per_utt)).sum().item<double>();
    target_sum += static_cast<double>(
        (b->target_lengths.to(finite.device()) * finite.to(torch::kLong)).sum().item<int64_t>());
    const auto hyps = GreedyCtcBatch(out.log_probs, out.lengths, model->blank_id());
    for (size_t i = 0; i < hyps.size(); ++i) {
      const std::string& ref = loader.entries()[static_cast<size_t>(b->utterances[i])].text;
      const std::string hyp = tokenizer.Decode(hyps[i].tokens);
      chars += AlignCharacters(ref, hyp).counts;
      words += AlignWords(ref, hyp).counts;
    }
  }
  model->train();
  return ValidationResult{loss_sum / std::max(1.0, target_sum), chars.rate(), words.rate()};
}

double MonitoredValue(const ValidationResult& v, const std::string& key) {
  if (key == "val/cer") return v.cer;
  if (key == "val/wer") return v.wer;
  return v.loss;
}

bool IsBetter(double a, double b, const std::string& mode) { return mode == "min" ? a < b : a > b; }

void KeepIfTopK(double value, const CheckpointSpec& spec, const std::string& run_dir, CtcModel& model,
                TrainerState* state, std::vector<std::string>* pruned) {
  auto& top = state->top_k;
  const bool enters_top = static_cast<int>(top.size()) < spec.save_top_k || IsBetter(value, top.back().value, spec.mode);
  if (!enters_top) return;
  const std::string dir = run_dir + "/checkpoints/best-" + std::to_string(state->global_step);
  SaveStateDict(dir + "/model.ckpt", model->GetStateDict());
  top.push_back({value, state->global_step, dir});
  std::stable_sort(top.begin(), top.end(),
                   [&](const TopCheckpoint& a, const TopCheckpoint& b) { return IsBetter(a.value, b.value, spec.mode); });
  while (static_cast<int>(top.size()) > spec.save_top_k) {
    // The new folder is not listed by checkpoints/last yet: nothing to wait for.
    if (top.back().dir != dir) pruned->push_back(top.back().dir);
    else std::filesystem::remove_all(dir);
    top.pop_back();
  }
}

std::string UpdateEarlyStopping(double value, const EarlyStoppingSpec& spec, TrainerState* state) {
  if (!state->has_best || IsBetter(value, state->best_value, spec.mode)) {
    state->best_value = value;
    state->has_best = true;
    state->bad_validations = 0;
  } else {
    state->bad_validations++;
  }
  if (spec.enabled && state->bad_validations >= spec.patience) {
    return "early stopping: " + spec.monitor + " did not improve for " + std::to_string(spec.patience) +
           " validations";
  }
  return "";
}

}  // namespace sori
