// SentencePiece tokenizer (BPE, unigram, char or word models): training from a text
// file and loading existing .model files, e.g. the tokenizer of an imported NeMo
// checkpoint. SentencePiece itself is reached through spm_library.h (it cannot be linked
// next to libtorch). Ids are SentencePiece's ids exactly; NeMo uses them as they
// are, with the CTC blank at vocab_size().
//
// Training follows NeMo's ASR convention: unk_id = 0 and no BOS, EOS or PAD pieces
// (bos_id = eos_id = pad_id = -1), so every id but <unk> is a real piece.
//
// Korean (decompose_jamo = true): text is decomposed into conjoining jamo
// (DecomposeHangul) before training and before encoding, and Decode recomposes
// syllables (ComposeHangul), so the pieces are made of jamo ("ᄒ ᅡ ᆫ") and the model
// can share letters across syllables. SentencePiece's default normalization (nmt_nfkc)
// would recombine the jamo into syllables (NFKC composes Hangul), so in this mode the
// normalization rule is forced to "identity"; run normalize_ko.h first instead. The flag
// is stored in tokenizer.json because the same .model needs it at load time.
// IdToPiece returns the raw piece (jamo, with U+2581 "▁" marking word starts).
//
// tokenizer.json: {"type": "spm", "version": 1, "model": "tokenizer.model",
//                  "decompose_jamo": false, "vocab_size": 256}
// "model" is a path relative to the directory; "decompose_jamo" defaults to false and
// "vocab_size", when present, must match the model.
//
// Training input: the text file is first copied, line by line, into a private temporary
// directory (TMPDIR): each line is checked for UTF-8 (errors name the line), a trailing
// CR is dropped, blank lines are skipped, and with decompose_jamo the line is
// decomposed. SentencePiece trains on that copy (it reads commas in the input path as a
// list separator, so the copy also frees the user's path from that restriction), and
// the temporary directory is removed afterwards.
//
// Logging: SentencePiece logs its training progress to stderr. Training passes its
// `minloglevel` option set to ERROR (a process-wide setting inside SentencePiece), so
// only failures are printed, and those come back as sori::Error anyway.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/tokenizer.h"

namespace sori {

class SpmModel;
struct TokenizerJson;

struct SpmTrainOptions {
  int vocab_size = 256;                  // 2..1,000,000; "char" models may end up smaller
  std::string model_type = "bpe";        // bpe | unigram | char | word
  double character_coverage = 1.0;       // (0, 1]: share of characters the vocabulary covers
  bool decompose_jamo = false;           // Korean: train and encode on jamo (see above)
  std::string normalization_rule_name = "nmt_nfkc";  // nmt_nfkc | nfkc | nmt_nfkc_cf | nfkc_cf | identity
  int num_threads = 1;                   // 1..1024
  // Longest training line in bytes (after jamo decomposition, which roughly triples the
  // bytes of Hangul). A longer line is an error, not silently skipped as SentencePiece
  // would do. 1..1,048,576.
  int max_sentence_length = 16384;

  // Throws Error(kInvalidInput) naming the bad field and the accepted values.
  void Validate() const;
};

class SpmTokenizer : public Tokenizer {
 public:
  // Trains on `text_file` (UTF-8, one sentence per line; blank lines and a trailing CR
  // are ignored) and writes tokenizer.model and tokenizer.json into `out_dir`. Every
  // line is used (no sampling), so the same file and options always give the same
  // model; there is no seed. Throws kNotFound for a missing file, kInvalidInput for
  // invalid UTF-8 or an over-long line (naming the line) or when SentencePiece rejects
  // the data (e.g. a vocabulary larger than the data supports; its message is included),
  // kUnsupported if TMPDIR contains white space.
  static std::unique_ptr<SpmTokenizer> Train(const std::string& text_file, const std::string& out_dir,
                                             const SpmTrainOptions& options);

  // Loads a SentencePiece .model file. Throws kNotFound, or kInvalidInput if the file
  // is not a usable model.
  static std::unique_ptr<SpmTokenizer> FromModelFile(const std::string& path, bool decompose_jamo);
  // The same from the bytes of a .model file; `name` is used in error messages.
  static std::unique_ptr<SpmTokenizer> FromModelBytes(std::string bytes, const std::string& name,
                                                      bool decompose_jamo);

  // From a parsed tokenizer.json of type "spm" found in `dir`.
  static std::unique_ptr<SpmTokenizer> FromJson(const TokenizerJson& file, const std::string& dir);

  ~SpmTokenizer() override;
  SpmTokenizer(const SpmTokenizer&) = delete;
  SpmTokenizer& operator=(const SpmTokenizer&) = delete;

  bool decompose_jamo() const { return decompose_jamo_; }

  std::string type() const override { return "spm"; }
  int vocab_size() const override;
  int unk_id() const override;
  std::vector<int> Encode(std::string_view text) const override;
  std::string Decode(const std::vector<int>& ids) const override;
  std::string IdToPiece(int id) const override;
  void Save(const std::string& dir) const override;

 private:
  SpmTokenizer(std::shared_ptr<const SpmModel> model, std::string model_bytes, bool decompose_jamo);

  std::shared_ptr<const SpmModel> model_;
  std::string model_bytes_;  // the .model file, for Save()
  bool decompose_jamo_;
};

}  // namespace sori
