// ImportNemo: .nemo archive -> Sori model package (see nemo.h for what is supported).
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "model/nemo.h"
#include "model/package.h"
#include "model/state_dict_io.h"
#include "model/tar_archive.h"
#include "text/char_tokenizer.h"
#include "text/jamo_tokenizer.h"
#include "text/spm_tokenizer.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/yaml_map.h"

namespace sori {
namespace {

[[noreturn]] void Unsupported(const std::string& what) { throw Error(ErrorCode::kUnsupported, what); }
[[noreturn]] void Invalid(const std::string& what) { throw Error(ErrorCode::kInvalidInput, what); }

std::string ShortClass(const std::string& target) {
  const size_t dot = target.rfind('.');
  return dot == std::string::npos ? target : target.substr(dot + 1);
}

bool IsNullOrAbsent(const YAML::Node& n) { return !n.IsDefined() || n.IsNull(); }

std::string ScalarOr(const YAML::Node& map, const std::string& key, const std::string& fallback) {
  if (!map.IsDefined() || !map.IsMap()) return fallback;
  const YAML::Node n = map[key];
  return IsNullOrAbsent(n) || !n.IsScalar() ? fallback : n.as<std::string>();
}

// Which head the model has, from its class (`target`) or, for configs without one, from
// the decoder's class and the sections present.
enum class Head { kCtc, kHybridCtc };

Head DetectHead(const YAML::Node& root, std::string* model_class) {
  *model_class = ScalarOr(root, "target", "");
  const std::string decoder = ShortClass(ScalarOr(root["decoder"], "_target_", ""));
  const std::string cls = ShortClass(*model_class);
  const bool has_joint = root["joint"].IsDefined() && !root["joint"].IsNull();
  const bool has_aux_ctc = root["aux_ctc"].IsDefined() && !root["aux_ctc"].IsNull();
  const std::string loss = ScalarOr(root["loss"], "loss_name", "");
  const std::string supported =
      "Sori imports CTC models (EncDecCTCModel, EncDecCTCModelBPE) and the CTC branch of hybrid RNNT-CTC models "
      "(EncDecHybridRNNTCTCModel, EncDecHybridRNNTCTCBPEModel)";
  if (cls.find("MultiTask") != std::string::npos || root["transf_decoder"].IsDefined()) {
    Unsupported("model_config.yaml: " + (cls.empty() ? std::string("this") : cls) +
                " is an attention encoder-decoder (AED) model; " + supported);
  }
  if (cls.find("Hybrid") != std::string::npos || (has_joint && has_aux_ctc)) {
    if (!has_aux_ctc) Invalid("model_config.yaml: hybrid model without an aux_ctc section");
    return Head::kHybridCtc;
  }
  if (cls.find("RNNT") != std::string::npos || has_joint || decoder.find("RNNT") != std::string::npos) {
    const std::string kind = loss == "tdt" ? "a TDT (token-and-duration transducer)" : "an RNNT (transducer)";
    Unsupported("model_config.yaml: " + (cls.empty() ? std::string("this") : cls) + " is " + kind +
                " model with no CTC head; " + supported);
  }
  if (!cls.empty() && cls != "EncDecCTCModel" && cls != "EncDecCTCModelBPE") {
    Unsupported("model_config.yaml: target '" + *model_class + "' is not supported; " + supported);
  }
  if (decoder != "ConvASRDecoder") {
    Unsupported("model_config.yaml: decoder._target_ '" + ScalarOr(root["decoder"], "_target_", "(none)") +
                "' is not supported; " + supported);
  }
  return Head::kCtc;
}

void RequireClass(YamlMap& m, const YAML::Node& node, const std::string& expected) {
  m.Ignore("_target_");
  const std::string target = ScalarOr(node, "_target_", "");
  if (ShortClass(target) != expected) {
    Unsupported(m.path() + "._target_: '" + target + "' is not supported (supported: " + expected + ")");
  }
}

// Keys that change nothing at inference or in Sori's training, accepted as they are.
void IgnoreKeys(YamlMap& m, std::initializer_list<const char*> keys) {
  for (const char* k : keys) m.Ignore(k);
}

// preprocessor.log_zero_guard_value: a number, or NeMo's names for float32's smallest
// normal number ("tiny") and its machine epsilon ("eps").
void ReadNemoLogZeroGuard(YamlMap& p, const YAML::Node& node, double* value) {
  const std::string guard = ScalarOr(node, "log_zero_guard_value", "");
  if (guard == "tiny") {
    *value = 1.1754943508222875e-38;  // torch.finfo(float32).tiny
    p.Ignore("log_zero_guard_value");
  } else if (guard == "eps") {
    *value = 1.1920928955078125e-07;  // torch.finfo(float32).eps
    p.Ignore("log_zero_guard_value");
  } else {
    p.Get("log_zero_guard_value", value);
  }
}

// Reads the featurizer variants NeMo offers and Sori does not compute, and refuses any
// that is not NeMo's default, so an import never gives features the model was not
// trained on. `log` (preprocessor.log, read with the log settings) is checked here too,
// after all of them are read, as before.
void RejectNemoFeaturizerVariants(YamlMap& p, bool log) {
  int frame_splicing = 1;
  p.Get("frame_splicing", &frame_splicing);
  bool exact_pad = false, stft_exact_pad = false, stft_conv = false, use_torchaudio = false;
  p.Get("exact_pad", &exact_pad);
  p.Get("stft_exact_pad", &stft_exact_pad);
  p.Get("stft_conv", &stft_conv);
  p.Get("use_torchaudio", &use_torchaudio);
  std::string mel_norm = "slaney";
  p.Get("mel_norm", &mel_norm);
  if (!log) Unsupported("preprocessor.log: false is not supported (Sori computes log-mel features)");
  if (frame_splicing != 1) Unsupported("preprocessor.frame_splicing: " + std::to_string(frame_splicing) + " is not supported (1)");
  if (exact_pad || stft_exact_pad) Unsupported("preprocessor.exact_pad: true is not supported (false: centred STFT)");
  if (stft_conv) Unsupported("preprocessor.stft_conv: true is not supported");
  if (use_torchaudio) Unsupported("preprocessor.use_torchaudio: true is not supported (NeMo's own featurizer only)");
  if (mel_norm != "slaney") Unsupported("preprocessor.mel_norm: '" + mel_norm + "' is not supported (slaney)");
}

// NeMo's AudioToMelSpectrogramPreprocessor, with NeMo's defaults for absent keys.
FeatureConfig ReadPreprocessor(const YAML::Node& node, int sample_rate) {
  YamlMap p(node, "preprocessor");
  RequireClass(p, node, "AudioToMelSpectrogramPreprocessor");
  FeatureConfig f;
  f.sample_rate = sample_rate;
  f.window_size = 0.02;
  f.window_stride = 0.01;
  f.n_mels = 64;
  f.pad_to = 16;
  f.dither = 1e-5;
  int sr = sample_rate;
  p.Get("sample_rate", &sr);
  if (sr != sample_rate) {
    Invalid("preprocessor.sample_rate (" + std::to_string(sr) + ") differs from sample_rate (" +
            std::to_string(sample_rate) + ")");
  }
  p.Get("window_size", &f.window_size);
  p.Get("window_stride", &f.window_stride);
  for (const char* k : {"n_window_size", "n_window_stride"}) {
    if (!IsNullOrAbsent(node[k])) Unsupported(std::string("preprocessor.") + k + ": set window_size/window_stride instead");
    p.Ignore(k);
  }
  p.Get("window", &f.window);
  if (node["normalize"].IsDefined() && node["normalize"].IsNull()) {  // NeMo: null means none
    f.normalize = "none";
    p.Ignore("normalize");
  } else {
    p.Get("normalize", &f.normalize);
    if (f.normalize == "NA") f.normalize = "none";
  }
  f.n_fft = 0;
  p.Get("n_fft", &f.n_fft);
  p.Get("preemph", &f.preemph);
  if (node["preemph"].IsDefined() && node["preemph"].IsNull()) f.preemph = 0.0;  // NeMo: null turns it off
  p.Get("features", &f.n_mels);
  p.Get("lowfreq", &f.lowfreq);
  p.Get("highfreq", &f.highfreq);
  bool log = true;
  p.Get("log", &log);
  p.Get("log_zero_guard_type", &f.log_zero_guard_type);
  ReadNemoLogZeroGuard(p, node, &f.log_zero_guard_value);
  p.Get("dither", &f.dither);
  p.Get("pad_to", &f.pad_to);
  p.Get("pad_value", &f.pad_value);
  p.Get("mag_power", &f.mag_power);
  RejectNemoFeaturizerVariants(p, log);
  // Augmentation inside the preprocessor (narrowband) only acts in training.
  IgnoreKeys(p, {"rng", "nb_augmentation_prob", "nb_max_freq", "seed"});
  p.Finish();
  if (f.n_fft == 0) {  // NeMo: the next power of two >= the window length
    f.n_fft = 1;
    while (f.n_fft < f.win_length()) f.n_fft *= 2;
  }
  try {
    f.Validate();
  } catch (const Error& e) {
    Invalid(std::string("preprocessor: ") + e.what());
  }
  return f;
}

// Reads the ConformerEncoder options Sori's encoder does not have and refuses any that
// is not NeMo's default (the weights would not mean what they meant in NeMo).
void RejectNemoEncoderVariants(YamlMap& e, const YAML::Node& node) {
  int feat_out = -1, global_tokens = 0;
  bool causal_downsampling = false, use_bias = true, global_attn_separate = false;
  e.Get("feat_out", &feat_out);
  e.Get("causal_downsampling", &causal_downsampling);
  e.Get("use_bias", &use_bias);
  e.Get("global_tokens", &global_tokens);
  e.Get("global_attn_separate", &global_attn_separate);
  e.Ignore("subsampling_conv_chunking_factor");  // memory only: same numbers
  if (feat_out != -1) Unsupported("encoder.feat_out: " + std::to_string(feat_out) + " is not supported (-1)");
  if (causal_downsampling) Unsupported("encoder.causal_downsampling: true is not supported (streaming models)");
  if (!use_bias) Unsupported("encoder.use_bias: false is not supported");
  if (!IsNullOrAbsent(node["reduction"])) Unsupported("encoder.reduction: time reduction inside the encoder is not supported");
  e.Ignore("reduction");
  e.Ignore("reduction_position");
  e.Ignore("reduction_factor");  // used only with `reduction`
  if (global_tokens != 0 || global_attn_separate) {
    Unsupported("encoder.global_tokens: Longformer-style global attention is not supported");
  }
  e.Ignore("global_tokens_spacing");
}

// Full context only: [-1, -1] (or absent), and symmetric convolutions. Limited or
// multi-lookahead attention contexts and causal convolutions are streaming models.
void RejectNemoStreamingContexts(YamlMap& e, const YAML::Node& node, int conv_kernel_size) {
  const YAML::Node ctx = node["att_context_size"];
  e.Ignore("att_context_size");
  if (!IsNullOrAbsent(ctx)) {
    bool full = ctx.IsSequence() && ctx.size() == 2 && ctx[0].IsScalar() && ctx[1].IsScalar() &&
                ctx[0].as<std::string>() == "-1" && ctx[1].as<std::string>() == "-1";
    if (!full) Unsupported("encoder.att_context_size: only full context [-1, -1] is supported (streaming models are not)");
  }
  std::string style = "regular";
  e.Get("att_context_style", &style);
  if (style != "regular" && style != "chunked_limited") {
    Unsupported("encoder.att_context_style: '" + style + "' is not supported (regular)");
  }
  e.Ignore("att_context_probs");
  const YAML::Node conv_ctx = node["conv_context_size"];
  e.Ignore("conv_context_size");
  if (!IsNullOrAbsent(conv_ctx)) {
    const int half = (conv_kernel_size - 1) / 2;
    const bool symmetric = conv_ctx.IsSequence() && conv_ctx.size() == 2 && conv_ctx[0].IsScalar() &&
                           conv_ctx[1].IsScalar() && conv_ctx[0].as<int>() == half && conv_ctx[1].as<int>() == half;
    if (!symmetric) {
      Unsupported("encoder.conv_context_size: only the symmetric context (null or [" + std::to_string(half) + ", " +
                  std::to_string(half) + "]) is supported (causal convolutions are streaming models)");
    }
  }
}

// NeMo's ConformerEncoder, with NeMo's defaults for absent keys.
EncoderConfig ReadEncoder(const YAML::Node& node, std::vector<std::string>* notes) {
  YamlMap e(node, "encoder");
  RequireClass(e, node, "ConformerEncoder");
  EncoderConfig c;
  c.subsampling = "striding";
  c.subsampling_factor = 4;
  c.subsampling_conv_channels = -1;
  c.conv_kernel_size = 31;
  c.dropout_emb = 0.1;
  c.dropout_att = 0.0;
  e.Get("feat_in", &c.feat_in);
  e.Get("n_layers", &c.n_layers);
  e.Get("d_model", &c.d_model);
  e.Get("n_heads", &c.n_heads);
  e.Get("subsampling", &c.subsampling);
  e.Get("subsampling_factor", &c.subsampling_factor);
  e.Get("subsampling_conv_channels", &c.subsampling_conv_channels);
  e.Get("ff_expansion_factor", &c.ff_expansion_factor);
  e.Get("self_attention_model", &c.self_attention_model);
  e.Get("xscaling", &c.xscaling);
  e.Get("untie_biases", &c.untie_biases);
  e.Get("pos_emb_max_len", &c.pos_emb_max_len);
  e.Get("conv_kernel_size", &c.conv_kernel_size);
  e.Get("conv_norm_type", &c.conv_norm_type);
  e.Get("dropout", &c.dropout);
  e.Get("dropout_pre_encoder", &c.dropout_pre_encoder);
  e.Get("dropout_emb", &c.dropout_emb);
  e.Get("dropout_att", &c.dropout_att);

  RejectNemoEncoderVariants(e, node);
  RejectNemoStreamingContexts(e, node, c.conv_kernel_size);
  double stochastic_depth = 0.0;
  e.Get("stochastic_depth_drop_prob", &stochastic_depth);
  if (stochastic_depth > 0) {
    notes->push_back("encoder.stochastic_depth_drop_prob " + std::to_string(stochastic_depth) +
                     " is a training regularizer Sori does not apply when fine-tuning");
  }
  IgnoreKeys(e, {"stochastic_depth_mode", "stochastic_depth_start_layer", "use_pytorch_sdpa",
                 "use_pytorch_sdpa_backends", "sync_max_audio_length"});
  e.Finish();
  try {
    c.Validate();
  } catch (const Error& err) {
    Unsupported(err.what());
  }
  return c;
}

// ConvASRDecoder: returns its vocabulary (may be empty for BPE configs that leave it out)
// and checks feat_in and num_classes.
std::vector<std::string> ReadCtcDecoder(const YAML::Node& node, const std::string& path, int d_model,
                                        int* num_classes) {
  YamlMap d(node, path);
  RequireClass(d, node, "ConvASRDecoder");
  int feat_in = d_model;
  d.Get("feat_in", &feat_in);
  if (feat_in != d_model) {
    Invalid(path + ".feat_in (" + std::to_string(feat_in) + ") must equal encoder.d_model (" + std::to_string(d_model) + ")");
  }
  *num_classes = -1;
  d.Get("num_classes", num_classes);
  std::vector<std::string> vocabulary;
  d.Get("vocabulary", &vocabulary);
  bool add_blank = true;
  d.Get("add_blank", &add_blank);
  if (!add_blank) Unsupported(path + ".add_blank: false is not supported (CTC needs the blank)");
  d.Ignore("init_mode");
  d.Finish();
  if (*num_classes <= 0) *num_classes = static_cast<int>(vocabulary.size());
  if (!vocabulary.empty() && static_cast<int>(vocabulary.size()) != *num_classes) {
    Invalid(path + ".num_classes is " + std::to_string(*num_classes) + " but its vocabulary has " +
            std::to_string(vocabulary.size()) + " entries");
  }
  return vocabulary;
}

std::string MemberFor(const std::map<std::string, std::string>& members, const std::string& reference,
                      const std::string& key) {
  std::string name = reference;
  if (name.rfind("nemo:", 0) == 0) name = name.substr(5);
  const std::string base = std::filesystem::path(name).filename().string();
  for (const auto& [member, data] : members) {
    if (member == name || std::filesystem::path(member).filename().string() == base) return member;
  }
  Invalid(key + ": '" + reference + "' is not in the archive");
}

std::unique_ptr<Tokenizer> LabelsTokenizer(const std::vector<std::string>& labels) {
  // Sori's own exports: the jamo table, or a char vocabulary with <unk> first.
  const JamoTokenizer jamo;
  bool is_jamo = static_cast<int>(labels.size()) == jamo.vocab_size();
  for (int i = 0; is_jamo && i < jamo.vocab_size(); ++i) is_jamo = labels[static_cast<size_t>(i)] == jamo.IdToPiece(i);
  if (is_jamo) return std::make_unique<JamoTokenizer>();
  try {
    if (!labels.empty() && labels[0] == kUnknownPiece) return std::make_unique<CharTokenizer>(CharTokenizer::FromVocabulary(labels));
    return std::make_unique<CharTokenizer>(CharTokenizer::FromLabels(labels));
  } catch (const Error& e) {
    Unsupported(std::string("decoder.vocabulary: ") + e.what());
  }
}

// The archive member `name`; Invalid(`missing`) when there is none.
const std::string& NemoArchiveMember(const std::map<std::string, std::string>& members, const std::string& name,
                                     const std::string& missing) {
  const auto it = members.find(name);
  if (it == members.end()) Invalid(missing);
  return it->second;
}

// model_config.yaml as a mapping with the sections every supported model has.
YAML::Node ParseNemoModelConfig(const std::string& text) {
  const YAML::Node root = ParseYaml(text, "model_config.yaml");
  if (!root.IsMap()) Invalid("model_config.yaml is not a mapping");
  if (root["model"].IsDefined() && root["encoder"].IsDefined() == false) {
    Invalid("model_config.yaml has a `model:` wrapper; a .nemo holds the model section at the top level");
  }
  for (const char* section : {"preprocessor", "encoder"}) {
    if (!root[section].IsDefined() || !root[section].IsMap()) {
      Invalid(std::string("model_config.yaml has no `") + section + "` section");
    }
  }
  return root;
}

int NemoSampleRate(const YAML::Node& root) {
  try {
    return std::stoi(ScalarOr(root, "sample_rate", "16000"));
  } catch (const std::exception&) {
    Invalid("sample_rate: expected an integer, got '" + ScalarOr(root, "sample_rate", "") + "'");
  }
}

// The CTC decoder's section: `decoder` for CTC models, `aux_ctc.decoder` for hybrids
// (whose `decoder` is the RNNT prediction network). `path` names it in errors.
YAML::Node NemoCtcDecoderNode(const YAML::Node& root, Head head, const std::string& path) {
  const YAML::Node node = head == Head::kCtc ? root["decoder"] : root["aux_ctc"].IsMap() ? root["aux_ctc"]["decoder"] : YAML::Node();
  if (!node.IsDefined() || !node.IsMap()) Invalid("model_config.yaml has no `" + path + "` section");
  return node;
}

// The model's tokenizer: a SentencePiece tokenizer when the config has a tokenizer
// section, otherwise one for the decoder's character labels (`vocabulary`, or the
// top-level `labels`). Fills `spec`'s type (and, for SentencePiece, its vocab_size).
std::unique_ptr<Tokenizer> ImportNemoTokenizer(const YAML::Node& root, const std::map<std::string, std::string>& members,
                                               const std::string& nemo_path, const std::string& decoder_path,
                                               std::vector<std::string> vocabulary, TokenizerSpec* spec) {
  const YAML::Node tok = root["tokenizer"];
  if (!IsNullOrAbsent(tok)) {
    const std::string type = ScalarOr(tok, "type", "");
    if (type != "bpe") {
      Unsupported("tokenizer.type: '" + type + "' is not supported (bpe: SentencePiece; WordPiece 'wpe' and "
                  "aggregate tokenizers are not)");
    }
    const std::string model_ref = ScalarOr(tok, "model_path", "");
    if (model_ref.empty()) Invalid("tokenizer.model_path is missing");
    const std::string member = MemberFor(members, model_ref, "tokenizer.model_path");
    std::unique_ptr<Tokenizer> tokenizer = SpmTokenizer::FromModelBytes(members.at(member), nemo_path + ":" + member, false);
    spec->type = "spm";
    spec->vocab_size = tokenizer->vocab_size();
    return tokenizer;
  }
  if (vocabulary.empty() && root["labels"].IsDefined() && root["labels"].IsSequence()) vocabulary = root["labels"].as<std::vector<std::string>>();
  if (vocabulary.empty()) Invalid(decoder_path + ".vocabulary (or labels) is missing");
  std::unique_ptr<Tokenizer> tokenizer = LabelsTokenizer(vocabulary);
  spec->type = tokenizer->type();
  return tokenizer;
}

// The checkpoint's weights as Sori names them: NeMo's names map onto Sori's as they
// are, except the hybrid's CTC head (ctc_decoder.x -> decoder.x). The featurizer's
// filterbank and window go to `buffers`; a hybrid's RNNT decoder and joint are dropped
// (counted in `report`). Any other weight, or one with NaN or infinite values, is an error.
StateDict SelectNemoWeights(const StateDict& state, Head head, PreprocessorBuffers* buffers, NemoImportReport* report) {
  StateDict model_state;
  for (const auto& [name, tensor] : state) {
    if (name == kNemoFilterbank) {
      buffers->filterbank = tensor.to(torch::kFloat);
    } else if (name == kNemoWindow) {
      buffers->window = tensor.to(torch::kFloat);
    } else if (name.rfind("encoder.", 0) == 0) {
      model_state.emplace_back(name, tensor);
    } else if (head == Head::kCtc && name.rfind("decoder.", 0) == 0) {
      model_state.emplace_back(name, tensor);
    } else if (head == Head::kHybridCtc && name.rfind("ctc_decoder.", 0) == 0) {
      model_state.emplace_back(name.substr(4), tensor);  // ctc_decoder.x -> decoder.x
    } else if (head == Head::kHybridCtc && (name.rfind("decoder.", 0) == 0 || name.rfind("joint.", 0) == 0)) {
      ++report->dropped_tensors;  // the RNNT prediction network and joint
    } else {
      Invalid("model_weights.ckpt: unexpected weight '" + name + "' (a " + report->head +
              " model has preprocessor.featurizer.{fb,window}, encoder.* and " +
              (head == Head::kCtc ? "decoder.*" : "ctc_decoder.*") + ")");
    }
  }
  for (const auto& [name, tensor] : model_state) {
    if (tensor.is_floating_point() && !torch::isfinite(tensor).all().item<bool>()) {
      Invalid("model_weights.ckpt: weight '" + name + "' holds NaN or infinite values");
    }
  }
  return model_state;
}

// The model built from `config` with `weights` loaded (errors name the checkpoint), and
// the checkpoint's own featurizer buffers checked against the config when it has them.
CtcModel BuildImportedNemoModel(const ModelConfig& config, const StateDict& weights, const PreprocessorBuffers& buffers) {
  CtcModel model(config.encoder, config.decoder_config());
  try {
    model->LoadStateDict(weights);
  } catch (const Error& e) {
    Invalid(std::string("model_weights.ckpt: ") + e.what());
  }
  if (buffers.defined()) {
    try {
      MakeFeatureExtractor(config, buffers);
    } catch (const Error& e) {
      Invalid(std::string("model_weights.ckpt: preprocessor.featurizer: ") + e.what());
    }
  }
  return model;
}

// The package's record of where it came from.
nlohmann::json NemoLineage(const std::string& nemo_path, const NemoImportReport& report, const YAML::Node& root) {
  return {{"imported_from",
           {{"file", std::filesystem::absolute(nemo_path).lexically_normal().string()},
            {"sha256", Sha256File(nemo_path)},
            {"model_class", report.model_class},
            {"head", report.head},
            {"nemo_version", ScalarOr(root, "nemo_version", "")}}}};
}

// ImportNemo's work on the archive's `members`; errors are prefixed by the caller.
void ImportNemoMembers(const std::map<std::string, std::string>& members, const std::string& nemo_path,
                       const std::string& package_dir, NemoImportReport* report) {
  const std::string& config_text =
      NemoArchiveMember(members, "model_config.yaml", "no model_config.yaml in the archive (is it a .nemo file?)");
  const std::string& weights = NemoArchiveMember(members, "model_weights.ckpt", "no model_weights.ckpt in the archive");
  const YAML::Node root = ParseNemoModelConfig(config_text);
  const Head head = DetectHead(root, &report->model_class);
  report->head = head == Head::kCtc ? "ctc" : "hybrid-ctc";

  ModelConfig config;
  config.sample_rate = NemoSampleRate(root);
  config.preprocessor = ReadPreprocessor(root["preprocessor"], config.sample_rate);
  config.encoder = ReadEncoder(root["encoder"], &report->notes);
  if (config.encoder.feat_in != config.preprocessor.n_mels) {
    Invalid("encoder.feat_in (" + std::to_string(config.encoder.feat_in) + ") differs from preprocessor.features (" +
            std::to_string(config.preprocessor.n_mels) + ")");
  }
  const std::string decoder_path = head == Head::kCtc ? "decoder" : "aux_ctc.decoder";
  const YAML::Node decoder_node = NemoCtcDecoderNode(root, head, decoder_path);
  int num_classes = 0;
  std::vector<std::string> vocabulary = ReadCtcDecoder(decoder_node, decoder_path, config.encoder.d_model, &num_classes);
  const std::unique_ptr<Tokenizer> tokenizer =
      ImportNemoTokenizer(root, members, nemo_path, decoder_path, std::move(vocabulary), &config.tokenizer);
  report->tokenizer = config.tokenizer.type;
  if (tokenizer->vocab_size() != num_classes) {
    Invalid(decoder_path + ".num_classes is " + std::to_string(num_classes) + " but the tokenizer has " +
            std::to_string(tokenizer->vocab_size()) + " tokens");
  }
  config.vocab_size = num_classes;
  report->vocab_size = num_classes;
  config.Validate();

  PreprocessorBuffers buffers;
  const StateDict model_state =
      SelectNemoWeights(LoadStateDictFromBytes(weights, "model_weights.ckpt"), head, &buffers, report);
  if (!buffers.defined()) {
    report->notes.push_back("the checkpoint has no preprocessor.featurizer.fb/window; features use Sori's own "
                            "filterbank and window for these settings");
    buffers = {};
  }
  CtcModel model = BuildImportedNemoModel(config, model_state, buffers);
  report->parameters = model->ParameterCount();
  if (head == Head::kHybridCtc) {
    report->notes.push_back("hybrid model: imported its CTC branch; the RNNT decoder and joint (" +
                            std::to_string(report->dropped_tensors) + " tensors) were left out");
  }
  SaveModelPackage(package_dir, config, model, *tokenizer, nlohmann::json::object(), NemoLineage(nemo_path, *report, root),
                   buffers);
}

}  // namespace

nlohmann::json NemoImportReport::ToJson() const {
  return {{"package", package_dir}, {"model_class", model_class}, {"head", head},       {"tokenizer", tokenizer},
          {"vocab_size", vocab_size},  {"parameters", parameters},   {"dropped_tensors", dropped_tensors},
          {"notes", notes}};
}

NemoImportReport ImportNemo(const std::string& nemo_path, const std::string& package_dir) {
  const std::map<std::string, std::string> members = ReadTarArchive(nemo_path);
  NemoImportReport report;
  report.package_dir = package_dir;
  try {
    ImportNemoMembers(members, nemo_path, package_dir, &report);
  } catch (const Error& e) {
    throw Error(e.code(), "'" + nemo_path + "': " + e.what());
  } catch (const YAML::Exception& e) {  // a value of the wrong kind (e.g. a list where a number belongs)
    throw Error(ErrorCode::kInvalidInput, "'" + nemo_path + "': model_config.yaml: " + e.what());
  }
  return report;
}

}  // namespace sori
