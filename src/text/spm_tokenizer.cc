#include "text/spm_tokenizer.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "text/hangul.h"
#include "text/spm_library.h"
#include "text/tokenizer_json.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/utf8.h"

namespace sori {
namespace {

namespace fs = std::filesystem;

constexpr char kModelFileName[] = "tokenizer.model";
constexpr uint64_t kMaxModelBytes = 1ull << 30;

bool OneOf(const std::string& value, std::initializer_list<const char*> accepted) {
  for (const char* a : accepted) {
    if (value == a) return true;
  }
  return false;
}

// A private directory under TMPDIR for the training copy and SentencePiece's output,
// removed with its contents when this goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string tmpl = (base / "sori-spm-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      throw Error(ErrorCode::kIo, "cannot create a temporary directory in '" + base.string() +
                                      "': " + std::strerror(errno));
    }
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Copies `src` to `dst` line by line as SpmTokenizer::Train documents (UTF-8 check,
// CR and blank lines dropped, optional jamo decomposition, length limit). Returns the
// number of lines written.
int64_t WriteTrainingCopy(const std::string& src, const std::string& dst, bool decompose_jamo,
                          int max_bytes) {
  std::ifstream in(src, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, "cannot open '" + src + "': " + std::strerror(errno));
  std::ofstream out(dst, std::ios::binary);
  if (!out) throw Error(ErrorCode::kIo, "cannot create '" + dst + "': " + std::strerror(errno));
  std::string line;
  int64_t line_number = 0, written = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t bad = 0;
    if (!IsValidUtf8(line, &bad)) {
      throw Error(ErrorCode::kInvalidInput, "'" + src + "' line " + std::to_string(line_number) +
                                                " is not valid UTF-8 (malformed byte sequence at byte offset " +
                                                std::to_string(bad) + ")");
    }
    if (line.find_first_not_of(" \t\v\f") == std::string::npos) continue;
    if (decompose_jamo) line = DecomposeHangulUtf8(line);
    if (line.size() > static_cast<size_t>(max_bytes)) {
      throw Error(ErrorCode::kInvalidInput,
                  "'" + src + "' line " + std::to_string(line_number) + " is " + std::to_string(line.size()) +
                      " bytes" + (decompose_jamo ? " after jamo decomposition" : "") +
                      ", longer than max_sentence_length " + std::to_string(max_bytes) +
                      "; split the line or raise max_sentence_length");
    }
    out << line << '\n';
    ++written;
  }
  if (in.bad()) throw Error(ErrorCode::kIo, "read error in '" + src + "'");
  out.flush();
  if (!out) throw Error(ErrorCode::kIo, "cannot write '" + dst + "' (disk full?)");
  return written;
}

}  // namespace

void SpmTrainOptions::Validate() const {
  const auto bad = [](const std::string& field, const std::string& got, const std::string& accepted) {
    throw Error(ErrorCode::kInvalidInput,
                "SentencePiece option " + field + " is " + got + "; accepted: " + accepted);
  };
  if (vocab_size < 2 || vocab_size > 1000000) bad("vocab_size", std::to_string(vocab_size), "2..1000000");
  if (!OneOf(model_type, {"bpe", "unigram", "char", "word"})) {
    bad("model_type", "'" + model_type + "'", "bpe, unigram, char, word");
  }
  if (!(character_coverage > 0.0 && character_coverage <= 1.0)) {
    bad("character_coverage", std::to_string(character_coverage), "a number in (0, 1]");
  }
  if (!OneOf(normalization_rule_name, {"nmt_nfkc", "nfkc", "nmt_nfkc_cf", "nfkc_cf", "identity"})) {
    bad("normalization_rule_name", "'" + normalization_rule_name + "'",
        "nmt_nfkc, nfkc, nmt_nfkc_cf, nfkc_cf, identity");
  }
  if (num_threads < 1 || num_threads > 1024) bad("num_threads", std::to_string(num_threads), "1..1024");
  if (max_sentence_length < 1 || max_sentence_length > (1 << 20)) {
    bad("max_sentence_length", std::to_string(max_sentence_length), "1..1048576");
  }
}

SpmTokenizer::SpmTokenizer(std::shared_ptr<const SpmModel> model, std::string model_bytes, bool decompose_jamo)
    : model_(std::move(model)), model_bytes_(std::move(model_bytes)), decompose_jamo_(decompose_jamo) {}

SpmTokenizer::~SpmTokenizer() = default;

std::unique_ptr<SpmTokenizer> SpmTokenizer::Train(const std::string& text_file, const std::string& out_dir,
                                                  const SpmTrainOptions& options) {
  options.Validate();
  FileSizeOrThrow(text_file);  // kNotFound naming the file

  const ScratchDir scratch;
  // SentencePiece splits its input list at commas.
  if (scratch.path().find(',') != std::string::npos) {
    throw Error(ErrorCode::kUnsupported, "temporary directory '" + scratch.path() +
                                             "' contains a comma, which SentencePiece reads as a list "
                                             "separator; set TMPDIR to a plain path");
  }
  const std::string input = scratch.path() + "/train.txt";
  const std::string prefix = scratch.path() + "/model";
  if (WriteTrainingCopy(text_file, input, options.decompose_jamo, options.max_sentence_length) == 0) {
    throw Error(ErrorCode::kInvalidInput,
                "cannot train a SentencePiece model on '" + text_file + "': it has no non-blank lines");
  }

  const std::map<std::string, std::string> trainer = {
      {"input", input},
      {"model_prefix", prefix},
      {"vocab_size", std::to_string(options.vocab_size)},
      {"model_type", options.model_type},
      {"character_coverage", std::to_string(options.character_coverage)},
      {"normalization_rule_name", options.decompose_jamo ? std::string("identity") : options.normalization_rule_name},
      {"num_threads", std::to_string(options.num_threads)},
      {"max_sentence_length", std::to_string(options.max_sentence_length)},
      {"unk_id", "0"},
      {"bos_id", "-1"},
      {"eos_id", "-1"},
      {"pad_id", "-1"},
      {"minloglevel", "2"},  // ERROR: no training progress on stderr
  };
  try {
    TrainSentencePiece(trainer);
  } catch (const Error& e) {
    throw Error(e.code(), "'" + text_file + "': " + e.what());
  }
  std::unique_ptr<SpmTokenizer> tokenizer =
      FromModelBytes(ReadFileToString(prefix + ".model", kMaxModelBytes), text_file, options.decompose_jamo);
  tokenizer->Save(out_dir);
  return tokenizer;
}

std::unique_ptr<SpmTokenizer> SpmTokenizer::FromModelBytes(std::string bytes, const std::string& name,
                                                           bool decompose_jamo) {
  std::shared_ptr<const SpmModel> model = SpmModel::FromBytes(bytes, name);
  if (model->vocab_size() < 1 || model->unk_id() < 0) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "' is a SentencePiece model without an unknown piece");
  }
  return std::unique_ptr<SpmTokenizer>(new SpmTokenizer(std::move(model), std::move(bytes), decompose_jamo));
}

std::unique_ptr<SpmTokenizer> SpmTokenizer::FromModelFile(const std::string& path, bool decompose_jamo) {
  return FromModelBytes(ReadFileToString(path, kMaxModelBytes), path, decompose_jamo);
}

std::unique_ptr<SpmTokenizer> SpmTokenizer::FromJson(const TokenizerJson& file, const std::string& dir) {
  const std::string model = file.String("model");
  if (model.empty()) file.Fail("model", "must name the .model file, got an empty string");
  const bool decompose_jamo = file.Bool("decompose_jamo", false);
  std::unique_ptr<SpmTokenizer> tokenizer = FromModelFile(ResolveRelativeTo(dir, model), decompose_jamo);
  if (file.json.contains("vocab_size")) {
    const int vocab_size = file.Int("vocab_size");
    if (vocab_size != tokenizer->vocab_size()) {
      file.Fail("vocab_size", "is " + std::to_string(vocab_size) + " but '" + model + "' has " +
                                  std::to_string(tokenizer->vocab_size()) + " pieces");
    }
  }
  return tokenizer;
}

int SpmTokenizer::vocab_size() const { return model_->vocab_size(); }

int SpmTokenizer::unk_id() const { return model_->unk_id(); }

std::vector<int> SpmTokenizer::Encode(std::string_view text) const {
  if (decompose_jamo_) return model_->Encode(DecomposeHangulUtf8(text));
  Utf8ToCodepoints(text);  // throws, naming the offset; SentencePiece would not
  return model_->Encode(text);
}

std::string SpmTokenizer::Decode(const std::vector<int>& ids) const {
  const int size = vocab_size();
  for (size_t i = 0; i < ids.size(); ++i) CheckTokenId(ids[i], size, static_cast<long>(i));
  const std::string text = model_->Decode(ids);
  return decompose_jamo_ ? ComposeHangulUtf8(text) : text;
}

std::string SpmTokenizer::IdToPiece(int id) const {
  CheckTokenId(id, vocab_size());
  return model_->IdToPiece(id);
}

void SpmTokenizer::Save(const std::string& dir) const {
  WriteFileAtomic(ResolveRelativeTo(dir, kModelFileName), model_bytes_);
  WriteTokenizerJson(dir, type(),
                     nlohmann::json{{"model", kModelFileName},
                                    {"decompose_jamo", decompose_jamo_},
                                    {"vocab_size", vocab_size()}});
}

}  // namespace sori
