#include "train/train_setup.h"

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>

#include "text/char_tokenizer.h"
#include "text/jamo_tokenizer.h"
#include "text/spm_tokenizer.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace sori {
namespace fs = std::filesystem;
namespace {

torch::Device PickTrainingDevice(const TrainingSpec& t) {
  const bool cuda = torch::cuda::is_available();
  if (t.device == "cuda" && !cuda) {
    throw Error(ErrorCode::kUnsupported, "training.device is cuda, but no CUDA device is available to this build");
  }
  if (t.precision != "32") {
    throw Error(ErrorCode::kUnsupported, "training.precision " + t.precision +
                                             ": mixed precision is not implemented yet; use 32");
  }
  return (t.device == "cuda" || (t.device == "auto" && cuda)) ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

std::shared_ptr<const Tokenizer> TrainRunSentencePiece(const TokenizerSpec& spec, const std::vector<ManifestEntry>& train,
                                                    const std::string& run_dir) {
  std::string text;
  for (const auto& e : train) text += e.text + "\n";
  WriteFileAtomic(run_dir + "/tokenizer-train.txt", text);
  SpmTrainOptions o;
  o.vocab_size = spec.vocab_size;
  o.model_type = spec.model_type;
  o.decompose_jamo = spec.decompose_jamo;
  std::shared_ptr<const Tokenizer> tok = SpmTokenizer::Train(run_dir + "/tokenizer-train.txt", run_dir + "/tokenizer", o);
  fs::remove(run_dir + "/tokenizer-train.txt");
  return tok;
}

// The tokenizer a run trains with: the built-in jamo table, a prebuilt folder, or one
// built from the training transcripts (saved in the run folder so a resume reuses it).
std::shared_ptr<const Tokenizer> RunTokenizer(const TokenizerSpec& spec, const std::vector<ManifestEntry>& train,
                                              const std::string& run_dir) {
  const std::string saved = run_dir + "/tokenizer";
  if (fs::exists(saved + "/tokenizer.json")) return LoadTokenizer(saved);
  std::shared_ptr<const Tokenizer> tok;
  if (spec.type == "jamo") {
    tok = std::make_shared<JamoTokenizer>();
  } else if (!spec.path.empty()) {
    tok = LoadTokenizer(spec.path);
    if (tok->type() != spec.type) {
      throw Error(ErrorCode::kInvalidInput, "model.tokenizer.path '" + spec.path + "' holds a " + tok->type() +
                                                " tokenizer, but model.tokenizer.type is " + spec.type);
    }
  } else if (spec.type == "char") {
    std::vector<std::string> texts;
    for (const auto& e : train) texts.push_back(e.text);
    tok = std::make_shared<CharTokenizer>(CharTokenizer::Build(texts, spec.min_count));
  } else {
    tok = TrainRunSentencePiece(spec, train, run_dir);
  }
  tok->Save(saved);
  return tok;
}

// A fine-tuned package's tokenizer, else the run's own; the config's vocab_size must fit it.
std::shared_ptr<const Tokenizer> SetUpTokenizer(const LoadedModel& init, const Manifest& train, const std::string& run_dir,
                                                ModelConfig* model) {
  std::shared_ptr<const Tokenizer> tokenizer;
  if (init.model) {
    tokenizer = init.tokenizer;
    init.tokenizer->Save(run_dir + "/tokenizer");
  } else {
    tokenizer = RunTokenizer(model->tokenizer, train.entries, run_dir);
  }
  if (model->vocab_size == 0) model->vocab_size = tokenizer->vocab_size();
  if (model->vocab_size != tokenizer->vocab_size()) {
    throw Error(ErrorCode::kInvalidInput, "model.decoder.vocab_size is " + std::to_string(model->vocab_size) +
                                              " but the tokenizer has " + std::to_string(tokenizer->vocab_size()) +
                                              " tokens");
  }
  return tokenizer;
}

// A model imported from NeMo brings its own filterbank and window; the run keeps a copy
// so that --resume uses them too.
PreprocessorBuffers SetUpBuffers(const LoadedModel& init, const std::string& run_dir, bool resuming) {
  const std::string file = run_dir + "/preprocessor.ckpt";
  PreprocessorBuffers buffers = init.preprocessor;
  if (buffers.defined()) {
    SavePreprocessorBuffers(file, buffers);
  } else if (resuming && fs::exists(file)) {
    buffers = LoadPreprocessorBuffers(file);
  }
  return buffers;
}

void SetUpLoaders(TrainingSetup* s) {
  const TrainConfig& c = s->config;
  LoaderConfig lc;
  lc.max_batch_duration = c.training.batch_duration;
  lc.max_batch_size = c.training.max_batch_size;
  lc.min_duration = c.data.min_duration;
  lc.max_duration = c.data.max_duration;
  lc.workers = c.training.workers;
  lc.seed = c.training.seed;
  lc.subsampling_factor = c.model.encoder.subsampling_factor;
  lc.augment = c.augmentation;
  s->train_loader = std::make_unique<DataLoader>(s->train_manifest.entries, s->tokenizer,
                                                 MakeFeatureExtractor(c.model, s->buffers), lc);
  LoaderConfig vc = lc;
  vc.shuffle = false;
  vc.training = false;
  vc.skip_infeasible_targets = false;  // val/cer covers every utterance, as `sori eval` does
  vc.max_duration = std::max(lc.max_duration, c.training.batch_duration);
  s->val_loader = std::make_unique<DataLoader>(s->val_manifest.entries, s->tokenizer,
                                               MakeFeatureExtractor(c.model, s->buffers), vc);
}

// Flattens the resolved YAML into "training.learning_rate" -> "0.002" style params.
void FlattenYaml(const YAML::Node& node, const std::string& prefix, std::map<std::string, std::string>* out) {
  if (node.IsMap()) {
    for (const auto& kv : node) {
      const std::string key = kv.first.as<std::string>();
      FlattenYaml(kv.second, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else if (node.IsSequence()) {
    std::vector<std::string> items;
    for (const auto& item : node) items.push_back(item.IsScalar() ? item.as<std::string>() : "...");
    (*out)[prefix] = "[" + Join(items, ", ") + "]";
  } else if (node.IsScalar()) {
    (*out)[prefix] = node.as<std::string>();
  }
}

void RecordNewRun(TrainingSetup& s, RunRecord& record) {
  std::map<std::string, std::string> params;
  FlattenYaml(YAML::Load(s.config.yaml), "", &params);
  params["model.parameters"] = std::to_string(s.model->ParameterCount());
  params["model.tokenizer.vocab_size"] = std::to_string(s.tokenizer->vocab_size());
  params["data.train_utterances"] = std::to_string(s.train_loader->stats().utterances);
  params["data.train_hours"] = FormatFixed(s.train_loader->stats().hours, 3);
  record.LogParams(params);
  record.LinkDataset(s.train_manifest, "train");
  record.LinkDataset(s.val_manifest, "val");
}

void LogTrainingData(TrainingSetup& s) {
  const LoaderStats& ls = s.train_loader->stats();
  spdlog::info("training on {} utterances ({:.2f} h; skipped: {} short, {} long, {} with more tokens than frames), "
               "{} parameters, device {}",
               ls.utterances, ls.hours, ls.skipped_too_short, ls.skipped_too_long, ls.skipped_targets_too_long,
               s.model->ParameterCount(), s.device.str());
  if (ls.skipped_targets_too_long * 100 > ls.utterances + ls.skipped_targets_too_long) {
    spdlog::warn("{} training utterances have more tokens than the encoder has frames at subsampling factor {}; "
                 "speech this fast needs a smaller model.encoder.subsampling_factor (4 for jamo) or larger "
                 "tokens (SentencePiece)",
                 ls.skipped_targets_too_long, s.config.model.encoder.subsampling_factor);
  }
}

}  // namespace

RunStart BeginRun(TrainConfig config, Store& store, const TrainOptions& options) {
  if (!options.resume_run.empty()) {
    RunRecord record = RunRecord::Find(store, options.resume_run);
    TrainConfig recorded = TrainConfig::FromYamlString(record.config_yaml(), "run " + record.id() + " config", "");
    record.Reopen();
    spdlog::info("run {} ({}) in {}", record.id(), recorded.name, record.dir());
    return RunStart{std::move(record), std::move(recorded), LoadedModel{}};
  }
  LoadedModel init;
  if (!options.init_from.empty()) {
    // Fine-tuning keeps the package's encoder, features and tokenizer. The recorded
    // config says so, so that --resume rebuilds the same model.
    init = LoadModelPackage(options.init_from, torch::kCPU);
    config.model.preprocessor = init.config.preprocessor;
    config.model.encoder = init.config.encoder;
    config.model.tokenizer = init.config.tokenizer;
    config.model.tokenizer.path.clear();  // the run keeps its own copy in <run>/tokenizer
    config.model.vocab_size = init.config.vocab_size;
    config.yaml = config.ToYaml();
  }
  RunRecord record = RunRecord::Create(store, config.name, config.yaml, options.source_revision);
  spdlog::info("run {} ({}) in {}", record.id(), config.name, record.dir());
  return RunStart{std::move(record), std::move(config), std::move(init)};
}

TrainingSetup SetUpTraining(TrainConfig config, LoadedModel init, RunRecord& record, const TrainOptions& options) {
  TrainingSetup s;
  s.config = std::move(config);
  const TrainingSpec& t = s.config.training;
  const bool resuming = !options.resume_run.empty();
  s.device = PickTrainingDevice(t);
  torch::manual_seed(static_cast<uint64_t>(t.seed));
  s.train_manifest = ReadManifest(s.config.data.train_manifest, ManifestReadOptions{});
  s.val_manifest = ReadManifest(s.config.data.val_manifest, ManifestReadOptions{});
  s.buffers = SetUpBuffers(init, record.dir(), resuming);
  s.tokenizer = SetUpTokenizer(init, s.train_manifest, record.dir(), &s.config.model);

  s.model = CtcModel(s.config.model.encoder, s.config.model.decoder_config());
  if (init.model) s.model->LoadStateDict(init.model->GetStateDict());
  s.model->to(s.device);
  s.model->train();
  s.optimizer = std::make_unique<torch::optim::AdamW>(
      s.model->parameters(),
      torch::optim::AdamWOptions(t.learning_rate).betas({t.betas[0], t.betas[1]}).weight_decay(t.weight_decay));
  SetUpLoaders(&s);

  if (resuming) {
    s.state = LoadCheckpoint(record.dir() + "/checkpoints/last", s.model, *s.optimizer);
    RemoveStaleCheckpoints(record.dir() + "/checkpoints", s.state);
    spdlog::info("resumed run {} at epoch {}, batch {}, step {}", record.id(), s.state.epoch, s.state.batch_index,
                 s.state.global_step);
  } else {
    RecordNewRun(s, record);
  }
  LogTrainingData(s);
  return s;
}

}  // namespace sori
