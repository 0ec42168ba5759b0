// Architecture of a FastConformer/Conformer CTC model, with the names and meanings of
// NVIDIA NeMo's ConformerEncoder and ConvASRDecoder config keys, so a NeMo
// model_config.yaml maps onto it field for field and the parameter names match NeMo's
// state dict.
#pragma once

#include <string>

namespace sori {

struct EncoderConfig {
  int feat_in = 80;                       // mel channels in
  int n_layers = 16;
  int d_model = 176;
  int n_heads = 4;                        // d_model must divide by it
  std::string subsampling = "dw_striding";  // dw_striding (FastConformer) | striding (Conformer)
  int subsampling_factor = 8;             // 4 or 8 (a power of two >= 2)
  int subsampling_conv_channels = 256;    // -1: d_model
  int ff_expansion_factor = 4;
  std::string self_attention_model = "rel_pos";  // the only one supported
  bool xscaling = true;                   // multiply the subsampled input by sqrt(d_model)
  bool untie_biases = true;               // pos_bias_u/v per layer (true) or shared
  int pos_emb_max_len = 5000;
  int conv_kernel_size = 9;               // odd
  std::string conv_norm_type = "batch_norm";  // batch_norm | layer_norm
  double dropout = 0.1;                   // feed-forward, residual branches
  double dropout_pre_encoder = 0.1;       // after subsampling (and xscaling)
  double dropout_emb = 0.0;               // on the positional embeddings
  double dropout_att = 0.1;               // on attention probabilities

  int conv_channels() const { return subsampling_conv_channels > 0 ? subsampling_conv_channels : d_model; }
  // Throws Error(kInvalidInput) naming the key (as "encoder.<key>") and the accepted values.
  void Validate() const;
};

struct CtcDecoderConfig {
  int feat_in = 176;      // = encoder d_model
  int num_classes = 0;    // vocabulary size without the blank; outputs are num_classes + 1
  void Validate() const;
};

}  // namespace sori
