// sori text normalize | tokenize | train-tokenizer
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "text/char_tokenizer.h"
#include "text/jamo_tokenizer.h"
#include "text/normalize.h"
#include "text/normalize_en.h"
#include "text/normalize_ko.h"
#include "text/spm_tokenizer.h"
#include "text/tokenizer.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct NormalizeArgs {
  std::string lang = "ko";
  bool spelling = false;
  bool keep_punctuation = false;
  bool keep_case = false;
  std::vector<std::string> texts;
};

std::string NormalizeOne(const NormalizeArgs& a, const std::string& text) {
  if (a.lang == "ko") {
    KoreanNormalizerOptions o;
    o.dual = a.spelling ? KoreanNormalizerOptions::Dual::kSpelling : KoreanNormalizerOptions::Dual::kPronunciation;
    o.remove_punctuation = !a.keep_punctuation;
    o.lowercase_latin = !a.keep_case;
    return NormalizeKorean(text, o);
  }
  if (a.lang == "en") {
    EnglishNormalizerOptions o;
    o.remove_punctuation = !a.keep_punctuation;
    o.lowercase = !a.keep_case;
    return NormalizeEnglish(text, o);
  }
  return NormalizeText(text, a.lang);
}

int RunNormalize(const NormalizeArgs& a) {
  if (!a.texts.empty()) {
    for (const auto& t : a.texts) std::cout << NormalizeOne(a, t) << "\n";
    return 0;
  }
  // No arguments: a filter over stdin, one line in, one line out.
  std::string line;
  int64_t n = 0;
  while (std::getline(std::cin, line)) {
    ++n;
    try {
      std::cout << NormalizeOne(a, line) << "\n";
    } catch (const Error& e) {
      throw Error(e.code(), "stdin line " + std::to_string(n) + ": " + e.what());
    }
  }
  return 0;
}

struct TokenizeArgs {
  std::string tokenizer = "jamo";
  std::string model;
  bool jamo = false;
  bool json = false;
  std::string text;
};

std::unique_ptr<Tokenizer> OpenTokenizer(const TokenizeArgs& a) {
  if (a.tokenizer == "jamo") return std::make_unique<JamoTokenizer>();
  if (a.tokenizer == "char") {
    if (!a.model.empty()) {
      auto t = LoadTokenizer(a.model);
      if (t->type() != "char") {
        throw Error(ErrorCode::kInvalidInput, "'" + a.model + "' holds a " + t->type() +
                                                  " tokenizer, not a char tokenizer");
      }
      return t;
    }
    // No vocabulary given: build one from the text itself, for a quick look.
    return std::make_unique<CharTokenizer>(CharTokenizer::Build({a.text}));
  }
  if (a.model.empty()) {
    throw Error(ErrorCode::kInvalidInput,
                "--tokenizer spm needs --model: a SentencePiece .model file or a folder with tokenizer.json");
  }
  if (std::filesystem::is_directory(a.model)) return LoadTokenizer(a.model);
  return SpmTokenizer::FromModelFile(a.model, a.jamo);
}

int RunTokenize(const TokenizeArgs& a) {
  const auto tok = OpenTokenizer(a);
  const std::vector<int> ids = tok->Encode(a.text);
  std::vector<std::string> pieces;
  for (int id : ids) pieces.push_back(tok->IdToPiece(id));
  const std::string decoded = tok->Decode(ids);
  if (a.json) {
    nlohmann::ordered_json j = {{"tokenizer", tok->type()}, {"vocab_size", tok->vocab_size()},
                                {"blank_id", tok->vocab_size()}, {"ids", ids},
                                {"pieces", pieces}, {"decoded", decoded}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::vector<std::string> id_text;
  for (int id : ids) id_text.push_back(std::to_string(id));
  std::vector<std::string> shown;
  for (const auto& p : pieces) shown.push_back(p == " " ? "\xE2\x90\xA3" : p);  // ␣ for space
  Table t({"", ""});
  t.AddRow({"tokenizer", tok->type() + " (" + std::to_string(tok->vocab_size()) +
                             " tokens, CTC blank = " + std::to_string(tok->vocab_size()) + ")"});
  t.AddRow({"tokens", std::to_string(ids.size())});
  t.AddRow({"pieces", Join(shown, " ")});
  t.AddRow({"ids", Join(id_text, " ")});
  t.AddRow({"decoded", decoded});
  std::cout << t.Render();
  return 0;
}

struct TrainTokenizerArgs {
  std::string type = "spm";
  std::string input;
  std::string out;
  std::string normalize = "none";
  int min_count = 1;
  SpmTrainOptions spm;
};

int RunTrainTokenizer(TrainTokenizerArgs a, const GlobalOptions& global) {
  std::string input = a.input;
  std::string normalized_path;
  if (a.normalize != "none" || a.type == "char") {
    // Normalize (or just read) every line first; the char tokenizer needs them anyway.
    if (std::filesystem::exists(a.input)) FileSizeOrThrow(a.input, "training text");  // a FIFO or device would block the read
    std::ifstream in(a.input);
    if (!in) throw Error(ErrorCode::kNotFound, "cannot open training text '" + a.input + "'");
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (TrimView(line).empty()) continue;
      try {
        lines.push_back(NormalizeText(line, a.normalize));
      } catch (const Error& e) {
        throw Error(e.code(), "'" + a.input + "' line " + std::to_string(lines.size() + 1) + ": " + e.what());
      }
    }
    if (a.type == "char") {
      const CharTokenizer tok = CharTokenizer::Build(lines, a.min_count);
      tok.Save(a.out);
      std::cout << "wrote char tokenizer (" << tok.vocab_size() << " tokens) to " << a.out << "\n";
      return 0;
    }
    std::string joined;
    for (const auto& l : lines) joined += l + "\n";
    normalized_path = a.out + "/.train-text.txt";
    WriteFileAtomic(normalized_path, joined);
    input = normalized_path;
  }
  a.spm.num_threads = WorkerThreads(global);
  const auto tok = SpmTokenizer::Train(input, a.out, a.spm);
  if (!normalized_path.empty()) std::filesystem::remove(normalized_path);
  std::cout << "wrote SentencePiece " << a.spm.model_type << " tokenizer (" << tok->vocab_size()
            << " tokens" << (a.spm.decompose_jamo ? ", jamo" : "") << ") to " << a.out << "\n";
  return 0;
}

}  // namespace

void AddTextCommands(CLI::App& app, Registry& registry) {
  CLI::App* text = app.add_subcommand("text", "Normalize transcripts and tokenize text");
  text->require_subcommand(1);

  auto norm = std::make_shared<NormalizeArgs>();
  CLI::App* norm_cmd = text->add_subcommand(
      "normalize",
      "Normalize transcripts. Korean follows the KsponSpeech conventions: dual\n"
      "transcriptions (spelling)/(pronunciation), noise tags b/ l/ o/ n/ u/, marks * + /.\n"
      "Without TEXT, normalizes stdin line by line.\n"
      "Example: sori text normalize --lang ko 'b/ 아/ (70%)/(칠십 퍼센트) 확률이라니 n/'");
  norm_cmd->add_option("--lang", norm->lang, "ko | en | none")
      ->check(CLI::IsMember({"ko", "en", "none"}))
      ->capture_default_str();
  norm_cmd->add_flag("--spelling", norm->spelling,
                     "Korean: keep the spelling side of (spelling)/(pronunciation) instead of the pronunciation");
  norm_cmd->add_flag("--keep-punctuation", norm->keep_punctuation, "Keep . , ? !");
  norm_cmd->add_flag("--keep-case", norm->keep_case, "Do not lowercase Latin letters");
  norm_cmd->add_option("text", norm->texts, "Text(s) to normalize");
  registry.Add(norm_cmd, [norm] { return RunNormalize(*norm); });

  auto tok = std::make_shared<TokenizeArgs>();
  CLI::App* tok_cmd = text->add_subcommand(
      "tokenize",
      "Show how a tokenizer splits text into CTC tokens and back.\n"
      "  jamo: built-in Korean jamo vocabulary (112 tokens)\n"
      "  char: --model DIR from 'sori text train-tokenizer --type char' (or built from TEXT)\n"
      "  spm:  --model FILE.model or DIR from 'sori text train-tokenizer --type spm'\n"
      "Example: sori text tokenize --tokenizer jamo '안녕하세요'");
  tok_cmd->add_option("--tokenizer", tok->tokenizer, "jamo | char | spm")
      ->check(CLI::IsMember({"jamo", "char", "spm"}))
      ->capture_default_str();
  tok_cmd->add_option("--model", tok->model, "Tokenizer folder (tokenizer.json) or SentencePiece .model");
  tok_cmd->add_flag("--jamo", tok->jamo, "spm .model files: the model was trained on decomposed jamo");
  tok_cmd->add_flag("--json", tok->json, "Print JSON");
  tok_cmd->add_option("text", tok->text, "Text to tokenize")->required();
  registry.Add(tok_cmd, [tok] { return RunTokenize(*tok); });

  auto train = std::make_shared<TrainTokenizerArgs>();
  CLI::App* train_cmd = text->add_subcommand(
      "train-tokenizer",
      "Build a char vocabulary or train a SentencePiece model from a text file (one\n"
      "transcript per line) and save it to a folder with tokenizer.json.\n"
      "Example: sori text train-tokenizer --type spm --input text.txt --out tok --vocab-size 128");
  train_cmd->add_option("--type", train->type, "char | spm")
      ->check(CLI::IsMember({"char", "spm"}))
      ->capture_default_str();
  train_cmd->add_option("--input", train->input, "Training text, one transcript per line")->required();
  train_cmd->add_option("--out", train->out, "Output folder")->required();
  train_cmd->add_option("--normalize", train->normalize, "Normalize lines first: ko | en | none")
      ->check(CLI::IsMember({"ko", "en", "none"}))
      ->capture_default_str();
  train_cmd->add_option("--min-count", train->min_count, "char: keep characters seen at least this often")
      ->capture_default_str();
  train_cmd->add_option("--vocab-size", train->spm.vocab_size, "spm: vocabulary size")->capture_default_str();
  train_cmd->add_option("--model-type", train->spm.model_type, "spm: bpe | unigram | char | word")
      ->capture_default_str();
  train_cmd->add_option("--character-coverage", train->spm.character_coverage,
                        "spm: share of characters covered")
      ->capture_default_str();
  train_cmd->add_flag("--jamo", train->spm.decompose_jamo,
                      "spm: train on decomposed Korean jamo (identity normalization)");
  registry.Add(train_cmd, [train, &registry] { return RunTrainTokenizer(*train, registry.global()); });
}

}  // namespace sori::cli
