// sori lm build: a token n-gram language model for a model's tokenizer, from the
// transcripts of manifests (and plain text files, one sentence per line).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "data/manifest.h"
#include "model/package.h"
#include "text/ngram_lm.h"
#include "util/error.h"
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

int RunLmBuild(const LmBuildArgs& a, const GlobalOptions& global) {
  if (a.manifests.empty() && a.texts.empty()) {
    throw Error(ErrorCode::kInvalidInput, "give the sentences with --manifest and/or --text");
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string package = ResolveModelPackage(global, a.model);
  const std::unique_ptr<Tokenizer> tokenizer = LoadTokenizer(package + "/tokenizer");
  std::vector<std::vector<int>> sentences;
  int64_t tokens = 0;
  const auto add = [&](const std::string& text) {
    sentences.push_back(tokenizer->Encode(text));
    tokens += static_cast<int64_t>(sentences.back().size());
  };
  for (const std::string& m : a.manifests) {
    for (const ManifestEntry& e : ReadManifest(m).entries) add(e.text);
  }
  for (const std::string& path : a.texts) {
    std::ifstream in(path);
    if (!in) throw Error(std::filesystem::exists(path) ? ErrorCode::kIo : ErrorCode::kNotFound, "cannot read text file " + path);
    std::string line;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      const std::string t = Trim(line);
      if (t.empty()) continue;
      try {
        add(t);
      } catch (const Error& e) {
        throw Error(e.code(), path + ":" + std::to_string(line_no) + ": " + e.what());
      }
    }
  }
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
}

}  // namespace sori::cli
