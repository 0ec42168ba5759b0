// `sori lm attach`'s work: a copy of a model package that carries a token n-gram language
// model (built from sentences here, or read from an ARPA file), with the fusion weight and
// bonus tuned on a validation manifest or as given. Also the sentence reading that
// `sori lm build` shares.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "text/tokenizer.h"
#include "train/package_lm.h"

namespace sori {

struct LmAttachOptions {
  std::string package;                 // the source package folder, resolved
  std::string lm_path;                 // an ARPA file, or
  std::vector<std::string> manifests;  // sentences to build one from: manifests' transcripts
  std::vector<std::string> texts;      // and text files' lines
  int order = 8;                       // when building
  std::string tune_manifest;           // validation manifest for the weight and bonus
  LmSpec grid;                         // beam, weights and bonuses to try
  std::optional<float> weight;         // without tune_manifest
  std::optional<float> bonus;
  std::string out;                     // the new package folder; must not exist
};

struct LmAttachResult {
  PackageLm lm;                        // what the new package carries
  bool built = false;                  // built from sentences (else read from lm_path)
  std::optional<TunedLm> tuned;        // the grid, when tuned
  size_t val_utterances = 0;           // in the tuning manifest
};

// Refuses (kInvalidInput) options that cannot work, before anything is read: both or
// neither LM source, neither tuning nor a weight, tuning and a weight.
void CheckLmAttachOptions(const LmAttachOptions& options);

// Checks the options, builds or reads the LM, tunes it (with a progress bar) and writes
// options.out.
LmAttachResult AttachLm(const LmAttachOptions& options);

// The tokenized sentences of manifests' transcripts and text files' lines (blank lines
// skipped); a line the tokenizer refuses is an error naming the file and line. *tokens
// gets their total length.
std::vector<std::vector<int>> ReadLmSentences(const std::vector<std::string>& manifests,
                                              const std::vector<std::string>& texts, const Tokenizer& tokenizer,
                                              int64_t* tokens);

}  // namespace sori
