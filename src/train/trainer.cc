#include "train/trainer.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "data/loader.h"
#include "data/snapshot.h"
#include "infer/ctc_decode.h"
#include "model/ctc_model.h"
#include "model/package.h"
#include "model/state_dict_io.h"
#include "text/char_tokenizer.h"
#include "text/jamo_tokenizer.h"
#include "text/metrics.h"
#include "text/spm_tokenizer.h"
#include "train/checkpoint.h"
#include "train/evaluate.h"
#include "train/package_lm.h"
#include "train/lr_schedule.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/progress.h"
#include "util/strings.h"

namespace sori {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

torch::Device PickDevice(const TrainingSpec& t) {
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
    std::string text;
    for (const auto& e : train) text += e.text + "\n";
    WriteFileAtomic(run_dir + "/tokenizer-train.txt", text);
    SpmTrainOptions o;
    o.vocab_size = spec.vocab_size;
    o.model_type = spec.model_type;
    o.decompose_jamo = spec.decompose_jamo;
    tok = SpmTokenizer::Train(run_dir + "/tokenizer-train.txt", saved, o);
    fs::remove(run_dir + "/tokenizer-train.txt");
  }
  tok->Save(saved);
  return tok;
}

// Flattens the resolved YAML into "training.learning_rate" -> "0.002" style params.
void Flatten(const YAML::Node& node, const std::string& prefix, std::map<std::string, std::string>* out) {
  if (node.IsMap()) {
    for (const auto& kv : node) {
      const std::string key = kv.first.as<std::string>();
      Flatten(kv.second, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else if (node.IsSequence()) {
    std::vector<std::string> items;
    for (const auto& item : node) items.push_back(item.IsScalar() ? item.as<std::string>() : "...");
    (*out)[prefix] = "[" + Join(items, ", ") + "]";
  } else if (node.IsScalar()) {
    (*out)[prefix] = node.as<std::string>();
  }
}

int64_t RecordSnapshot(Store& store, const std::string& run, const Manifest& m, const std::string& role) {
  const DatasetHash h = HashDataset(m, 2, false);
  DatasetSnapshot s;
  s.name = fs::path(m.path).stem().string();
  s.hash = h.hash;
  s.manifest_path = fs::absolute(m.path).string();
  s.utterances = h.utterances;
  s.hours = h.hours;
  s.audio_bytes = h.audio_bytes;
  bool created = false;
  const DatasetSnapshot rec = store.datasets().Record(s, &created);
  store.runs().LinkDataset(run, rec.id, role);
  return rec.id;
}

torch::Tensor CtcLossPerUtterance(const CtcOutput& out, const Batch& b, int blank) {
  return torch::ctc_loss(out.log_probs.transpose(0, 1), b.targets.to(out.log_probs.device()), out.lengths,
                         b.target_lengths.to(out.log_probs.device()), blank, at::Reduction::None,
                         /*zero_infinity=*/true);
}

struct ValidationResult {
  double loss = 0.0;
  double cer = 0.0;
  double wer = 0.0;
};

ValidationResult Validate(CtcModel& model, DataLoader& loader, const Tokenizer& tokenizer, const torch::Device& device) {
  model->eval();
  torch::NoGradGuard no_grad;
  double loss_sum = 0, target_sum = 0;
  ErrorCounts chars, words;
  loader.Start(0);
  while (auto b = loader.Next()) {
    const CtcOutput out = model->forward(b->features.to(device), b->feature_lengths.to(device));
    // Utterances CTC cannot align (more tokens than frames) have infinite loss: they
    // count in CER/WER but not in the loss, numerator or denominator.
    const torch::Tensor per_utt =
        torch::ctc_loss(out.log_probs.transpose(0, 1), b->targets.to(out.log_probs.device()), out.lengths,
                        b->target_lengths.to(out.log_probs.device()), model->blank_id(), at::Reduction::None,
                        /*zero_infinity=*/false);
    const torch::Tensor finite = torch::isfinite(per_utt);
    loss_sum += torch::where(finite, per_utt, torch::zeros_like(per_utt)).sum().item<double>();
    target_sum += static_cast<double>(
        (b->target_lengths.to(finite.device()) * finite.to(torch::kLong)).sum().item<int64_t>());
    const auto hyps = GreedyCtcBatch(out.log_probs, out.lengths, model->blank_id());
    for (size_t i = 0; i < hyps.size(); ++i) {
      const std::string& ref = loader.entries()[static_cast<size_t>(b->utterances[i])].text;
      const std::string hyp = tokenizer.Decode(hyps[i].tokens);
      chars += AlignCharacters(ref, hyp).counts;
      words += AlignWords(ref, hyp).counts;
    }
  }
  model->train();
  return ValidationResult{loss_sum / std::max(1.0, target_sum), chars.rate(), words.rate()};
}

double Monitored(const ValidationResult& v, const std::string& key) {
  if (key == "val/cer") return v.cer;
  if (key == "val/wer") return v.wer;
  return v.loss;
}

bool Better(double a, double b, const std::string& mode) { return mode == "min" ? a < b : a > b; }

void SetLearningRate(torch::optim::AdamW& opt, double lr) {
  for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

void SetEncoderTrainable(CtcModel& model, bool trainable) {
  for (auto& p : model->encoder()->parameters()) p.set_requires_grad(trainable);
}

void StorePackage(Store& store, const std::string& run, const std::string& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string sha = store.artifacts().Put(entry.path().string());
    store.artifacts().Link(run, "model/" + fs::relative(entry.path(), dir).string(), sha,
                       static_cast<int64_t>(entry.file_size()));
  }
}

}  // namespace

TrainResult Train(TrainConfig config, Store& store, const TrainOptions& options) {
  RunInfo run;
  LoadedModel init;
  if (!options.resume_run.empty()) {
    run = store.runs().Get(options.resume_run);
    if (run.status == "finished") {
      throw Error(ErrorCode::kInvalidInput, "run " + run.id + " already finished; start a new run instead");
    }
    if (!CheckpointExists(run.run_dir + "/checkpoints/last")) {
      throw Error(ErrorCode::kNotFound, "run " + run.id + " has no checkpoint to resume from (" + run.run_dir +
                                            "/checkpoints/last)");
    }
    config = TrainConfig::FromYamlString(run.config_yaml, "run " + run.id + " config", "");
    store.runs().Reopen(run.id);
  } else {
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
    run = store.runs().Create(config.name, config.yaml, options.source_revision);
  }
  TrainResult result;
  result.run_id = run.id;
  spdlog::info("run {} ({}) in {}", run.id, config.name, run.run_dir);

  try {
    const TrainingSpec& t = config.training;
    const torch::Device device = PickDevice(t);
    torch::manual_seed(static_cast<uint64_t>(t.seed));

    ManifestReadOptions read;
    const Manifest train_manifest = ReadManifest(config.data.train_manifest, read);
    const Manifest val_manifest = ReadManifest(config.data.val_manifest, read);

    // A model imported from NeMo brings its own filterbank and window; the run keeps a
    // copy so that --resume uses them too.
    const std::string buffers_file = run.run_dir + "/preprocessor.ckpt";
    PreprocessorBuffers buffers = init.preprocessor;
    if (buffers.defined()) {
      SavePreprocessorBuffers(buffers_file, buffers);
    } else if (!options.resume_run.empty() && fs::exists(buffers_file)) {
      buffers = LoadPreprocessorBuffers(buffers_file);
    }

    std::shared_ptr<const Tokenizer> tokenizer;
    if (init.model) {
      tokenizer = init.tokenizer;
      init.tokenizer->Save(run.run_dir + "/tokenizer");
    } else {
      tokenizer = RunTokenizer(config.model.tokenizer, train_manifest.entries, run.run_dir);
    }
    if (config.model.vocab_size == 0) config.model.vocab_size = tokenizer->vocab_size();
    if (config.model.vocab_size != tokenizer->vocab_size()) {
      throw Error(ErrorCode::kInvalidInput, "model.decoder.vocab_size is " + std::to_string(config.model.vocab_size) +
                                                " but the tokenizer has " + std::to_string(tokenizer->vocab_size()) +
                                                " tokens");
    }

    CtcModel model(config.model.encoder, config.model.decoder_config());
    if (init.model) model->LoadStateDict(init.model->GetStateDict());
    model->to(device);
    model->train();
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(t.learning_rate)
                                                           .betas({t.betas[0], t.betas[1]})
                                                           .weight_decay(t.weight_decay));

    LoaderConfig lc;
    lc.max_batch_duration = t.batch_duration;
    lc.max_batch_size = t.max_batch_size;
    lc.min_duration = config.data.min_duration;
    lc.max_duration = config.data.max_duration;
    lc.workers = t.workers;
    lc.seed = t.seed;
    lc.subsampling_factor = config.model.encoder.subsampling_factor;
    lc.augment = config.augmentation;
    DataLoader train_loader(train_manifest.entries, tokenizer, MakeFeatureExtractor(config.model, buffers), lc);
    LoaderConfig vc = lc;
    vc.shuffle = false;
    vc.training = false;
    vc.skip_infeasible_targets = false;  // val/cer covers every utterance, as `sori eval` does
    vc.max_duration = std::max(lc.max_duration, t.batch_duration);
    DataLoader val_loader(val_manifest.entries, tokenizer, MakeFeatureExtractor(config.model, buffers), vc);

    TrainerState state;
    const std::string last_dir = run.run_dir + "/checkpoints/last";
    if (!options.resume_run.empty()) {
      state = LoadCheckpoint(last_dir, model, optimizer);
      RemoveStaleCheckpoints(run.run_dir + "/checkpoints", state);
      spdlog::info("resumed run {} at epoch {}, batch {}, step {}", run.id, state.epoch, state.batch_index,
                   state.global_step);
    } else {
      std::map<std::string, std::string> params;
      Flatten(YAML::Load(config.yaml), "", &params);
      params["model.parameters"] = std::to_string(model->ParameterCount());
      params["model.tokenizer.vocab_size"] = std::to_string(tokenizer->vocab_size());
      params["data.train_utterances"] = std::to_string(train_loader.stats().utterances);
      params["data.train_hours"] = FormatFixed(train_loader.stats().hours, 3);
      store.runs().LogParams(run.id, params);
      RecordSnapshot(store, run.id, train_manifest, "train");
      RecordSnapshot(store, run.id, val_manifest, "val");
    }
    const LoaderStats& ls = train_loader.stats();
    spdlog::info("training on {} utterances ({:.2f} h; skipped: {} short, {} long, {} with more tokens than frames), "
                 "{} parameters, device {}",
                 ls.utterances, ls.hours, ls.skipped_too_short, ls.skipped_too_long, ls.skipped_targets_too_long,
                 model->ParameterCount(), device.str());
    if (ls.skipped_targets_too_long * 100 > ls.utterances + ls.skipped_targets_too_long) {
      spdlog::warn("{} training utterances have more tokens than the encoder has frames at subsampling factor {}; "
                   "speech this fast needs a smaller model.encoder.subsampling_factor (4 for jamo) or larger "
                   "tokens (SentencePiece)",
                   ls.skipped_targets_too_long, config.model.encoder.subsampling_factor);
    }

    const int64_t batches_per_epoch = train_loader.BatchesInEpoch(0);
    int64_t planned_steps =
        t.max_steps > 0 ? t.max_steps : (batches_per_epoch * t.max_epochs + t.accumulate_grad_batches - 1) / t.accumulate_grad_batches;
    // With a time budget (and no max_steps) the schedule spans the budget: the number of
    // steps that fit is estimated from this session's pace after 20 steps and again at
    // every epoch end (the pace then includes validation), and kept in the checkpoint so a
    // resumed run follows the same schedule.
    const bool budgeted = t.max_minutes > 0 && t.max_steps <= 0;
    const int64_t epoch_planned_steps = planned_steps;
    if (budgeted && state.planned_steps > 0) planned_steps = state.planned_steps;
    const int64_t steps_before = state.global_step;
    const EarlyStoppingSpec& es = t.early_stopping;
    const CheckpointSpec& ck = t.checkpoint;
    const auto session_start = Clock::now();
    const double elapsed_before = state.elapsed_seconds;
    auto last_heartbeat = Clock::now();
    double audio_trained = 0.0, train_seconds = 0.0;
    bool stop = false;
    std::string stop_reason;
    const auto elapsed = [&] { return elapsed_before + Seconds(session_start); };
    const auto replan = [&] {
      const double pace = static_cast<double>(state.global_step - steps_before) / std::max(1e-9, Seconds(session_start));
      const double remaining = std::max(0.0, t.max_minutes * 60.0 - elapsed());
      const auto fit = static_cast<int64_t>(static_cast<double>(state.global_step) + pace * remaining);
      planned_steps = std::max<int64_t>(1, std::min(epoch_planned_steps, fit));
      state.planned_steps = planned_steps;
    };

    // checkpoints/last, then the top-k folders it no longer lists: a kill between the two
    // leaves an unlisted folder (removed on resume), never a listed folder missing.
    std::vector<std::string> pruned;
    RngState rng_at_group_start = CaptureRng();
    const auto save_last = [&] {
      state.elapsed_seconds = elapsed();
      SaveCheckpoint(last_dir, model, optimizer, state, rng_at_group_start);
      for (const auto& dir : pruned) {
        std::error_code ec;
        fs::remove_all(dir, ec);
      }
      pruned.clear();
    };

    // Validation, metrics, top-k and early stopping; returns true if training should stop.
    // The caller saves checkpoints/last right after.
    const auto validate = [&]() {
      const ValidationResult v = Validate(model, val_loader, *tokenizer, device);
      store.runs().LogMetrics(run.id, state.global_step, state.epoch, {{"val/loss", v.loss}, {"val/cer", v.cer}, {"val/wer", v.wer}});
      spdlog::info("epoch {} step {}: val loss {:.4f}  CER {:.2f}%  WER {:.2f}%", state.epoch, state.global_step, v.loss,
                   100 * v.cer, 100 * v.wer);
      const double ck_value = Monitored(v, ck.monitor);
      const bool enters_top = static_cast<int>(state.top_k.size()) < ck.save_top_k ||
                              Better(ck_value, state.top_k.back().value, ck.mode);
      if (enters_top) {
        const std::string dir = run.run_dir + "/checkpoints/best-" + std::to_string(state.global_step);
        SaveStateDict(dir + "/model.ckpt", model->GetStateDict());
        state.top_k.push_back({ck_value, state.global_step, dir});
        std::stable_sort(state.top_k.begin(), state.top_k.end(),
                         [&](const TopCheckpoint& a, const TopCheckpoint& b) { return Better(a.value, b.value, ck.mode); });
        while (static_cast<int>(state.top_k.size()) > ck.save_top_k) {
          // Deleted only once checkpoints/last no longer lists it (save_last).
          if (state.top_k.back().dir != dir) pruned.push_back(state.top_k.back().dir);
          else fs::remove_all(dir);
          state.top_k.pop_back();
        }
      }
      const double es_value = Monitored(v, es.monitor);
      if (!state.has_best || Better(es_value, state.best_value, es.mode)) {
        state.best_value = es_value;
        state.has_best = true;
        state.bad_validations = 0;
      } else {
        state.bad_validations++;
      }
      if (es.enabled && state.bad_validations >= es.patience) {
        stop_reason = "early stopping: " + es.monitor + " did not improve for " + std::to_string(es.patience) +
                      " validations";
        return true;
      }
      return false;
    };

    int pending = 0;  // batches whose gradients wait for the next optimizer step
    struct GroupStart {
      int64_t batch_index = 0;
      int64_t micro_step = 0;
    } group_start;
    ProgressBar* progress = nullptr;
    std::unique_ptr<ProgressBar> bar;
    double loss_window = 0.0;
    int loss_count = 0;
    double smoothed_loss = -1.0;
    SetEncoderTrainable(model, state.global_step >= t.freeze_encoder_steps);

    while (!stop && state.epoch < t.max_epochs) {
      train_loader.Start(state.epoch, state.batch_index);
      bar = std::make_unique<ProgressBar>("epoch " + std::to_string(state.epoch + 1) + "/" + std::to_string(t.max_epochs),
                                          static_cast<uint64_t>(train_loader.BatchesInEpoch(state.epoch)), "batches");
      if (!options.show_progress) bar->set_mode(ProgressBar::Mode::kSilent);
      progress = bar.get();
      if (state.batch_index > 0) progress->Add(static_cast<uint64_t>(state.batch_index));
      while (true) {
        if (pending == 0) {
          // Start of an accumulation group: where a checkpoint taken mid-group rewinds to.
          // rng_at_group_start already holds the generator state here: it is captured at
          // start-up and after every optimizer step, and nothing draws from it in between.
          group_start = {state.batch_index, state.micro_step};
        }
        if (options.stop && options.stop->load()) {
          stop = true;
          stop_reason = "stopped by a signal";
          break;
        }
        if (t.max_minutes > 0 && elapsed() > t.max_minutes * 60.0) {
          stop = true;
          stop_reason = "time budget of " + FormatFixed(t.max_minutes, 1) + " minutes used";
          break;
        }
        if (t.max_steps > 0 && state.global_step >= t.max_steps) {
          stop = true;
          stop_reason = "max_steps reached";
          break;
        }
        const auto step_start = Clock::now();
        std::optional<Batch> batch = train_loader.Next();
        if (!batch) break;
        const CtcOutput out = model->forward(batch->features.to(device), batch->feature_lengths.to(device));
        const torch::Tensor per_utt = CtcLossPerUtterance(out, *batch, model->blank_id());
        // NeMo's "mean_volume": total loss over total target length.
        const double volume = std::max<double>(1.0, static_cast<double>(batch->target_lengths.sum().item<int64_t>()));
        const torch::Tensor loss = per_utt.sum() / volume;
        (loss / static_cast<double>(t.accumulate_grad_batches)).backward();
        state.micro_step++;
        state.batch_index = batch->index + 1;
        pending++;
        bool stepped = false;
        if (pending == t.accumulate_grad_batches) {
          if (t.max_grad_norm > 0) torch::nn::utils::clip_grad_norm_(model->parameters(), t.max_grad_norm);
          const double lr = LearningRateAt(t, state.global_step, planned_steps);
          SetLearningRate(optimizer, lr);
          optimizer.step();
          optimizer.zero_grad();
          state.global_step++;
          pending = 0;
          stepped = true;
          if (state.global_step == t.freeze_encoder_steps) SetEncoderTrainable(model, true);
        }
        const double l = loss.item<double>();
        loss_window += l;
        loss_count++;
        smoothed_loss = smoothed_loss < 0 ? l : 0.9 * smoothed_loss + 0.1 * l;
        audio_trained += batch->audio_seconds;
        train_seconds += Seconds(step_start);
        progress->SetSuffix("loss " + FormatFixed(smoothed_loss, 3) + "  lr " +
                            fmt::format("{:.2e}", LearningRateAt(t, state.global_step, planned_steps)) + "  " +
                            FormatFixed(audio_trained / std::max(1e-9, train_seconds), 1) + " audio-s/s");
        progress->Add();
        // Logging, checkpoints and validation count optimizer steps, like max_steps.
        if (stepped && state.global_step % t.log_every_n_steps == 0) {
          store.runs().LogMetrics(run.id, state.global_step, state.epoch,
                           {{"train/loss", loss_window / loss_count},
                            {"train/lr", LearningRateAt(t, state.global_step, planned_steps)},
                            {"train/audio_s_per_s", audio_trained / std::max(1e-9, train_seconds)}});
          loss_window = 0;
          loss_count = 0;
        }
        if (Seconds(last_heartbeat) > 30) {
          store.runs().Heartbeat(run.id);
          last_heartbeat = Clock::now();
        }
        if (!stepped) continue;
        if (budgeted && state.planned_steps == 0 && state.global_step - steps_before >= 20) {
          replan();
          spdlog::info("time budget: the learning-rate schedule spans ~{} steps", planned_steps);
        }
        rng_at_group_start = CaptureRng();  // a checkpoint here is at a group boundary
        const bool validating = t.val_every_n_steps > 0 && state.global_step % t.val_every_n_steps == 0;
        if (validating && validate()) stop = true;
        if (validating || (ck.every_n_steps > 0 && state.global_step % ck.every_n_steps == 0)) save_last();
        if (stop) break;
      }
      progress->Finish();
      if (pending > 0 && !stop) {
        // The epoch ended inside an accumulation group: step with what it has (as
        // Lightning does), so every checkpoint sits on a group boundary.
        if (t.max_grad_norm > 0) torch::nn::utils::clip_grad_norm_(model->parameters(), t.max_grad_norm);
        SetLearningRate(optimizer, LearningRateAt(t, state.global_step, planned_steps));
        optimizer.step();
        optimizer.zero_grad();
        state.global_step++;
        pending = 0;
      }
      if (pending > 0) {
        // Stopped inside a group (signal or time budget): drop its gradients and resume
        // from its first batch, with the RNG as it was there.
        optimizer.zero_grad();
        state.batch_index = group_start.batch_index;
        state.micro_step = group_start.micro_step;
        pending = 0;
      } else {
        rng_at_group_start = CaptureRng();
      }
      if (stop) break;
      // End of epoch.
      state.epoch++;
      state.batch_index = 0;
      if (budgeted && state.global_step - steps_before >= 20) replan();
      if (t.val_every_n_steps == 0 && validate()) stop = true;
      save_last();
    }
    save_last();
    result.steps = state.global_step;
    result.audio_seconds_per_second = audio_trained / std::max(1e-9, train_seconds);

    const bool interrupted = options.stop && options.stop->load();
    if (interrupted) {
      store.runs().Finish(run.id, "killed", "stopped by a signal at step " + std::to_string(state.global_step) +
                                            "; continue with: sori train --resume " + run.id);
      result.status = "killed";
      return result;
    }
    if (!stop_reason.empty()) spdlog::info("{}", stop_reason);

    // The best checkpoint becomes the run's model package.
    if (state.top_k.empty()) {
      validate();
    }
    const TopCheckpoint& best = state.top_k.front();
    model->LoadStateDict(LoadStateDict(best.dir + "/model.ckpt"));
    nlohmann::json metrics = {{ck.monitor, best.value}, {"step", best.step}};
    nlohmann::json lineage = {{"run_id", run.id},
                              {"run_name", config.name},
                              {"source_revision", options.source_revision},
                              {"train_manifest", config.data.train_manifest},
                              {"val_manifest", config.data.val_manifest},
                              {"steps", state.global_step}};
    for (const auto& [snapshot, role] : store.runs().RunDatasets(run.id)) {
      lineage["datasets"].push_back({{"role", role}, {"name", snapshot.name}, {"hash", snapshot.hash}});
    }
    result.package_dir = run.run_dir + "/model";
    model->to(torch::kCPU);
    SaveModelPackage(result.package_dir, config.model, model, *tokenizer, metrics, lineage, buffers);
    // The language model joins the package once tuned on the validation set against it.
    bool with_lm = false;
    {
      Recognizer plain(result.package_dir, device);
      if (const std::optional<TunedLm> lm = BuildAndTuneLm(config.lm, train_manifest.entries, val_manifest.entries,
                                                           plain, options.show_progress)) {
        metrics["lm/val_cer"] = lm->lm.info["val_cer"];
        metrics["lm/val_cer_without_lm"] = lm->lm.info["val_cer_without_lm"];
        result.metrics["lm/val_cer"] = lm->lm.info["val_cer"].get<double>();
        result.metrics["lm/val_cer_without_lm"] = lm->lm.info["val_cer_without_lm"].get<double>();
        store.runs().LogMetrics(run.id, state.global_step, state.epoch,
                         {{"lm/val_cer", lm->lm.info["val_cer"].get<double>()},
                          {"lm/val_cer_without_lm", lm->lm.info["val_cer_without_lm"].get<double>()},
                          {"lm/weight", lm->lm.weight},
                          {"lm/bonus", lm->lm.bonus}});
        SaveModelPackage(result.package_dir, config.model, model, *tokenizer, metrics, lineage, buffers, lm->lm);
        with_lm = lm->lm.weight > 0.0f;
      }
    }
    StorePackage(store, run.id, result.package_dir);
    result.metrics[ck.monitor] = best.value;

    if (!config.data.test_manifest.empty()) {
      const Manifest test_manifest = ReadManifest(config.data.test_manifest, read);
      const int64_t dataset = RecordSnapshot(store, run.id, test_manifest, "test");
      Recognizer recognizer(result.package_dir, device);
      EvalOptions eo;
      eo.show_progress = options.show_progress;
      const EvalReport report = Evaluate(recognizer, test_manifest.entries, eo);
      store.runs().LogMetrics(run.id, state.global_step, state.epoch,
                       {{"test/cer", report.chars.rate()}, {"test/wer", report.words.rate()},
                        {"test/rtf", report.real_time_factor()}});
      if (with_lm) {  // what the language model adds, on data it never saw
        EvalOptions greedy = eo;
        greedy.decoding.beam = 1;
        const EvalReport plain = Evaluate(recognizer, test_manifest.entries, greedy);
        store.runs().LogMetrics(run.id, state.global_step, state.epoch,
                         {{"test/cer_greedy", plain.chars.rate()}, {"test/wer_greedy", plain.words.rate()}});
        result.metrics["test/cer_greedy"] = plain.chars.rate();
        spdlog::info("test without the language model (greedy): CER {:.2f}%  WER {:.2f}%", 100 * plain.chars.rate(),
                     100 * plain.words.rate());
      }
      const std::string report_path = run.run_dir + "/test-report.json";
      WriteFileAtomic(report_path, report.ToJson(20).dump(2) + "\n");
      EvaluationRecord rec;
      rec.run_id = run.id;
      rec.model = result.package_dir;
      rec.dataset_id = dataset;
      rec.metrics = {{"cer", report.chars.rate()}, {"wer", report.words.rate()},
                     {"utterances", static_cast<double>(report.utterances.size())},
                     {"failed", static_cast<double>(report.failed)}};
      rec.report_sha256 = store.artifacts().Put(report_path);
      store.evaluations().Record(rec);
      result.metrics["test/cer"] = report.chars.rate();
      result.metrics["test/wer"] = report.words.rate();
      spdlog::info("test: CER {:.2f}%  WER {:.2f}% on {} utterances", 100 * report.chars.rate(),
                   100 * report.words.rate(), report.utterances.size());
    }
    store.runs().Finish(run.id, "finished");
    result.status = "finished";
    return result;
  } catch (const std::exception& e) {
    store.runs().Finish(run.id, "failed", e.what());
    throw;
  }
}

}  // namespace sori
