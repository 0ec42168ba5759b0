// train/lm_attach.h: a package copy with a language model.
#include "train/lm_attach.h"

#include <filesystem>
#include <fstream>
#include <memory>

#include "data/manifest.h"
#include "infer/recognizer.h"
#include "model/package.h"
#include "text/ngram_lm.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace sori {
namespace {

std::string AbsolutePath(const std::string& path) {
  return std::filesystem::absolute(path).lexically_normal().string();
}

// The LM to attach, untuned: built from the options' sentences or read from their ARPA file.
PackageLm LoadOrBuildLm(const LmAttachOptions& o, const Tokenizer& tokenizer, bool build) {
  PackageLm lm;
  lm.beam = o.grid.beam;
  if (build) {
    int64_t tokens = 0;
    const std::vector<std::vector<int>> sentences = ReadLmSentences(o.manifests, o.texts, tokenizer, &tokens);
    lm.lm = std::make_shared<const NgramLm>(NgramLm::Build(sentences, tokenizer.vocab_size(), o.order));
    nlohmann::json sources = nlohmann::json::array();
    for (const std::string& m : o.manifests) sources.push_back(AbsolutePath(m));
    for (const std::string& t : o.texts) sources.push_back(AbsolutePath(t));
    lm.info = {{"source", sources}, {"sentences", sentences.size()}};
  } else {
    lm.lm = std::make_shared<const NgramLm>(NgramLm::LoadArpa(o.lm_path, tokenizer, VocabularyHash(tokenizer)));
    lm.info = {{"source", AbsolutePath(o.lm_path)}};
  }
  return lm;
}

}  // namespace

void CheckLmAttachOptions(const LmAttachOptions& o) {
  const bool build = !o.manifests.empty() || !o.texts.empty();
  if (build == !o.lm_path.empty()) {
    throw Error(ErrorCode::kInvalidInput,
                "give the language model either as --lm FILE.arpa or as sentences to build it from "
                "(--manifest/--text), not both");
  }
  if (o.tune_manifest.empty() && !o.weight) {
    throw Error(ErrorCode::kInvalidInput,
                "give --tune VAL.jsonl to choose the weight and bonus on validation data, or set them "
                "with --lm-weight (and --lm-bonus)");
  }
  if (!o.tune_manifest.empty() && (o.weight || o.bonus)) {
    throw Error(ErrorCode::kInvalidInput, "--tune chooses the weight and bonus; do not also give --lm-weight/--lm-bonus");
  }
}

LmAttachResult AttachLm(const LmAttachOptions& o) {
  CheckLmAttachOptions(o);
  if (std::filesystem::exists(o.out)) {  // checked again when writing; said here before minutes of tuning
    throw Error(ErrorCode::kInvalidInput, "'" + o.out + "' already exists; give a new folder (a package is not overwritten)");
  }
  Recognizer recognizer(o.package);
  const Tokenizer& tokenizer = *recognizer.model().tokenizer;
  // Read the validation manifest before building: its errors should not wait for the LM.
  const std::optional<Manifest> val =
      o.tune_manifest.empty() ? std::nullopt : std::optional<Manifest>(ReadManifest(o.tune_manifest));
  if (val && val->entries.empty()) throw Error(ErrorCode::kInvalidInput, "--tune " + o.tune_manifest + " has no utterances");

  LmAttachResult result;
  result.built = o.lm_path.empty();
  result.lm = LoadOrBuildLm(o, tokenizer, result.built);
  if (val) {
    result.tuned = TuneLm(std::move(result.lm), o.grid, val->entries, recognizer, /*show_progress=*/true);
    result.tuned->lm.info["tuned_on"] = AbsolutePath(o.tune_manifest);
    result.lm = result.tuned->lm;
    result.val_utterances = val->entries.size();
  } else {
    result.lm.weight = *o.weight;
    result.lm.bonus = o.bonus.value_or(0.0f);
  }
  WritePackageWithLm(o.package, o.out, result.lm);
  return result;
}

std::vector<std::vector<int>> ReadLmSentences(const std::vector<std::string>& manifests,
                                              const std::vector<std::string>& texts, const Tokenizer& tokenizer,
                                              int64_t* tokens) {
  if (manifests.empty() && texts.empty()) {
    throw Error(ErrorCode::kInvalidInput, "give the sentences with --manifest and/or --text");
  }
  std::vector<std::vector<int>> sentences;
  *tokens = 0;
  const auto add = [&](const std::string& text) {
    sentences.push_back(tokenizer.Encode(text));
    *tokens += static_cast<int64_t>(sentences.back().size());
  };
  for (const std::string& m : manifests) {
    for (const ManifestEntry& e : ReadManifest(m).entries) add(e.text);
  }
  for (const std::string& path : texts) {
    if (std::filesystem::exists(path)) FileSizeOrThrow(path, "text file");  // a FIFO or device would block the read
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
  if (sentences.empty()) throw Error(ErrorCode::kInvalidInput, "no sentences in the given --manifest/--text files");
  return sentences;
}

}  // namespace sori
