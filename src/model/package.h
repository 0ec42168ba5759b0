// A model package: one folder with everything needed to run (or keep training) a model,
// readable without Sori (config YAML, JSON, and weights Python's torch.load reads).
//
//   model.json     {"format": "sori-model", "format_version": 1, "architecture":
//                   "fastconformer-ctc", "sample_rate", "subsampling_factor", "blank_id",
//                   "vocab_size", "tokenizer": {"type", "vocab_sha256"}, "parameters",
//                   "metrics": {...}, "lineage": {...}, "created_at"}
//   config.yaml    the model configuration (ModelConfig: NeMo-style keys)
//   weights.ckpt   the state dict, NeMo parameter names, torch.save zip format
//   tokenizer/     tokenizer.json (+ tokenizer.model for SentencePiece)
//   preprocessor.ckpt  optional: the mel filterbank and window the model was trained
//                  with ("featurizer.fb" [1, n_mels, n_fft/2+1], "featurizer.window"),
//                  kept from an imported NeMo checkpoint and used as they are
//   lm.arpa        optional: a token n-gram language model (text/ngram_lm.h) with the
//                  decoding it was tuned for in model.json "lm": {"file": "lm.arpa",
//                  "order", "ngrams", "weight", "bonus", "beam", ...}
//
// Loading checks what the files say against each other (WeNet's habit): vocabulary size
// and hash between model.json and the tokenizer, the decoder's output size, every
// weight's name and shape. Saving writes a temporary folder and renames it into place,
// so a package is either complete or absent.
#pragma once

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <memory>
#include <string>

#include "model/ctc_model.h"
#include "audio/features.h"
#include "model/model_config.h"
#include "text/ngram_lm.h"
#include "text/tokenizer.h"

namespace sori {

// A model's own feature buffers (NeMo's preprocessor.featurizer.fb / .window); both
// undefined when the features are computed from the config.
struct PreprocessorBuffers {
  torch::Tensor filterbank;  // [1, n_mels, n_fft/2+1] as NeMo stores it
  torch::Tensor window;      // [win_length]
  bool defined() const { return filterbank.defined() && window.defined(); }
};

// A language model and the shallow-fusion settings it was tuned with.
struct PackageLm {
  std::shared_ptr<const NgramLm> lm;  // none: the package has no language model
  float weight = 0.5f;                // LmFusion::weight
  float bonus = 0.0f;                 // LmFusion::bonus
  int beam = 8;                       // prefix beam width to decode with by default
  nlohmann::json info = nlohmann::json::object();  // more for model.json "lm" (source, tuning)
  // Throws Error(kInvalidInput) naming the field: weight in [0, 10], bonus in [-20, 20],
  // beam in [2, 256].
  void Validate() const;
};

struct LoadedModel {
  std::string dir;
  ModelConfig config;
  CtcModel model{nullptr};                       // in eval mode, on the requested device
  std::shared_ptr<const Tokenizer> tokenizer;
  nlohmann::json metadata;                       // model.json
  PreprocessorBuffers preprocessor;              // from preprocessor.ckpt, if the package has one
  PackageLm lm;                                  // from lm.arpa, if the package has one
};

// preprocessor.ckpt: reads (checking that exactly the two entries are there; errors name
// the file) and writes (atomically).
PreprocessorBuffers LoadPreprocessorBuffers(const std::string& path);
void SavePreprocessorBuffers(const std::string& path, const PreprocessorBuffers& buffers);

// The feature extractor a package's model expects: its stored buffers when it has them,
// otherwise built from the config.
FeatureExtractor MakeFeatureExtractor(const ModelConfig& config, const PreprocessorBuffers& buffers,
                                      const torch::Device& device = torch::kCPU);

// Hash of a tokenizer's vocabulary (its pieces in id order), recorded in model.json.
std::string VocabularyHash(const Tokenizer& tokenizer);

// Writes a package for `model` (its current weights) into `dir`, replacing a previous
// package there. `metrics` and `lineage` go into model.json as given.
void SaveModelPackage(const std::string& dir, const ModelConfig& config, CtcModel& model,
                      const Tokenizer& tokenizer, const nlohmann::json& metrics, const nlohmann::json& lineage,
                      const PreprocessorBuffers& preprocessor = {}, const PackageLm& lm = {});

// Writes a copy of the package in `source_dir` into `out_dir` that carries `lm` (lm.arpa
// and model.json "lm"), or none when `lm.lm` is empty. Every other file is copied byte
// for byte; model.json keeps its metrics and records the source (path, weights hash) in
// lineage.base_package.
// `out_dir` must not exist: a package is never overwritten here (registered versions are
// content-addressed, and a typo must not delete a folder). Written beside `out_dir` and
// renamed into place, so a failure leaves nothing. The caller checks `lm` against the
// package's tokenizer (LoadModelPackage + NgramLm::LoadArpa do).
void WritePackageWithLm(const std::string& source_dir, const std::string& out_dir, const PackageLm& lm);

// A package's model.json without loading its weights (for its metrics and lineage);
// Error(kInvalidInput) naming the file if it is not a JSON object.
nlohmann::json ReadPackageMetadata(const std::string& dir);

// Throws Error(kNotFound) if `dir` is not a package, kInvalidInput naming the file and
// the inconsistency, kUnsupported for a newer format version.
LoadedModel LoadModelPackage(const std::string& dir, const torch::Device& device = torch::kCPU);

}  // namespace sori
