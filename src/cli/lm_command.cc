// sori lm build: a token n-gram language model for a model's tokenizer, from the
// transcripts of manifests (and plain text files, one sentence per line).
// sori lm attach: a copy of a model package that carries a language model (built here or
// read from an ARPA file), with the fusion weight and bonus tuned on a validation
// manifest, so that `sori serve` and everything else decode with it by default. The work
// is train/lm_attach.h; this file parses the flags and prints.
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/command.h"
#include "data/manifest.h"
#include "infer/recognizer.h"
#include "model/package.h"
#include "text/ngram_lm.h"
#include "train/lm_attach.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct LmBuildArgs {
  std::string model;
  std::vector<std::string> manifests;
  std::vector<std::string> texts;
  int order = 8;
  std::string out;
};

struct LmAttachArgs {
  std::string model;        // resolved into options.package
  LmAttachOptions options;  // the flags
};

std::string AsPercent(double v) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(2) << 100 * v << "%";
  return o.str();
}

int RunLmBuild(const LmBuildArgs& a, const GlobalOptions& global) {
  const auto start = std::chrono::steady_clock::now();
  const std::string package = ResolveModelPackage(global, a.model);
  const std::unique_ptr<Tokenizer> tokenizer = LoadTokenizer(package + "/tokenizer");
  int64_t tokens = 0;
  const std::vector<std::vector<int>> sentences = ReadLmSentences(a.manifests, a.texts, *tokenizer, &tokens);
  const NgramLm lm = NgramLm::Build(sentences, tokenizer->vocab_size(), a.order);
  lm.SaveArpa(a.out, *tokenizer, VocabularyHash(*tokenizer));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Table t({"", ""});
  t.AddRow({"language model", a.out + " (" + FormatBytes(static_cast<double>(std::filesystem::file_size(a.out))) + ")"});
  t.AddRow({"tokenizer", tokenizer->type() + " from " + package});
  t.AddRow({"sentences", std::to_string(sentences.size()) + " (" + std::to_string(tokens) + " tokens)"});
  t.AddRow({"order", std::to_string(lm.order()) + " (" + std::to_string(lm.num_ngrams()) + " n-grams, interpolated Kneser-Ney)"});
  t.AddRow({"time", FormatSeconds(seconds)});
  std::cout << t.Render();
  std::cout << "Use it: sori eval --model " << a.model << " --manifest VAL.jsonl --lm " << a.out << " --beam 8\n";
  return 0;
}

int RunLmAttach(const LmAttachArgs& a, const GlobalOptions& global) {
  CheckLmAttachOptions(a.options);  // before the model is looked up: a usage error comes first
  const auto start = std::chrono::steady_clock::now();
  LmAttachOptions options = a.options;
  options.package = ResolveModelPackage(global, a.model);
  const LmAttachResult result = AttachLm(options);
  const std::string& package = options.package;
  const PackageLm& lm = result.lm;
  const std::optional<TunedLm>& tuned = result.tuned;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  Table t({"", ""});
  t.AddRow({"package", options.out + " (from " + package + ")"});
  t.AddRow({"language model", "order " + std::to_string(lm.lm->order()) + ", " + std::to_string(lm.lm->num_ngrams()) +
                                  " n-grams" + (result.built ? ", built here" : ", from " + options.lm_path)});
  std::ostringstream decoding;
  decoding << "beam " << lm.beam << ", weight " << lm.weight << ", bonus " << lm.bonus;
  t.AddRow({"decoding", decoding.str() + (tuned ? "" : " (as given)")});
  if (tuned) {
    t.AddRow({"val CER", AsPercent(lm.info["val_cer"].get<double>()) + " with the LM, " +
                             AsPercent(tuned->grid.front().cer) + " without (beam " + std::to_string(lm.beam) + "), " +
                             std::to_string(tuned->grid.size() - 1) + " settings tried on " +
                             std::to_string(result.val_utterances) + " utterances"});
    if (lm.weight == 0.0f) {
      t.AddRow({"note", "no setting beat decoding without the LM: it is kept with weight 0 (off)"});
    }
  }
  t.AddRow({"time", FormatSeconds(seconds)});
  std::cout << t.Render();
  std::cout << "Its recorded test metrics are copied from the source (measured with the source's decoding). Next:\n"
            << "  sori eval --model " << options.out << " --manifest TEST.jsonl\n"
            << "  sori models register " << options.out << " --name NAME   then promote it; servers on models:/NAME/production pick it up\n";
  return 0;
}

}  // namespace

void AddLmCommands(CLI::App& app, Registry& registry) {
  CLI::App* lm = app.add_subcommand("lm", "Token n-gram language models for beam search decoding");
  lm->require_subcommand(1);
  auto a = std::make_shared<LmBuildArgs>();
  CLI::App* build = lm->add_subcommand(
      "build",
      "Build a token n-gram language model (ARPA file) from transcripts, for a model's tokenizer.\n"
      "Trained models carry one already (config: lm); build one for an imported model or more text.\n"
      "Example: sori lm build --model 3fa9 --manifest corpus/ko/train.jsonl --out ko.arpa");
  build->add_option("--model", a->model, "Model package folder, run id, or models:/NAME/STAGE|VERSION (its tokenizer)")
      ->required();
  build->add_option("--manifest", a->manifests, "Manifest whose transcripts to learn from (repeatable)");
  build->add_option("--text", a->texts, "Text file, one normalized sentence per line (repeatable)");
  build->add_option("--order", a->order, "N-gram order in tokens")->capture_default_str()->check(CLI::Range(1, 12));
  build->add_option("--out", a->out, "ARPA file to write")->required();
  registry.Add(build, [a, &registry] { return RunLmBuild(*a, registry.global()); });

  auto at = std::make_shared<LmAttachArgs>();
  CLI::App* attach = lm->add_subcommand(
      "attach",
      "Write a copy of a model package that carries a language model, tuned on validation data,\n"
      "so that eval, transcribe and serve decode with it by default (register the new package).\n"
      "Example: sori lm attach --model models/ko-nemo --manifest mine/train.jsonl --tune mine/val.jsonl --out models/ko-nemo-lm");
  attach->add_option("--model", at->model, "Model package folder, run id, or models:/NAME/STAGE|VERSION")->required();
  attach->add_option("--lm", at->options.lm_path, "ARPA file for the model's tokenizer (from `sori lm build`)");
  attach->add_option("--manifest", at->options.manifests, "Build the LM from this manifest's transcripts (repeatable)");
  attach->add_option("--text", at->options.texts, "Build the LM from this text file, one sentence per line (repeatable)");
  attach->add_option("--order", at->options.order, "N-gram order when building")->capture_default_str()->check(CLI::Range(1, 12));
  attach->add_option("--tune", at->options.tune_manifest, "Validation manifest: choose the weight and bonus with the lowest CER");
  attach->add_option("--beam", at->options.grid.beam, "Prefix beam width to decode and tune with")
      ->capture_default_str()
      ->check(CLI::Range(2, 256));
  attach->add_option("--weights", at->options.grid.weights, "Weights to try with --tune")
      ->capture_default_str()
      ->delimiter(',')
      ->check(CLI::Range(0.0, 10.0));
  attach->add_option("--bonuses", at->options.grid.bonuses, "Bonuses to try with --tune")
      ->capture_default_str()
      ->delimiter(',')
      ->check(CLI::Range(-20.0, 20.0));
  attach->add_option("--lm-weight", at->options.weight, "Weight to use without --tune")->check(CLI::Range(0.0, 10.0));
  attach->add_option("--lm-bonus", at->options.bonus, "Bonus per token to use without --tune (default 0)")
      ->check(CLI::Range(-20.0, 20.0));
  attach->add_option("--out", at->options.out, "Folder for the new package (must not exist)")->required();
  registry.Add(attach, [at, &registry] { return RunLmAttach(*at, registry.global()); });
}

}  // namespace sori::cli
