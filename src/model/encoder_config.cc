#include "model/encoder_config.h"

#include "util/error.h"

namespace sori {
namespace {
[[noreturn]] void BadEncoderKey(const std::string& key, const std::string& why) {
  throw Error(ErrorCode::kInvalidInput, key + ": " + why);
}
bool PowerOfTwo(int n) { return n >= 2 && (n & (n - 1)) == 0; }
}  // namespace

void EncoderConfig::Validate() const {
  if (feat_in < 1 || feat_in > 1024) BadEncoderKey("encoder.feat_in", "must be in 1..1024");
  if (n_layers < 1 || n_layers > 128) BadEncoderKey("encoder.n_layers", "must be in 1..128");
  if (d_model < 8 || d_model > 8192) BadEncoderKey("encoder.d_model", "must be in 8..8192");
  if (n_heads < 1 || d_model % n_heads != 0) {
    BadEncoderKey("encoder.n_heads", std::to_string(n_heads) + " must divide d_model " + std::to_string(d_model));
  }
  if (subsampling != "dw_striding" && subsampling != "striding") {
    BadEncoderKey("encoder.subsampling", "'" + subsampling + "' is not supported (supported: dw_striding, striding)");
  }
  if (!PowerOfTwo(subsampling_factor) || subsampling_factor > 16) {
    BadEncoderKey("encoder.subsampling_factor", "must be 2, 4, 8 or 16, got " + std::to_string(subsampling_factor));
  }
  if (subsampling_conv_channels == 0 || subsampling_conv_channels < -1) {
    BadEncoderKey("encoder.subsampling_conv_channels", "must be positive, or -1 for d_model");
  }
  if (ff_expansion_factor < 1) BadEncoderKey("encoder.ff_expansion_factor", "must be >= 1");
  if (self_attention_model != "rel_pos") {
    BadEncoderKey("encoder.self_attention_model", "'" + self_attention_model + "' is not supported (supported: rel_pos)");
  }
  if (pos_emb_max_len < 1) BadEncoderKey("encoder.pos_emb_max_len", "must be >= 1");
  if (conv_kernel_size < 1 || conv_kernel_size % 2 == 0) BadEncoderKey("encoder.conv_kernel_size", "must be odd");
  if (conv_norm_type != "batch_norm" && conv_norm_type != "layer_norm") {
    BadEncoderKey("encoder.conv_norm_type", "'" + conv_norm_type + "' is not supported (supported: batch_norm, layer_norm)");
  }
  for (const auto& [key, p] : {std::pair<const char*, double>{"encoder.dropout", dropout},
                               {"encoder.dropout_pre_encoder", dropout_pre_encoder},
                               {"encoder.dropout_emb", dropout_emb},
                               {"encoder.dropout_att", dropout_att}}) {
    if (!(p >= 0.0 && p < 1.0)) BadEncoderKey(key, "must be in [0, 1)");
  }
}

void CtcDecoderConfig::Validate() const {
  if (feat_in < 1) BadEncoderKey("decoder.feat_in", "must be positive");
  if (num_classes < 1) BadEncoderKey("decoder.num_classes", "must be >= 1 (the vocabulary size, without the blank)");
}

}  // namespace sori
