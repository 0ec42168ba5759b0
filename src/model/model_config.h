// The model part of a configuration (the `model:` section of a training YAML and the
// config.yaml of a model package), keyed like NVIDIA NeMo's configs:
//
//   model:
//     sample_rate: 16000
//     tokenizer: {type: jamo}             # jamo | char | spm  (see TokenizerSpec)
//     preprocessor: {features: 80, window_size: 0.025, window_stride: 0.01, n_fft: 512,
//                    normalize: per_feature, dither: 1.0e-5, ...}
//     encoder: {d_model: 144, n_layers: 6, n_heads: 4, subsampling: dw_striding, ...}
//     decoder: {vocab_size: 112}          # optional: taken from the tokenizer
//
// Every key is checked: unknown keys and bad values are errors naming `model.<key>`.
#pragma once

#include <string>

#include "audio/features.h"
#include "model/encoder_config.h"
#include "util/yaml_map.h"

namespace YAML {
class Emitter;
}

namespace sori {

struct TokenizerSpec {
  std::string type = "jamo";        // jamo | char | spm
  std::string path;                 // a folder with tokenizer.json; empty: built from the train manifest
  int vocab_size = 256;             // spm, when built
  std::string model_type = "bpe";   // spm, when built: bpe | unigram | char | word
  bool decompose_jamo = false;      // spm, when built: train on Korean jamo
  int min_count = 1;                // char, when built
  void Validate() const;
};

struct ModelConfig {
  int sample_rate = 16000;
  TokenizerSpec tokenizer;
  FeatureConfig preprocessor;
  EncoderConfig encoder;
  int vocab_size = 0;               // decoder.vocab_size; 0 = the tokenizer's

  // Reads the `model:` mapping. Throws Error(kInvalidInput) naming the key.
  static ModelConfig FromYaml(YamlMap& model);
  void Emit(YAML::Emitter& out) const;  // as a YAML mapping, every field resolved
  void Validate() const;
  CtcDecoderConfig decoder_config() const;  // requires vocab_size > 0
};

}  // namespace sori
