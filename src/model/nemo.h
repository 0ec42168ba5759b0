// NVIDIA NeMo checkpoints (.nemo) in and out.
//
// A .nemo file is a tar (plain or gzip) holding model_config.yaml (the model section at
// the top level, `_target_` class paths, no `model:` wrapper), model_weights.ckpt (the
// state dict in torch.save's zip format, keys prefixed preprocessor./encoder./decoder.)
// and tokenizer files referenced from the config as "nemo:<member>".
//
// Import supports what Sori's CtcModel computes exactly as NeMo does:
//   - encoder: ConformerEncoder with subsampling dw_striding (FastConformer) or striding
//     (Conformer), rel_pos attention with full context, xscaling and untie_biases either
//     way, conv norm batch_norm or layer_norm, any depth and width;
//   - head: ConvASRDecoder (EncDecCTCModel[BPE]), or the CTC branch (aux_ctc, weights
//     ctc_decoder.*) of a hybrid RNNT-CTC model, whose RNNT decoder and joint are left
//     out (and counted in the report). RNNT, TDT and AED models are refused;
//   - vocabulary: character `labels` (NeMo's order, blank last, no <unk>) or a
//     SentencePiece tokenizer (type bpe; unigram models load the same way);
//   - preprocessor: AudioToMelSpectrogramPreprocessor settings, and the checkpoint's own
//     featurizer.fb / featurizer.window buffers, kept in the package as they are.
// Every key of the sections Sori reads is checked: an unknown key, an option Sori does
// not implement, a missing or unexpected weight or a shape mismatch is an error naming
// it. Training-only sections (train_ds, optim, spec_augment, ...) are not read.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sori {

// The preprocessor buffers' names in a NeMo state dict.
inline constexpr char kNemoFilterbank[] = "preprocessor.featurizer.fb";
inline constexpr char kNemoWindow[] = "preprocessor.featurizer.window";

struct NemoImportReport {
  std::string package_dir;
  std::string model_class;        // e.g. nemo.collections.asr.models.ctc_bpe_models.EncDecCTCModelBPE
  std::string head;               // "ctc" | "hybrid-ctc"
  std::string tokenizer;          // "char" | "spm" | "jamo"
  int vocab_size = 0;
  int64_t parameters = 0;
  int dropped_tensors = 0;        // hybrid models: RNNT decoder + joint tensors not imported
  std::vector<std::string> notes;  // things the user should know (e.g. stochastic depth ignored)
  nlohmann::json ToJson() const;
};

// Reads `nemo_path` and writes a Sori model package at `package_dir` (replacing one
// there). Throws Error(kNotFound) for a missing file, kInvalidInput naming the member,
// key or weight that is wrong, kUnsupported naming the option or model type Sori does not
// implement (and what it does).
NemoImportReport ImportNemo(const std::string& nemo_path, const std::string& package_dir);

// Writes the package at `package_dir` as a .nemo (plain tar, NeMo's layout and key names:
// EncDecCTCModel for character vocabularies, EncDecCTCModelBPE for SentencePiece) that
// NeMo's restore_from() and Sori's ImportNemo both read. The jamo tokenizer is written as
// character labels (its pieces); NeMo then prints decomposed jamo. Throws like
// LoadModelPackage, or Error(kIo).
void ExportNemo(const std::string& package_dir, const std::string& nemo_path);

}  // namespace sori
