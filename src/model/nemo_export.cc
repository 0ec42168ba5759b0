// ExportNemo: Sori model package -> .nemo archive in NeMo's layout (see nemo.h).
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "model/nemo.h"
#include "model/package.h"
#include "model/state_dict_io.h"
#include "model/tar_archive.h"
#include "text/spm_tokenizer.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace {

constexpr char kTokenizerMember[] = "tokenizer.model";

// Every piece quoted: YAML 1.1 readers (PyYAML, under OmegaConf) would turn digits into
// numbers and words like "no" or "on" into booleans.
void EmitQuotedList(YAML::Emitter& y, const std::vector<std::string>& items) {
  y << YAML::Flow << YAML::BeginSeq;
  for (const auto& item : items) y << YAML::DoubleQuoted << item;
  y << YAML::EndSeq;
}

std::vector<std::string> Pieces(const Tokenizer& tokenizer) {
  std::vector<std::string> out;
  for (int id = 0; id < tokenizer.vocab_size(); ++id) out.push_back(tokenizer.IdToPiece(id));
  return out;
}

// model_config.yaml as NeMo writes it for EncDecCTCModel[BPE]: the model section at the
// top level, every module with its `_target_`.
std::string NemoConfigYaml(const LoadedModel& m) {
  const ModelConfig& c = m.config;
  const FeatureConfig& f = c.preprocessor;
  const EncoderConfig& e = c.encoder;
  const bool spm = m.tokenizer->type() == "spm";
  const std::vector<std::string> vocabulary = Pieces(*m.tokenizer);
  YAML::Emitter y;
  y << YAML::BeginMap;
  y << YAML::Key << "sample_rate" << YAML::Value << c.sample_rate;
  if (!spm) {
    y << YAML::Key << "labels" << YAML::Value;
    EmitQuotedList(y, vocabulary);
  }
  if (spm) {
    y << YAML::Key << "tokenizer" << YAML::Value << YAML::BeginMap << YAML::Key << "dir" << YAML::Value << YAML::Null
      << YAML::Key << "type" << YAML::Value << "bpe" << YAML::Key << "model_path" << YAML::Value
      << std::string("nemo:") + kTokenizerMember << YAML::EndMap;
  }
  y << YAML::Key << "preprocessor" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "_target_" << YAML::Value << "nemo.collections.asr.modules.AudioToMelSpectrogramPreprocessor"
    << YAML::Key << "sample_rate" << YAML::Value << f.sample_rate << YAML::Key << "normalize" << YAML::Value
    << f.normalize << YAML::Key << "window_size" << YAML::Value << f.window_size << YAML::Key << "window_stride"
    << YAML::Value << f.window_stride << YAML::Key << "window" << YAML::Value << f.window << YAML::Key << "features"
    << YAML::Value << f.n_mels << YAML::Key << "n_fft" << YAML::Value << f.n_fft << YAML::Key << "preemph"
    << YAML::Value << f.preemph << YAML::Key << "lowfreq" << YAML::Value << f.lowfreq << YAML::Key << "highfreq";
  if (f.highfreq > 0) {
    y << YAML::Value << f.highfreq;
  } else {
    y << YAML::Value << YAML::Null;
  }
  y << YAML::Key << "log" << YAML::Value << true << YAML::Key << "log_zero_guard_type" << YAML::Value
    << f.log_zero_guard_type << YAML::Key << "log_zero_guard_value" << YAML::Value << f.log_zero_guard_value
    << YAML::Key << "mag_power" << YAML::Value << f.mag_power << YAML::Key << "frame_splicing" << YAML::Value << 1
    << YAML::Key << "dither" << YAML::Value << f.dither << YAML::Key << "pad_to" << YAML::Value << f.pad_to
    << YAML::Key << "pad_value" << YAML::Value << f.pad_value;
  y << YAML::EndMap;
  y << YAML::Key << "encoder" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "_target_" << YAML::Value << "nemo.collections.asr.modules.ConformerEncoder" << YAML::Key
    << "feat_in" << YAML::Value << e.feat_in << YAML::Key << "feat_out" << YAML::Value << -1 << YAML::Key << "n_layers"
    << YAML::Value << e.n_layers << YAML::Key << "d_model" << YAML::Value << e.d_model << YAML::Key << "subsampling"
    << YAML::Value << e.subsampling << YAML::Key << "subsampling_factor" << YAML::Value << e.subsampling_factor
    << YAML::Key << "subsampling_conv_channels" << YAML::Value << e.subsampling_conv_channels << YAML::Key
    << "causal_downsampling" << YAML::Value << false << YAML::Key << "ff_expansion_factor" << YAML::Value
    << e.ff_expansion_factor << YAML::Key << "self_attention_model" << YAML::Value << e.self_attention_model
    << YAML::Key << "n_heads" << YAML::Value << e.n_heads << YAML::Key << "att_context_size" << YAML::Value
    << YAML::Flow << std::vector<int>{-1, -1} << YAML::Key << "att_context_style" << YAML::Value << "regular"
    << YAML::Key << "xscaling" << YAML::Value << e.xscaling << YAML::Key << "untie_biases" << YAML::Value
    << e.untie_biases << YAML::Key << "pos_emb_max_len" << YAML::Value << e.pos_emb_max_len << YAML::Key
    << "conv_kernel_size" << YAML::Value << e.conv_kernel_size << YAML::Key << "conv_norm_type" << YAML::Value
    << e.conv_norm_type << YAML::Key << "conv_context_size" << YAML::Value << YAML::Null << YAML::Key << "dropout"
    << YAML::Value << e.dropout << YAML::Key << "dropout_pre_encoder" << YAML::Value << e.dropout_pre_encoder
    << YAML::Key << "dropout_emb" << YAML::Value << e.dropout_emb << YAML::Key << "dropout_att" << YAML::Value
    << e.dropout_att;
  y << YAML::EndMap;
  y << YAML::Key << "decoder" << YAML::Value << YAML::BeginMap << YAML::Key << "_target_" << YAML::Value
    << "nemo.collections.asr.modules.ConvASRDecoder" << YAML::Key << "feat_in" << YAML::Value << e.d_model
    << YAML::Key << "num_classes" << YAML::Value << c.vocab_size << YAML::Key << "vocabulary" << YAML::Value;
  EmitQuotedList(y, vocabulary);
  y << YAML::EndMap;
  y << YAML::Key << "target" << YAML::Value
    << (spm ? "nemo.collections.asr.models.ctc_bpe_models.EncDecCTCModelBPE"
            : "nemo.collections.asr.models.ctc_models.EncDecCTCModel");
  y << YAML::EndMap;
  if (!y.good()) throw Error(ErrorCode::kInternal, std::string("model_config.yaml: ") + y.GetLastError());
  return std::string(y.c_str()) + "\n";
}

}  // namespace

void ExportNemo(const std::string& package_dir, const std::string& nemo_path) {
  LoadedModel m = LoadModelPackage(package_dir);
  StateDict state;
  const PreprocessorBuffers buffers = [&] {
    if (m.preprocessor.defined()) return m.preprocessor;
    const FeatureExtractor extractor(m.config.preprocessor);  // what Sori computes from the config
    return PreprocessorBuffers{extractor.filterbank().unsqueeze(0), extractor.window()};
  }();
  state.emplace_back(kNemoWindow, buffers.window.to(torch::kFloat).contiguous());
  state.emplace_back(kNemoFilterbank, buffers.filterbank.dim() == 2 ? buffers.filterbank.unsqueeze(0) : buffers.filterbank);
  for (auto& entry : m.model->GetStateDict()) state.push_back(std::move(entry));

  std::map<std::string, std::string> members;
  members["model_weights.ckpt"] = StateDictToBytes(state);
  members["model_config.yaml"] = NemoConfigYaml(m);
  if (m.tokenizer->type() == "spm") {
    members[kTokenizerMember] = ReadFileToString(package_dir + "/tokenizer/tokenizer.model", uint64_t{1} << 30);
  }
  WriteTarArchive(nemo_path, members, /*gzip=*/false);
}

}  // namespace sori
