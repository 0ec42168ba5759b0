#include "model/model_config.h"

#include <yaml-cpp/yaml.h>

#include "util/error.h"

namespace sori {
namespace {

// model.tokenizer: which tokenizer, and how to train one.
void ReadConfigTokenizer(YamlMap& m, TokenizerSpec* spec) {
  YamlMap t = m.Map("tokenizer");
  t.Get("type", &spec->type);
  t.Get("path", &spec->path);
  t.Get("vocab_size", &spec->vocab_size);
  t.Get("model_type", &spec->model_type);
  t.Get("decompose_jamo", &spec->decompose_jamo);
  t.Get("min_count", &spec->min_count);
  t.Finish();
}

// model.preprocessor, in NeMo's key names (so a NeMo config's section reads as it is).
// Its sample_rate, if given, must be the model's.
void ReadConfigPreprocessor(YamlMap& m, int sample_rate, FeatureConfig* f) {
  YamlMap p = m.Map("preprocessor");
  p.Ignore("_target_");
  int sr = sample_rate;
  p.Get("sample_rate", &sr);
  if (sr != sample_rate) {
    throw Error(ErrorCode::kInvalidInput, "model.preprocessor.sample_rate (" + std::to_string(sr) +
                                              ") differs from model.sample_rate (" + std::to_string(sample_rate) + ")");
  }
  p.Get("features", &f->n_mels);
  p.Get("window_size", &f->window_size);
  p.Get("window_stride", &f->window_stride);
  p.Get("n_fft", &f->n_fft);
  p.Get("window", &f->window);
  p.Get("preemph", &f->preemph);
  p.Get("lowfreq", &f->lowfreq);
  p.Get("highfreq", &f->highfreq);
  p.Get("mag_power", &f->mag_power);
  p.Get("log_zero_guard_type", &f->log_zero_guard_type);
  p.Get("log_zero_guard_value", &f->log_zero_guard_value);
  p.Get("normalize", &f->normalize);
  p.Get("dither", &f->dither);
  p.Get("pad_to", &f->pad_to);
  p.Get("pad_value", &f->pad_value);
  bool log = true;
  p.Get("log", &log);
  int frame_splicing = 1;
  p.Get("frame_splicing", &frame_splicing);
  if (!log || frame_splicing != 1) {
    throw Error(ErrorCode::kUnsupported, "model.preprocessor: only log features without frame splicing are supported "
                                         "(log: true, frame_splicing: 1)");
  }
  p.Finish();
}

// model.encoder, in NeMo's ConformerEncoder key names. `enc` holds the defaults.
void ReadConfigEncoder(YamlMap& m, EncoderConfig* enc) {
  YamlMap e = m.Map("encoder");
  e.Ignore("_target_");
  e.Get("feat_in", &enc->feat_in);
  e.Get("n_layers", &enc->n_layers);
  e.Get("d_model", &enc->d_model);
  e.Get("n_heads", &enc->n_heads);
  e.Get("subsampling", &enc->subsampling);
  e.Get("subsampling_factor", &enc->subsampling_factor);
  e.Get("subsampling_conv_channels", &enc->subsampling_conv_channels);
  e.Get("ff_expansion_factor", &enc->ff_expansion_factor);
  e.Get("self_attention_model", &enc->self_attention_model);
  e.Get("xscaling", &enc->xscaling);
  e.Get("untie_biases", &enc->untie_biases);
  e.Get("pos_emb_max_len", &enc->pos_emb_max_len);
  e.Get("conv_kernel_size", &enc->conv_kernel_size);
  e.Get("conv_norm_type", &enc->conv_norm_type);
  e.Get("dropout", &enc->dropout);
  e.Get("dropout_pre_encoder", &enc->dropout_pre_encoder);
  e.Get("dropout_emb", &enc->dropout_emb);
  e.Get("dropout_att", &enc->dropout_att);
  e.Finish();
}

// model.decoder: the CTC head's vocabulary size; its input width must be the encoder's.
void ReadConfigDecoder(YamlMap& m, int d_model, int* vocab_size) {
  YamlMap d = m.Map("decoder");
  d.Ignore("_target_");
  d.Get("vocab_size", vocab_size);
  int feat_in = d_model;
  d.Get("feat_in", &feat_in);
  if (feat_in != d_model) {
    throw Error(ErrorCode::kInvalidInput, "model.decoder.feat_in (" + std::to_string(feat_in) +
                                              ") must equal model.encoder.d_model (" + std::to_string(d_model) + ")");
  }
  d.Finish();
}

}  // namespace

void TokenizerSpec::Validate() const {
  if (type != "jamo" && type != "char" && type != "spm") {
    throw Error(ErrorCode::kInvalidInput, "model.tokenizer.type: '" + type + "' (accepted: jamo, char, spm)");
  }
  if (vocab_size < 2) throw Error(ErrorCode::kInvalidInput, "model.tokenizer.vocab_size: must be >= 2");
  if (min_count < 1) throw Error(ErrorCode::kInvalidInput, "model.tokenizer.min_count: must be >= 1");
}

ModelConfig ModelConfig::FromYaml(YamlMap& m) {
  ModelConfig c;
  m.Get("sample_rate", &c.sample_rate);
  c.preprocessor.sample_rate = c.sample_rate;
  ReadConfigTokenizer(m, &c.tokenizer);
  ReadConfigPreprocessor(m, c.sample_rate, &c.preprocessor);
  c.encoder.feat_in = c.preprocessor.n_mels;
  ReadConfigEncoder(m, &c.encoder);
  ReadConfigDecoder(m, c.encoder.d_model, &c.vocab_size);
  m.Finish();
  c.Validate();
  return c;
}

void ModelConfig::Validate() const {
  if (sample_rate < 8000 || sample_rate > 48000) {
    throw Error(ErrorCode::kInvalidInput, "model.sample_rate: must be in 8000..48000");
  }
  tokenizer.Validate();
  preprocessor.Validate();
  encoder.Validate();
  if (encoder.feat_in != preprocessor.n_mels) {
    throw Error(ErrorCode::kInvalidInput, "model.encoder.feat_in (" + std::to_string(encoder.feat_in) +
                                              ") must equal model.preprocessor.features (" +
                                              std::to_string(preprocessor.n_mels) + ")");
  }
  if (vocab_size < 0) throw Error(ErrorCode::kInvalidInput, "model.decoder.vocab_size: must be >= 1");
}

CtcDecoderConfig ModelConfig::decoder_config() const {
  CtcDecoderConfig d;
  d.feat_in = encoder.d_model;
  d.num_classes = vocab_size;
  d.Validate();
  return d;
}

void ModelConfig::Emit(YAML::Emitter& out) const {
  out << YAML::BeginMap;
  out << YAML::Key << "sample_rate" << YAML::Value << sample_rate;
  out << YAML::Key << "tokenizer" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "type" << YAML::Value << tokenizer.type;
  if (!tokenizer.path.empty()) out << YAML::Key << "path" << YAML::Value << tokenizer.path;
  if (tokenizer.type == "spm") {
    out << YAML::Key << "vocab_size" << YAML::Value << tokenizer.vocab_size;
    out << YAML::Key << "model_type" << YAML::Value << tokenizer.model_type;
    out << YAML::Key << "decompose_jamo" << YAML::Value << tokenizer.decompose_jamo;
  }
  if (tokenizer.type == "char") out << YAML::Key << "min_count" << YAML::Value << tokenizer.min_count;
  out << YAML::EndMap;
  const FeatureConfig& f = preprocessor;
  out << YAML::Key << "preprocessor" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "features" << YAML::Value << f.n_mels << YAML::Key << "window_size" << YAML::Value << f.window_size
      << YAML::Key << "window_stride" << YAML::Value << f.window_stride << YAML::Key << "n_fft" << YAML::Value << f.n_fft
      << YAML::Key << "window" << YAML::Value << f.window << YAML::Key << "preemph" << YAML::Value << f.preemph
      << YAML::Key << "lowfreq" << YAML::Value << f.lowfreq << YAML::Key << "highfreq" << YAML::Value << f.highfreq
      << YAML::Key << "mag_power" << YAML::Value << f.mag_power << YAML::Key << "log_zero_guard_type" << YAML::Value
      << f.log_zero_guard_type << YAML::Key << "log_zero_guard_value" << YAML::Value << f.log_zero_guard_value
      << YAML::Key << "normalize" << YAML::Value << f.normalize << YAML::Key << "dither" << YAML::Value << f.dither
      << YAML::Key << "pad_to" << YAML::Value << f.pad_to << YAML::Key << "pad_value" << YAML::Value << f.pad_value;
  out << YAML::EndMap;
  const EncoderConfig& e = encoder;
  out << YAML::Key << "encoder" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "feat_in" << YAML::Value << e.feat_in << YAML::Key << "n_layers" << YAML::Value << e.n_layers
      << YAML::Key << "d_model" << YAML::Value << e.d_model << YAML::Key << "n_heads" << YAML::Value << e.n_heads
      << YAML::Key << "subsampling" << YAML::Value << e.subsampling << YAML::Key << "subsampling_factor" << YAML::Value
      << e.subsampling_factor << YAML::Key << "subsampling_conv_channels" << YAML::Value << e.subsampling_conv_channels
      << YAML::Key << "ff_expansion_factor" << YAML::Value << e.ff_expansion_factor << YAML::Key
      << "self_attention_model" << YAML::Value << e.self_attention_model << YAML::Key << "xscaling" << YAML::Value
      << e.xscaling << YAML::Key << "untie_biases" << YAML::Value << e.untie_biases << YAML::Key << "pos_emb_max_len"
      << YAML::Value << e.pos_emb_max_len << YAML::Key << "conv_kernel_size" << YAML::Value << e.conv_kernel_size
      << YAML::Key << "conv_norm_type" << YAML::Value << e.conv_norm_type << YAML::Key << "dropout" << YAML::Value
      << e.dropout << YAML::Key << "dropout_pre_encoder" << YAML::Value << e.dropout_pre_encoder << YAML::Key
      << "dropout_emb" << YAML::Value << e.dropout_emb << YAML::Key << "dropout_att" << YAML::Value << e.dropout_att;
  out << YAML::EndMap;
  out << YAML::Key << "decoder" << YAML::Value << YAML::BeginMap << YAML::Key << "vocab_size" << YAML::Value
      << vocab_size << YAML::EndMap;
  out << YAML::EndMap;
}

}  // namespace sori
