#include "model/package.h"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <random>

#include "model/state_dict_io.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/strings.h"
#include "util/yaml_map.h"

namespace sori {
namespace fs = std::filesystem;
namespace {

constexpr int kFormatVersion = 1;
constexpr char kPreprocessorFile[] = "preprocessor.ckpt";
constexpr char kLmFile[] = "lm.arpa";

[[noreturn]] void BadPackage(const std::string& dir, const std::string& what) {
  throw Error(ErrorCode::kInvalidInput, "model package '" + dir + "': " + what);
}

// model.json "lm": the file, its size and the decoding settings, then the rest of `info`.
nlohmann::ordered_json LmMetadata(const PackageLm& lm) {
  nlohmann::ordered_json info = {{"file", kLmFile},     {"order", lm.lm->order()}, {"ngrams", lm.lm->num_ngrams()},
                                 {"weight", lm.weight}, {"bonus", lm.bonus},       {"beam", lm.beam}};
  for (const auto& [key, value] : lm.info.items()) {
    if (!info.contains(key)) info[key] = value;
  }
  return info;
}

// A temporary folder beside `target`, for writing a package that is renamed into place.
fs::path TempBeside(const fs::path& target) {
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::random_device rd;
  return parent / ("." + target.filename().string() + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rd()));
}

}  // namespace

std::string VocabularyHash(const Tokenizer& tokenizer) {
  Sha256 h;
  for (int id = 0; id < tokenizer.vocab_size(); ++id) {
    h.Update(tokenizer.IdToPiece(id));
    h.Update("\n");
  }
  return h.HexDigest();
}

PreprocessorBuffers LoadPreprocessorBuffers(const std::string& path) {
  PreprocessorBuffers out;
  for (auto& [name, tensor] : LoadStateDict(path)) {
    if (name == "featurizer.fb") {
      out.filterbank = tensor;
    } else if (name == "featurizer.window") {
      out.window = tensor;
    } else {
      throw Error(ErrorCode::kInvalidInput, "'" + path + "': unexpected entry '" + name +
                                                "' (expected featurizer.fb and featurizer.window)");
    }
  }
  if (!out.defined()) {
    throw Error(ErrorCode::kInvalidInput, "'" + path + "': needs both featurizer.fb and featurizer.window");
  }
  return out;
}

void SavePreprocessorBuffers(const std::string& path, const PreprocessorBuffers& buffers) {
  SaveStateDict(path, {{"featurizer.fb", buffers.filterbank.cpu()}, {"featurizer.window", buffers.window.cpu()}});
}

FeatureExtractor MakeFeatureExtractor(const ModelConfig& config, const PreprocessorBuffers& buffers,
                                      const torch::Device& device) {
  if (!buffers.defined()) return FeatureExtractor(config.preprocessor, device);
  return FeatureExtractor(config.preprocessor, buffers.filterbank.to(device), buffers.window.to(device));
}

void PackageLm::Validate() const {
  if (!(weight >= 0.0f && weight <= 10.0f)) {
    throw Error(ErrorCode::kInvalidInput, "language model weight must be in [0, 10], got " + std::to_string(weight));
  }
  if (!(bonus >= -20.0f && bonus <= 20.0f)) {
    throw Error(ErrorCode::kInvalidInput, "language model bonus must be in [-20, 20], got " + std::to_string(bonus));
  }
  if (beam < 2 || beam > 256) {
    throw Error(ErrorCode::kInvalidInput, "language model beam must be in [2, 256], got " + std::to_string(beam));
  }
}

void SaveModelPackage(const std::string& dir, const ModelConfig& config, CtcModel& model,
                      const Tokenizer& tokenizer, const nlohmann::json& metrics, const nlohmann::json& lineage,
                      const PreprocessorBuffers& preprocessor, const PackageLm& lm) {
  if (lm.lm) lm.Validate();
  if (tokenizer.vocab_size() != config.vocab_size) {
    throw Error(ErrorCode::kInternal, "tokenizer has " + std::to_string(tokenizer.vocab_size()) +
                                          " tokens but the model config says " + std::to_string(config.vocab_size));
  }
  const fs::path target = fs::path(dir).lexically_normal();
  const fs::path tmp = TempBeside(target);
  std::error_code ec;
  fs::create_directories(tmp / "tokenizer", ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot create '" + tmp.string() + "': " + ec.message());
  try {
    SaveStateDict((tmp / "weights.ckpt").string(), model->GetStateDict());
    if (preprocessor.defined()) {
      SavePreprocessorBuffers((tmp / kPreprocessorFile).string(), preprocessor);
    }
    tokenizer.Save((tmp / "tokenizer").string());
    YAML::Emitter yaml;
    yaml << YAML::BeginMap << YAML::Key << "model" << YAML::Value;
    config.Emit(yaml);
    yaml << YAML::EndMap;
    WriteFileAtomic((tmp / "config.yaml").string(), std::string(yaml.c_str()) + "\n");
    nlohmann::ordered_json meta = {
        {"format", "sori-model"},
        {"format_version", kFormatVersion},
        {"architecture", config.encoder.subsampling == "dw_striding" ? "fastconformer-ctc" : "conformer-ctc"},
        {"sample_rate", config.sample_rate},
        {"subsampling_factor", config.encoder.subsampling_factor},
        {"blank_id", config.vocab_size},
        {"vocab_size", config.vocab_size},
        {"tokenizer", {{"type", tokenizer.type()}, {"vocab_sha256", VocabularyHash(tokenizer)}}},
        {"parameters", model->ParameterCount()},
        {"metrics", metrics.is_null() ? nlohmann::json::object() : metrics},
        {"lineage", lineage.is_null() ? nlohmann::json::object() : lineage},
        {"created_at", UtcNowIso8601()}};
    if (lm.lm) {
      lm.lm->SaveArpa((tmp / kLmFile).string(), tokenizer, VocabularyHash(tokenizer));
      meta["lm"] = LmMetadata(lm);
    }
    WriteFileAtomic((tmp / "model.json").string(), meta.dump(2) + "\n");
    ReplaceDirectory(tmp.string(), target.string());
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

void WritePackageWithLm(const std::string& source_dir, const std::string& out_dir, const PackageLm& lm) {
  if (lm.lm) lm.Validate();
  const fs::path source = fs::path(source_dir).lexically_normal();
  const fs::path target = fs::path(out_dir).lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(source / "model.json", ec)) {
    throw Error(ErrorCode::kNotFound, "'" + source_dir + "' is not a model package (no model.json)");
  }
  if (fs::exists(target, ec) || fs::is_symlink(target, ec)) {
    throw Error(ErrorCode::kInvalidInput,
                "'" + out_dir + "' already exists; give a new folder (a package is not overwritten)");
  }
  nlohmann::ordered_json meta;
  try {
    meta = nlohmann::ordered_json::parse(ReadFileToString((source / "model.json").string(), 16 << 20));
  } catch (const nlohmann::json::exception& e) {
    BadPackage(source_dir, std::string("model.json is not valid JSON: ") + e.what());
  }
  if (!meta.is_object()) BadPackage(source_dir, "model.json is not a JSON object");
  const fs::path tmp = TempBeside(target);
  try {
    fs::create_directories(tmp, ec);
    if (ec) throw Error(ErrorCode::kIo, "cannot create '" + tmp.string() + "': " + ec.message());
    for (auto it = fs::recursive_directory_iterator(source, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      const fs::path rel = fs::relative(it->path(), source);
      if (rel == kLmFile || rel == "model.json") continue;
      if (it->is_symlink()) BadPackage(source_dir, "contains a symbolic link (" + rel.string() + ")");
      if (it->is_directory()) {
        fs::create_directories(tmp / rel);
      } else if (it->is_regular_file()) {
        fs::copy_file(it->path(), tmp / rel);
      }
    }
    if (ec) throw Error(ErrorCode::kIo, "cannot list model package '" + source_dir + "': " + ec.message());
    if (lm.lm) {
      const std::unique_ptr<Tokenizer> tokenizer = LoadTokenizer((source / "tokenizer").string());
      lm.lm->SaveArpa((tmp / kLmFile).string(), *tokenizer, VocabularyHash(*tokenizer));
      meta["lm"] = LmMetadata(lm);
    } else {
      meta.erase("lm");
    }
    if (!meta.contains("lineage") || !meta["lineage"].is_object()) meta["lineage"] = nlohmann::ordered_json::object();
    // The source's weights hash names exactly which model the LM was attached to.
    meta["lineage"]["base_package"] = {{"path", fs::absolute(source).lexically_normal().string()},
                                       {"weights_sha256", Sha256File((source / "weights.ckpt").string())}};
    meta["created_at"] = UtcNowIso8601();
    WriteFileAtomic((tmp / "model.json").string(), meta.dump(2) + "\n");
    fs::rename(tmp, target);  // if `target` appeared meanwhile: fails, or replaces it only if empty
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::kIo, "cannot write model package '" + out_dir + "': " + e.what());
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

nlohmann::json ReadPackageMetadata(const std::string& dir) {
  nlohmann::json meta = nlohmann::json::parse(ReadFileToString(dir + "/model.json", 1 << 20), nullptr, false);
  if (meta.is_discarded() || !meta.is_object()) {
    throw Error(ErrorCode::kInvalidInput, "'" + dir + "/model.json' is not a JSON object");
  }
  return meta;
}

LoadedModel LoadModelPackage(const std::string& dir, const torch::Device& device) {
  const fs::path root(dir);
  if (!fs::exists(root / "model.json")) {
    throw Error(ErrorCode::kNotFound, "'" + dir + "' is not a model package (no model.json)");
  }
  LoadedModel out;
  out.dir = dir;
  try {
    out.metadata = nlohmann::json::parse(ReadFileToString((root / "model.json").string(), 16 << 20));
  } catch (const nlohmann::json::exception& e) {
    BadPackage(dir, std::string("model.json is not valid JSON: ") + e.what());
  }
  const nlohmann::json& m = out.metadata;
  if (m.value("format", "") != "sori-model") BadPackage(dir, "model.json: format is not \"sori-model\"");
  if (m.value("format_version", 0) > kFormatVersion) {
    throw Error(ErrorCode::kUnsupported, "model package '" + dir + "' has format version " +
                                             std::to_string(m.value("format_version", 0)) +
                                             "; this build of sori reads up to " + std::to_string(kFormatVersion));
  }
  const YAML::Node yaml = ParseYaml(ReadFileToString((root / "config.yaml").string(), 1 << 20), dir + "/config.yaml");
  YamlMap top(yaml, "");
  YamlMap model_map = top.Map("model");
  out.config = ModelConfig::FromYaml(model_map);
  top.Finish();

  out.tokenizer = LoadTokenizer((root / "tokenizer").string());
  const int vocab = out.tokenizer->vocab_size();
  if (out.config.vocab_size != vocab || m.value("vocab_size", -1) != vocab) {
    BadPackage(dir, "the tokenizer has " + std::to_string(vocab) + " tokens but config.yaml says " +
                 std::to_string(out.config.vocab_size) + " and model.json " + std::to_string(m.value("vocab_size", -1)));
  }
  const std::string expected_hash = m.contains("tokenizer") ? m["tokenizer"].value("vocab_sha256", "") : "";
  if (expected_hash != VocabularyHash(*out.tokenizer)) {
    BadPackage(dir, "tokenizer/ does not match the vocabulary the model was trained with (vocab_sha256 differs)");
  }
  if (m.value("blank_id", -1) != vocab) BadPackage(dir, "model.json: blank_id must be the vocabulary size (" + std::to_string(vocab) + ")");
  if (m.value("subsampling_factor", -1) != out.config.encoder.subsampling_factor) {
    BadPackage(dir, "model.json and config.yaml disagree on subsampling_factor");
  }

  out.model = CtcModel(out.config.encoder, out.config.decoder_config());
  try {
    out.model->LoadStateDict(LoadStateDict((root / "weights.ckpt").string()));
  } catch (const Error& e) {
    BadPackage(dir, std::string("weights.ckpt: ") + e.what());
  }
  if (fs::exists(root / kPreprocessorFile)) {
    try {
      out.preprocessor = LoadPreprocessorBuffers((root / kPreprocessorFile).string());
      MakeFeatureExtractor(out.config, out.preprocessor);  // checks the shapes against the config
    } catch (const Error& e) {
      BadPackage(dir, e.what());
    }
  }
  if (m.contains("lm")) {
    const nlohmann::json& l = m["lm"];
    try {
      if (!l.is_object() || l.value("file", "") != kLmFile) throw Error(ErrorCode::kInvalidInput, "model.json: lm.file must be \"lm.arpa\"");
      out.lm.weight = l.at("weight").get<float>();
      out.lm.bonus = l.at("bonus").get<float>();
      out.lm.beam = l.at("beam").get<int>();
      out.lm.Validate();
      out.lm.info = l;
      out.lm.lm = std::make_shared<const NgramLm>(
          NgramLm::LoadArpa((root / kLmFile).string(), *out.tokenizer, VocabularyHash(*out.tokenizer)));
    } catch (const nlohmann::json::exception& e) {
      BadPackage(dir, std::string("model.json: lm: ") + e.what());
    } catch (const Error& e) {
      if (e.code() == ErrorCode::kIo) throw;
      BadPackage(dir, e.what());
    }
  }
  out.model->to(device);
  out.model->eval();
  return out;
}

}  // namespace sori
