#include "train/finalize.h"

#include <spdlog/spdlog.h>

#include <optional>

#include "model/state_dict_io.h"
#include "train/evaluate.h"
#include "train/package_lm.h"
#include "util/fs.h"

namespace sori {
namespace {

// What model.json says about where the package came from and how good it is.
struct PackageNotes {
  nlohmann::json metrics;
  nlohmann::json lineage;
};

PackageNotes SaveBestCheckpointPackage(TrainingSetup& s, const TrainerState& state, RunRecord& record,
                                       const TrainOptions& options, const std::string& dir) {
  const TopCheckpoint& best = state.top_k.front();
  s.model->LoadStateDict(LoadStateDict(best.dir + "/model.ckpt"));
  PackageNotes notes;
  notes.metrics = {{s.config.training.checkpoint.monitor, best.value}, {"step", best.step}};
  notes.lineage = {{"run_id", record.id()},
                   {"run_name", s.config.name},
                   {"source_revision", options.source_revision},
                   {"train_manifest", s.config.data.train_manifest},
                   {"val_manifest", s.config.data.val_manifest},
                   {"steps", state.global_step}};
  for (const auto& dataset : record.DatasetLineage()) notes.lineage["datasets"].push_back(dataset);
  s.model->to(torch::kCPU);
  SaveModelPackage(dir, s.config.model, s.model, *s.tokenizer, notes.metrics, notes.lineage, s.buffers);
  return notes;
}

// The language model joins the package once tuned on the validation set against it.
// Returns true if the package now decodes with it (a tuned weight above 0).
bool AttachTunedLm(TrainingSetup& s, const TrainerState& state, RunRecord& record, const TrainOptions& options,
                   const std::string& dir, PackageNotes* notes, TrainResult* result) {
  Recognizer plain(dir, s.device);
  const std::optional<TunedLm> lm =
      BuildAndTuneLm(s.config.lm, s.train_manifest.entries, s.val_manifest.entries, plain, options.show_progress);
  if (!lm) return false;
  const double val_cer = lm->lm.info["val_cer"].get<double>();
  const double val_cer_without_lm = lm->lm.info["val_cer_without_lm"].get<double>();
  notes->metrics["lm/val_cer"] = lm->lm.info["val_cer"];
  notes->metrics["lm/val_cer_without_lm"] = lm->lm.info["val_cer_without_lm"];
  result->metrics["lm/val_cer"] = val_cer;
  result->metrics["lm/val_cer_without_lm"] = val_cer_without_lm;
  record.LogMetrics(state.global_step, state.epoch,
                    {{"lm/val_cer", val_cer},
                     {"lm/val_cer_without_lm", val_cer_without_lm},
                     {"lm/weight", lm->lm.weight},
                     {"lm/bonus", lm->lm.bonus}});
  SaveModelPackage(dir, s.config.model, s.model, *s.tokenizer, notes->metrics, notes->lineage, s.buffers, lm->lm);
  return lm->lm.weight > 0.0f;
}

// What the language model adds, on data it never saw: the test set decoded greedily.
void EvaluateTestWithoutLm(Recognizer& recognizer, const Manifest& test, const EvalOptions& with_lm,
                           const TrainerState& state, RunRecord& record, TrainResult* result) {
  EvalOptions greedy = with_lm;
  greedy.decoding.beam = 1;
  const EvalReport plain = Evaluate(recognizer, test.entries, greedy);
  record.LogMetrics(state.global_step, state.epoch,
                    {{"test/cer_greedy", plain.chars.rate()}, {"test/wer_greedy", plain.words.rate()}});
  result->metrics["test/cer_greedy"] = plain.chars.rate();
  spdlog::info("test without the language model (greedy): CER {:.2f}%  WER {:.2f}%", 100 * plain.chars.rate(),
               100 * plain.words.rate());
}

void EvaluateTestSet(const TrainingSetup& s, const TrainerState& state, RunRecord& record, const TrainOptions& options,
                     bool with_lm, TrainResult* result) {
  const Manifest test = ReadManifest(s.config.data.test_manifest, ManifestReadOptions{});
  const int64_t dataset = record.LinkDataset(test, "test");
  Recognizer recognizer(result->package_dir, s.device);
  EvalOptions eo;
  eo.show_progress = options.show_progress;
  const EvalReport report = Evaluate(recognizer, test.entries, eo);
  record.LogMetrics(state.global_step, state.epoch,
                    {{"test/cer", report.chars.rate()}, {"test/wer", report.words.rate()},
                     {"test/rtf", report.real_time_factor()}});
  if (with_lm) EvaluateTestWithoutLm(recognizer, test, eo, state, record, result);
  const std::string report_path = record.dir() + "/test-report.json";
  WriteFileAtomic(report_path, report.ToJson(20).dump(2) + "\n");
  record.RecordEvaluation(result->package_dir, dataset, report_path,
                          {{"cer", report.chars.rate()},
                           {"wer", report.words.rate()},
                           {"utterances", static_cast<double>(report.utterances.size())},
                           {"failed", static_cast<double>(report.failed)}});
  result->metrics["test/cer"] = report.chars.rate();
  result->metrics["test/wer"] = report.words.rate();
  spdlog::info("test: CER {:.2f}%  WER {:.2f}% on {} utterances", 100 * report.chars.rate(), 100 * report.words.rate(),
               report.utterances.size());
}

}  // namespace

void FinalizeRun(TrainingSetup& s, const TrainerState& state, RunRecord& record, const TrainOptions& options,
                 TrainResult* result) {
  result->package_dir = record.dir() + "/model";
  PackageNotes notes = SaveBestCheckpointPackage(s, state, record, options, result->package_dir);
  const bool with_lm = AttachTunedLm(s, state, record, options, result->package_dir, &notes, result);
  record.StorePackage(result->package_dir);
  const TopCheckpoint& best = state.top_k.front();
  result->metrics[s.config.training.checkpoint.monitor] = best.value;
  if (!s.config.data.test_manifest.empty()) EvaluateTestSet(s, state, record, options, with_lm, result);
}

}  // namespace sori
