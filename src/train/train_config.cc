#include "train/train_config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"
#include "util/yaml_map.h"

namespace sori {
namespace {

[[noreturn]] void Bad(const std::string& key, const std::string& why) {
  throw Error(ErrorCode::kInvalidInput, key + ": " + why);
}

std::string Resolve(const std::string& base, const std::string& path) {
  return path.empty() ? path : ResolveRelativeTo(base, path);
}

void ReadAugmentation(YamlMap& a, AugmentConfig* c) {
  YamlMap sp = a.Map("speed_perturb");
  sp.Get("enabled", &c->speed_perturb.enabled);
  sp.Get("factors", &c->speed_perturb.factors);
  sp.Finish();
  YamlMap n = a.Map("noise_aug");
  n.Get("enabled", &c->noise_aug.enabled);
  n.Get("prob", &c->noise_aug.prob);
  n.Get("min_snr_db", &c->noise_aug.min_snr_db);
  n.Get("max_snr_db", &c->noise_aug.max_snr_db);
  n.Get("noise_dir", &c->noise_aug.noise_dir);
  n.Get("max_noise_seconds", &c->noise_aug.max_noise_seconds);
  n.Finish();
  YamlMap v = a.Map("vtlp");
  v.Get("enabled", &c->vtlp.enabled);
  v.Get("min_warp", &c->vtlp.min_warp);
  v.Get("max_warp", &c->vtlp.max_warp);
  v.Get("boundary_hz", &c->vtlp.boundary_hz);
  v.Finish();
  YamlMap s = a.Map("spec_augment");
  s.Get("enabled", &c->spec_augment.enabled);
  s.Get("freq_masks", &c->spec_augment.freq_masks);
  s.Get("freq_width", &c->spec_augment.freq_width);
  s.Get("time_masks", &c->spec_augment.time_masks);
  s.Get("time_width", &c->spec_augment.time_width);
  s.Get("mask_value", &c->spec_augment.mask_value);
  s.Finish();
  a.Finish();
}

}  // namespace

TrainConfig TrainConfig::FromYamlFile(const std::string& path) {
  // Absolute, so the resolved config (stored with the run, reused by --resume) names the
  // same files from any working directory.
  return FromYamlString(ReadFileToString(path, 1 << 20), path, ParentDir(std::filesystem::absolute(path).string()));
}

TrainConfig TrainConfig::FromYamlFile(const std::string& path, const std::vector<std::string>& overrides,
                                      const std::string& cwd) {
  if (overrides.empty()) return FromYamlFile(path);
  YAML::Node root = ParseYaml(ReadFileToString(path, 1 << 20), path);
  if (!root.IsMap()) root = YAML::Node(YAML::NodeType::Map);
  static const char* const kPathKeys[] = {"data.train_manifest", "data.val_manifest", "data.test_manifest",
                                          "model.tokenizer.path", "augmentation.noise_aug.noise_dir"};
  for (const std::string& o : overrides) {
    const size_t eq = o.find('=');
    if (eq == std::string::npos || eq == 0) Bad("--set " + o, "expected dotted.key=value");
    const std::string key = o.substr(0, eq);
    std::string value = o.substr(eq + 1);
    for (const char* k : kPathKeys) {
      if (key == k && !value.empty()) value = ResolveRelativeTo(cwd, value);
    }
    const std::vector<std::string> parts = Split(key, '.');
    // yaml-cpp nodes are handles: walk with reset() so assignment never rebinds a parent.
    std::vector<YAML::Node> chain{root};
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      if (parts[i].empty()) Bad("--set " + o, "empty key part");
      YAML::Node child = chain.back()[parts[i]];
      if (!child.IsDefined() || child.IsNull()) child = YAML::Node(YAML::NodeType::Map);
      if (!child.IsMap()) Bad(key, "'" + parts[i] + "' is not a mapping, cannot set a key inside it");
      chain.back()[parts[i]] = child;
      chain.push_back(chain.back()[parts[i]]);
    }
    try {
      chain.back()[parts.back()] = YAML::Load(value);
    } catch (const YAML::Exception& e) {
      Bad("--set " + key, "value is not valid YAML: " + e.msg);
    }
  }
  YAML::Emitter out;
  out << root;
  return FromYamlString(out.c_str(), path, ParentDir(std::filesystem::absolute(path).string()));
}

TrainConfig TrainConfig::FromYamlString(const std::string& text, const std::string& name, const std::string& base_dir) {
  const YAML::Node root = ParseYaml(text, name);
  YamlMap top(root, "");
  TrainConfig c;
  top.Get("name", &c.name);
  YamlMap model = top.Map("model");
  c.model = ModelConfig::FromYaml(model);
  if (!c.model.tokenizer.path.empty()) c.model.tokenizer.path = Resolve(base_dir, c.model.tokenizer.path);

  YamlMap d = top.Map("data");
  d.Get("train_manifest", &c.data.train_manifest);
  d.Get("val_manifest", &c.data.val_manifest);
  d.Get("test_manifest", &c.data.test_manifest);
  d.Get("sample_rate", &c.data.sample_rate);
  d.Get("min_duration", &c.data.min_duration);
  d.Get("max_duration", &c.data.max_duration);
  d.Finish();
  c.data.train_manifest = Resolve(base_dir, c.data.train_manifest);
  c.data.val_manifest = Resolve(base_dir, c.data.val_manifest);
  c.data.test_manifest = Resolve(base_dir, c.data.test_manifest);

  TrainingSpec& t = c.training;
  YamlMap tr = top.Map("training");
  tr.Get("batch_duration", &t.batch_duration);
  tr.Get("max_batch_size", &t.max_batch_size);
  tr.Get("accumulate_grad_batches", &t.accumulate_grad_batches);
  tr.Get("max_epochs", &t.max_epochs);
  tr.Get("max_steps", &t.max_steps);
  tr.Get("max_minutes", &t.max_minutes);
  tr.Get("learning_rate", &t.learning_rate);
  tr.Get("scheduler", &t.scheduler);
  tr.Get("warmup_steps", &t.warmup_steps);
  tr.Get("min_lr", &t.min_lr);
  tr.Get("weight_decay", &t.weight_decay);
  tr.Get("betas", &t.betas);
  tr.Get("max_grad_norm", &t.max_grad_norm);
  tr.Get("precision", &t.precision);
  tr.Get("device", &t.device);
  tr.Get("seed", &t.seed);
  tr.Get("workers", &t.workers);
  tr.Get("val_every_n_steps", &t.val_every_n_steps);
  tr.Get("log_every_n_steps", &t.log_every_n_steps);
  tr.Get("freeze_encoder_steps", &t.freeze_encoder_steps);
  YamlMap es = tr.Map("early_stopping");
  es.Get("enabled", &t.early_stopping.enabled);
  es.Get("monitor", &t.early_stopping.monitor);
  es.Get("patience", &t.early_stopping.patience);
  es.Get("mode", &t.early_stopping.mode);
  es.Finish();
  YamlMap ck = tr.Map("checkpoint");
  ck.Get("save_top_k", &t.checkpoint.save_top_k);
  ck.Get("monitor", &t.checkpoint.monitor);
  ck.Get("mode", &t.checkpoint.mode);
  ck.Get("every_n_steps", &t.checkpoint.every_n_steps);
  ck.Finish();
  tr.Finish();

  YamlMap aug = top.Map("augmentation");
  ReadAugmentation(aug, &c.augmentation);
  YamlMap lm_map = top.Map("lm");
  lm_map.Get("order", &c.lm.order);
  lm_map.Get("beam", &c.lm.beam);
  lm_map.Get("weights", &c.lm.weights);
  lm_map.Get("bonuses", &c.lm.bonuses);
  lm_map.Finish();
  top.Finish();
  c.Validate();
  c.yaml = c.ToYaml();
  return c;
}

void TrainConfig::Validate() const {
  model.Validate();
  if (data.train_manifest.empty()) Bad("data.train_manifest", "is required");
  if (data.val_manifest.empty()) Bad("data.val_manifest", "is required");
  if (data.sample_rate != model.sample_rate) {
    Bad("data.sample_rate", std::to_string(data.sample_rate) + " differs from model.sample_rate " +
                                std::to_string(model.sample_rate));
  }
  if (!(data.min_duration >= 0 && data.max_duration > data.min_duration)) {
    Bad("data.max_duration", "need 0 <= min_duration < max_duration");
  }
  const TrainingSpec& t = training;
  if (!(t.batch_duration >= data.max_duration)) {
    Bad("training.batch_duration", "(" + FormatFixed(t.batch_duration, 1) + " s) must be at least data.max_duration (" +
                                       FormatFixed(data.max_duration, 1) + " s)");
  }
  if (t.max_batch_size < 1) Bad("training.max_batch_size", "must be >= 1");
  if (t.accumulate_grad_batches < 1) Bad("training.accumulate_grad_batches", "must be >= 1");
  if (t.max_epochs < 1) Bad("training.max_epochs", "must be >= 1");
  if (t.max_steps == 0 || t.max_steps < -1) Bad("training.max_steps", "must be -1 (no limit) or positive");
  if (!(t.max_minutes >= 0)) Bad("training.max_minutes", "must be >= 0");
  if (!(t.learning_rate > 0 && t.learning_rate < 1)) Bad("training.learning_rate", "must be in (0, 1)");
  if (t.scheduler != "cosine" && t.scheduler != "noam" && t.scheduler != "constant") {
    Bad("training.scheduler", "'" + t.scheduler + "' (accepted: cosine, noam, constant)");
  }
  if (t.warmup_steps < 0) Bad("training.warmup_steps", "must be >= 0");
  if (t.scheduler == "noam" && t.warmup_steps < 1) Bad("training.warmup_steps", "noam needs warmup_steps >= 1");
  if (!(t.min_lr >= 0 && t.min_lr <= t.learning_rate)) Bad("training.min_lr", "must be in [0, learning_rate]");
  if (!(t.weight_decay >= 0)) Bad("training.weight_decay", "must be >= 0");
  if (t.betas.size() != 2 || !(t.betas[0] >= 0 && t.betas[0] < 1 && t.betas[1] >= 0 && t.betas[1] < 1)) {
    Bad("training.betas", "must be two numbers in [0, 1)");
  }
  if (!(t.max_grad_norm >= 0)) Bad("training.max_grad_norm", "must be >= 0");
  if (t.precision != "32" && t.precision != "bf16" && t.precision != "16") {
    Bad("training.precision", "'" + t.precision + "' (accepted: 32, bf16, 16)");
  }
  if (t.device != "auto" && t.device != "cpu" && t.device != "cuda") {
    Bad("training.device", "'" + t.device + "' (accepted: auto, cpu, cuda)");
  }
  if (t.workers < 1 || t.workers > 64) Bad("training.workers", "must be in 1..64");
  if (t.val_every_n_steps < 0) Bad("training.val_every_n_steps", "must be >= 0");
  if (t.log_every_n_steps < 1) Bad("training.log_every_n_steps", "must be >= 1");
  if (t.freeze_encoder_steps < 0) Bad("training.freeze_encoder_steps", "must be >= 0");
  for (const auto& [key, monitor, mode] :
       {std::tuple<std::string, std::string, std::string>{"training.early_stopping", t.early_stopping.monitor,
                                                           t.early_stopping.mode},
        {"training.checkpoint", t.checkpoint.monitor, t.checkpoint.mode}}) {
    if (monitor != "val/cer" && monitor != "val/wer" && monitor != "val/loss") {
      Bad(key + ".monitor", "'" + monitor + "' (accepted: val/cer, val/wer, val/loss)");
    }
    if (mode != "min" && mode != "max") Bad(key + ".mode", "'" + mode + "' (accepted: min, max)");
  }
  if (t.early_stopping.patience < 1) Bad("training.early_stopping.patience", "must be >= 1");
  if (t.checkpoint.save_top_k < 1) Bad("training.checkpoint.save_top_k", "must be >= 1");
  if (t.checkpoint.every_n_steps < 0) Bad("training.checkpoint.every_n_steps", "must be >= 0");
  augmentation.Validate();
  if (augmentation.vtlp.enabled) CheckVtlpBoundary(augmentation.vtlp.boundary_hz, model.sample_rate);
  if (lm.order < 0 || lm.order > 12) Bad("lm.order", "must be in 0..12 (0: no language model)");
  if (lm.beam < 2 || lm.beam > 64) Bad("lm.beam", "must be in 2..64");
  if (lm.weights.empty() || lm.bonuses.empty()) Bad(lm.weights.empty() ? "lm.weights" : "lm.bonuses", "must not be empty");
  for (double w : lm.weights) {
    if (!(w > 0.0 && w <= 10.0)) Bad("lm.weights", "each must be in (0, 10]");
  }
  for (double b : lm.bonuses) {
    if (!(b >= -20.0 && b <= 20.0)) Bad("lm.bonuses", "each must be in [-20, 20]");
  }
}

std::string TrainConfig::ToYaml() const {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << name;
  out << YAML::Key << "model" << YAML::Value;
  model.Emit(out);
  out << YAML::Key << "data" << YAML::Value << YAML::BeginMap << YAML::Key << "train_manifest" << YAML::Value
      << data.train_manifest << YAML::Key << "val_manifest" << YAML::Value << data.val_manifest;
  if (!data.test_manifest.empty()) out << YAML::Key << "test_manifest" << YAML::Value << data.test_manifest;
  out << YAML::Key << "sample_rate" << YAML::Value << data.sample_rate << YAML::Key << "min_duration" << YAML::Value
      << data.min_duration << YAML::Key << "max_duration" << YAML::Value << data.max_duration << YAML::EndMap;
  const TrainingSpec& t = training;
  out << YAML::Key << "training" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "batch_duration" << YAML::Value << t.batch_duration << YAML::Key << "max_batch_size"
      << YAML::Value << t.max_batch_size << YAML::Key << "accumulate_grad_batches" << YAML::Value
      << t.accumulate_grad_batches << YAML::Key << "max_epochs" << YAML::Value << t.max_epochs << YAML::Key
      << "max_steps" << YAML::Value << t.max_steps << YAML::Key << "max_minutes" << YAML::Value << t.max_minutes
      << YAML::Key << "learning_rate" << YAML::Value << t.learning_rate << YAML::Key << "scheduler" << YAML::Value
      << t.scheduler << YAML::Key << "warmup_steps" << YAML::Value << t.warmup_steps << YAML::Key << "min_lr"
      << YAML::Value << t.min_lr << YAML::Key << "weight_decay" << YAML::Value << t.weight_decay << YAML::Key
      << "betas" << YAML::Value << YAML::Flow << t.betas << YAML::Key << "max_grad_norm" << YAML::Value
      << t.max_grad_norm << YAML::Key << "precision" << YAML::Value << t.precision << YAML::Key << "device"
      << YAML::Value << t.device << YAML::Key << "seed" << YAML::Value << t.seed << YAML::Key << "workers"
      << YAML::Value << t.workers << YAML::Key << "val_every_n_steps" << YAML::Value << t.val_every_n_steps
      << YAML::Key << "log_every_n_steps" << YAML::Value << t.log_every_n_steps << YAML::Key
      << "freeze_encoder_steps" << YAML::Value << t.freeze_encoder_steps;
  out << YAML::Key << "early_stopping" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "enabled"
      << YAML::Value << t.early_stopping.enabled << YAML::Key << "monitor" << YAML::Value << t.early_stopping.monitor
      << YAML::Key << "patience" << YAML::Value << t.early_stopping.patience << YAML::Key << "mode" << YAML::Value
      << t.early_stopping.mode << YAML::EndMap;
  out << YAML::Key << "checkpoint" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "save_top_k"
      << YAML::Value << t.checkpoint.save_top_k << YAML::Key << "monitor" << YAML::Value << t.checkpoint.monitor
      << YAML::Key << "mode" << YAML::Value << t.checkpoint.mode << YAML::Key << "every_n_steps" << YAML::Value
      << t.checkpoint.every_n_steps << YAML::EndMap;
  out << YAML::EndMap;
  const AugmentConfig& a = augmentation;
  out << YAML::Key << "augmentation" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "speed_perturb" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "enabled"
      << YAML::Value << a.speed_perturb.enabled << YAML::Key << "factors" << YAML::Value << a.speed_perturb.factors
      << YAML::EndMap;
  out << YAML::Key << "noise_aug" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "enabled"
      << YAML::Value << a.noise_aug.enabled << YAML::Key << "prob" << YAML::Value << a.noise_aug.prob << YAML::Key
      << "min_snr_db" << YAML::Value << a.noise_aug.min_snr_db << YAML::Key << "max_snr_db" << YAML::Value
      << a.noise_aug.max_snr_db << YAML::Key << "noise_dir" << YAML::Value << a.noise_aug.noise_dir << YAML::Key
      << "max_noise_seconds" << YAML::Value << a.noise_aug.max_noise_seconds << YAML::EndMap;
  out << YAML::Key << "vtlp" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "enabled" << YAML::Value
      << a.vtlp.enabled << YAML::Key << "min_warp" << YAML::Value << a.vtlp.min_warp << YAML::Key << "max_warp"
      << YAML::Value << a.vtlp.max_warp << YAML::Key << "boundary_hz" << YAML::Value << a.vtlp.boundary_hz
      << YAML::EndMap;
  out << YAML::Key << "spec_augment" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "enabled"
      << YAML::Value << a.spec_augment.enabled << YAML::Key << "freq_masks" << YAML::Value << a.spec_augment.freq_masks
      << YAML::Key << "freq_width" << YAML::Value << a.spec_augment.freq_width << YAML::Key << "time_masks"
      << YAML::Value << a.spec_augment.time_masks << YAML::Key << "time_width" << YAML::Value
      << a.spec_augment.time_width << YAML::Key << "mask_value" << YAML::Value << a.spec_augment.mask_value
      << YAML::EndMap;
  out << YAML::EndMap;
  out << YAML::Key << "lm" << YAML::Value << YAML::BeginMap << YAML::Key << "order" << YAML::Value << lm.order
      << YAML::Key << "beam" << YAML::Value << lm.beam << YAML::Key << "weights" << YAML::Value << YAML::Flow
      << lm.weights << YAML::Key << "bonuses" << YAML::Value << YAML::Flow << lm.bonuses << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace sori
