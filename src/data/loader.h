// The training data loader: manifest entries in, padded feature batches out.
//
// Batching. Utterances are grouped into duration buckets (`bucket_width` seconds) and
// batches are filled greedily in duration order up to `max_batch_duration` seconds of
// *padded* audio (batch size x longest utterance, which is what memory and compute
// scale with) and at most `max_batch_size` utterances; not a fixed count. With
// `shuffle`, every epoch shuffles utterances within their bucket and then the order of
// the batches, both from (seed, epoch), so batches vary between epochs but every epoch
// is reproducible. Without it (validation), batches are in duration order.
//
// Resume. An epoch's batch plan depends only on (seed, epoch), and each utterance's
// augmentation only on (seed, epoch, utterance), so Start(epoch, batch_index) resumes
// exactly where a previous run stopped: the same batches with the same contents.
//
// Work. `workers` threads decode, augment (speed, noise), compute log-mel features (with
// dither in training) and apply SpecAugment; finished batches wait in a bounded queue of
// `prefetch_batches` and come out of Next() in order. Each worker runs libtorch with one
// intra-op thread, so the workers and the training step do not oversubscribe the CPUs.
//
// Filtering, counted in stats(): utterances shorter than min_duration or longer than
// max_duration, and those whose token sequence CTC cannot fit into the encoder's output
// (targets + repeated neighbours > frames after `subsampling_factor`, at the fastest
// speed factor). An audio file that fails to decode during an epoch is skipped and
// counted (the manifest should have been checked with `sori manifest validate`).
#pragma once

#include <ATen/ATen.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audio/augment.h"
#include "audio/features.h"
#include "data/manifest.h"
#include "text/tokenizer.h"

namespace sori {

struct LoaderConfig {
  double max_batch_duration = 120.0;  // seconds of padded audio per batch
  int max_batch_size = 64;
  double min_duration = 0.1;          // seconds
  double max_duration = 30.0;         // seconds
  double bucket_width = 1.0;          // seconds
  int workers = 2;
  int prefetch_batches = 4;
  uint64_t seed = 1;
  bool shuffle = true;
  bool training = true;               // dither and augmentation on
  // Skip utterances whose targets cannot fit the encoder's output frames (CTC needs a
  // frame per token, plus one between repeats). Training must; validation must not, or
  // its CER would silently leave out the utterances the model cannot transcribe.
  bool skip_infeasible_targets = true;
  int subsampling_factor = 8;         // encoder time reduction (a power of two)
  AugmentConfig augment;

  void Validate() const;              // throws Error(kInvalidInput) naming the field
};

struct Batch {
  int64_t epoch = 0;
  int64_t index = 0;                  // position of this batch in its epoch
  at::Tensor features;                // [B, n_mels, T] float32
  at::Tensor feature_lengths;         // [B] int64, valid frames
  at::Tensor targets;                 // [B, U] int64, zero-padded
  at::Tensor target_lengths;          // [B] int64
  std::vector<int64_t> utterances;    // indices into the loader's entries()
  double audio_seconds = 0.0;         // after speed perturbation
  int64_t size() const { return static_cast<int64_t>(utterances.size()); }
};

struct LoaderStats {
  int64_t utterances = 0;             // usable after filtering
  double hours = 0.0;
  int64_t skipped_too_short = 0;
  int64_t skipped_too_long = 0;
  int64_t skipped_targets_too_long = 0;
  int64_t with_unknown_tokens = 0;    // kept, but their transcripts have <unk>
};

// Encoder output frames for `frames` input frames: ceil(frames / 2) applied
// log2(factor) times, as NeMo's stride-2 (kernel 3, padding 1) subsampling convolutions.
int64_t EncodedLength(int64_t frames, int subsampling_factor);

class DataLoader {
 public:
  DataLoader(std::vector<ManifestEntry> entries, std::shared_ptr<const Tokenizer> tokenizer,
             const FeatureConfig& features, const LoaderConfig& config);
  // The same with a ready feature extractor (a model's stored filterbank and window).
  DataLoader(std::vector<ManifestEntry> entries, std::shared_ptr<const Tokenizer> tokenizer,
             FeatureExtractor extractor, const LoaderConfig& config);
  ~DataLoader();
  DataLoader(const DataLoader&) = delete;
  DataLoader& operator=(const DataLoader&) = delete;

  const LoaderStats& stats() const { return stats_; }
  const std::vector<ManifestEntry>& entries() const { return entries_; }
  int64_t BatchesInEpoch(int64_t epoch) const;
  // Utterances that failed to decode so far (they are skipped).
  int64_t decode_failures() const { return decode_failures_.load(); }

  // Begins iterating `epoch` at `batch_index` (0: from the start). Stops any workers of
  // a previous Start first.
  void Start(int64_t epoch, int64_t batch_index = 0);
  // The next batch in order, or nullopt when the epoch is done. Rethrows a worker's
  // unexpected failure.
  std::optional<Batch> Next();

  struct Position {
    int64_t epoch = 0;
    int64_t batch_index = 0;  // the next batch Next() returns
  };
  Position position() const;

 private:
  struct Item {
    int64_t entry;
    double duration;
    std::vector<int64_t> targets;
  };
  std::vector<std::vector<int64_t>> PlanEpoch(int64_t epoch) const;
  Batch BuildBatch(int64_t epoch, int64_t index, const std::vector<int64_t>& items) const;
  void WorkerLoop();
  void StopWorkers();

  std::vector<ManifestEntry> entries_;
  std::shared_ptr<const Tokenizer> tokenizer_;
  FeatureExtractor extractor_;
  LoaderConfig config_;
  std::unique_ptr<NoiseSource> noise_;
  std::vector<Item> items_;
  LoaderStats stats_;
  mutable std::atomic<int64_t> decode_failures_{0};

  // Iteration state, guarded by mu_.
  mutable std::mutex mu_;
  std::condition_variable ready_cv_;
  std::condition_variable space_cv_;
  std::vector<std::vector<int64_t>> plan_;
  int64_t epoch_ = 0;
  int64_t next_claim_ = 0;
  int64_t next_return_ = 0;
  std::map<int64_t, Batch> ready_;
  std::exception_ptr failure_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace sori
