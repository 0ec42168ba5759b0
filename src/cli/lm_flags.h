// Command-line flags for decoding with a language model, shared by eval, transcribe,
// bench and serve: the beam width, the package's LM weight and bonus, --no-lm, and (not
// for serve, whose model can be swapped) an ARPA file to use instead of the package's.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "infer/recognizer.h"

namespace sori::cli {

struct LmFlags {
  std::string lm_path;  // --lm: an ARPA file built for the model's tokenizer
  std::optional<float> weight;
  std::optional<float> bonus;
  bool no_lm = false;

  // Adds --beam (into `options->beam`), --lm-weight, --lm-bonus, --no-lm and, if
  // `with_file`, --lm. `max_beam`: the largest --beam accepted.
  void AddTo(CLI::App* command, RecognizerOptions* options, bool with_file = true, int max_beam = 256);
  // Fills `options`' LM settings from the flags (validated).
  void ApplyTo(RecognizerOptions* options) const;
  // Loads --lm (if given) into `recognizer`, checked against its tokenizer, with the
  // flags' weight and bonus (or the defaults for a foreign LM: weight 0.5, bonus 1, beam 8).
  void LoadInto(Recognizer* recognizer) const;
};

}  // namespace sori::cli
