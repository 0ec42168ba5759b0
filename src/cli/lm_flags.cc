#include "cli/lm_flags.h"

#include <memory>

#include "model/package.h"
#include "util/error.h"

namespace sori::cli {

void LmFlags::AddTo(CLI::App* command, RecognizerOptions* options, bool with_file, int max_beam) {
  command
      ->add_option("--beam", options->beam,
                   "CTC decoding: 1 greedy, more: prefix beam search this wide; 0: the model's default "
                   "(its language model's beam, else greedy)")
      ->capture_default_str()
      ->check(CLI::Range(0, max_beam));
  command->add_option("--lm-weight", weight, "Language model weight (default: the one tuned for the model's LM; 0: off)")
      ->check(CLI::Range(0.0, 10.0));
  command->add_option("--lm-bonus", bonus, "Bonus per emitted token with a language model (default: the tuned one)")
      ->check(CLI::Range(-20.0, 20.0));
  command->add_flag("--no-lm", no_lm, "Decode without the model's language model");
  if (with_file) {
    command->add_option("--lm", lm_path, "Use this ARPA language model (built by `sori lm build` for the model's tokenizer)");
  }
}

void LmFlags::ApplyTo(RecognizerOptions* options) const {
  if (no_lm && (weight || bonus || !lm_path.empty())) {
    throw Error(ErrorCode::kInvalidInput, "--no-lm cannot be combined with --lm, --lm-weight or --lm-bonus");
  }
  options->lm_weight = no_lm ? std::optional<float>(0.0f) : weight;
  options->lm_bonus = bonus;
  options->Validate();
}

void LmFlags::LoadInto(Recognizer* recognizer) const {
  if (lm_path.empty()) return;
  const Tokenizer& tokenizer = *recognizer->model().tokenizer;
  PackageLm lm;
  lm.lm = std::make_shared<const NgramLm>(NgramLm::LoadArpa(lm_path, tokenizer, VocabularyHash(tokenizer)));
  lm.weight = weight.value_or(0.5f);
  lm.bonus = bonus.value_or(1.0f);
  lm.info = {{"source", lm_path}};
  recognizer->UseLanguageModel(std::move(lm));
}

}  // namespace sori::cli
