#include "data/loader.h"

#include <ATen/Parallel.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "data/entry_audio.h"
#include "util/error.h"
#include "util/strings.h"

namespace sori {
namespace {

std::mt19937_64 UtteranceRng(uint64_t seed, int64_t epoch, int64_t entry) {
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                    static_cast<uint32_t>(epoch), static_cast<uint32_t>(entry),
                    static_cast<uint32_t>(static_cast<uint64_t>(entry) >> 32)};
  return std::mt19937_64(seq);
}

// Labels CTC must emit: one per target, plus a blank between equal neighbours.
int64_t CtcFramesNeeded(const std::vector<int64_t>& targets) {
  int64_t n = static_cast<int64_t>(targets.size());
  for (size_t i = 1; i < targets.size(); ++i) n += targets[i] == targets[i - 1] ? 1 : 0;
  return n;
}

// Decodes one utterance (its stretch of the file, for entries with an offset) at the
// model's sample rate into `*samples`. False for a file that cannot be decoded: it is
// skipped and counted in `failures` (the first 20 are logged), so one bad file does not
// stop training.
bool DecodeLoaderUtterance(const ManifestEntry& e, int sample_rate, std::atomic<int64_t>& failures,
                           std::vector<float>* samples) {
  try {
    *samples = DecodeEntryAudio(e, sample_rate);
  } catch (const Error& err) {
    if (failures.fetch_add(1) < 20) spdlog::warn("loader: skipping an utterance: {}", err.what());
    return false;
  }
  return true;
}

// Training's waveform augmentations, in this order and from the utterance's own RNG:
// speed perturbation, noise (when `noise` is set), dither.
void AugmentLoaderWaveform(const AugmentConfig& augment, const NoiseSource* noise, double dither, int sample_rate,
                           std::mt19937_64& rng, std::vector<float>* samples) {
  *samples = ApplySpeed(*samples, sample_rate, DrawSpeedFactor(augment.speed_perturb, rng));
  if (noise) MaybeAddNoise(samples, augment.noise_aug, *noise, rng);
  // Dither here, from the utterance's own RNG, rather than in the extractor (which
  // draws from torch's global generator): batches stay reproducible.
  if (dither > 0) {
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    for (float& v : *samples) v += static_cast<float>(dither) * gauss(rng);
  }
}

// The waveforms zero-padded to the longest (at least one sample) as [B, S] floats, and
// their lengths [B].
void PadLoaderWaveforms(const std::vector<std::vector<float>>& waves, at::Tensor* audio, at::Tensor* lengths) {
  const int64_t b = static_cast<int64_t>(waves.size());
  size_t longest = 0;
  for (const auto& w : waves) longest = std::max(longest, w.size());
  *audio = at::zeros({b, static_cast<int64_t>(std::max<size_t>(longest, 1))}, at::kFloat);
  *lengths = at::empty({b}, at::kLong);
  for (int64_t i = 0; i < b; ++i) {
    const auto& w = waves[static_cast<size_t>(i)];
    if (!w.empty()) std::memcpy((*audio)[i].data_ptr<float>(), w.data(), w.size() * sizeof(float));
    (*lengths)[i] = static_cast<int64_t>(w.size());
  }
}

// The target token ids zero-padded to the longest as [B, U] longs, and their lengths [B].
void PadLoaderTargets(const std::vector<const std::vector<int64_t>*>& targets, at::Tensor* padded,
                      at::Tensor* lengths) {
  const int64_t b = static_cast<int64_t>(targets.size());
  size_t max_u = 0;
  for (const auto* t : targets) max_u = std::max(max_u, t->size());
  *padded = at::zeros({b, static_cast<int64_t>(max_u)}, at::kLong);
  *lengths = at::empty({b}, at::kLong);
  for (int64_t i = 0; i < b; ++i) {
    const auto& t = *targets[static_cast<size_t>(i)];
    if (!t.empty()) std::memcpy((*padded)[i].data_ptr<int64_t>(), t.data(), t.size() * sizeof(int64_t));
    (*lengths)[i] = static_cast<int64_t>(t.size());
  }
}

}  // namespace

int64_t EncodedLength(int64_t frames, int subsampling_factor) {
  for (int f = subsampling_factor; f > 1; f /= 2) frames = (frames + 1) / 2;
  return frames;
}

void LoaderConfig::Validate() const {
  const auto bad = [](const std::string& key, const std::string& why) {
    throw Error(ErrorCode::kInvalidInput, "loader: " + key + " " + why);
  };
  if (!(max_batch_duration > 0)) bad("max_batch_duration", "must be positive");
  if (max_batch_size < 1) bad("max_batch_size", "must be >= 1");
  if (!(min_duration >= 0 && max_duration > min_duration)) bad("min_duration/max_duration", "need 0 <= min < max");
  if (max_duration > max_batch_duration) {
    bad("max_duration", "(" + FormatFixed(max_duration, 1) + " s) must not exceed max_batch_duration (" +
                            FormatFixed(max_batch_duration, 1) + " s), or the longest utterances fit no batch");
  }
  if (!(bucket_width > 0)) bad("bucket_width", "must be positive");
  if (workers < 1 || workers > 256) bad("workers", "must be in 1..256");
  if (prefetch_batches < 1) bad("prefetch_batches", "must be >= 1");
  if (subsampling_factor < 1 || (subsampling_factor & (subsampling_factor - 1)) != 0) {
    bad("subsampling_factor", "must be a power of two");
  }
  augment.Validate();
}

DataLoader::DataLoader(std::vector<ManifestEntry> entries, std::shared_ptr<const Tokenizer> tokenizer,
                       const FeatureConfig& features, const LoaderConfig& config)
    : DataLoader(std::move(entries), std::move(tokenizer), FeatureExtractor(features), config) {}

DataLoader::DataLoader(std::vector<ManifestEntry> entries, std::shared_ptr<const Tokenizer> tokenizer,
                       FeatureExtractor extractor, const LoaderConfig& config)
    : entries_(std::move(entries)), tokenizer_(std::move(tokenizer)), extractor_(std::move(extractor)), config_(config) {
  const FeatureConfig& features = extractor_.config();
  config_.Validate();
  if (config_.training && config_.augment.noise_aug.enabled) {
    noise_ = std::make_unique<NoiseSource>(config_.augment.noise_aug, features.sample_rate);
  }
  double fastest = 1.0;
  if (config_.training && config_.augment.speed_perturb.enabled) {
    for (double f : config_.augment.speed_perturb.factors) fastest = std::max(fastest, f);
  }
  const int unk = tokenizer_->unk_id();
  for (size_t i = 0; i < entries_.size(); ++i) {
    const ManifestEntry& e = entries_[i];
    if (e.duration < config_.min_duration) {
      stats_.skipped_too_short++;
      continue;
    }
    if (e.duration > config_.max_duration) {
      stats_.skipped_too_long++;
      continue;
    }
    std::vector<int> ids;
    try {
      ids = tokenizer_->Encode(e.text);
    } catch (const Error& err) {
      throw Error(err.code(), "manifest line " + std::to_string(e.line) + ": " + err.what());
    }
    Item item{static_cast<int64_t>(i), e.duration, std::vector<int64_t>(ids.begin(), ids.end())};
    const auto samples = static_cast<int64_t>(e.duration * features.sample_rate / fastest);
    if (CtcFramesNeeded(item.targets) > EncodedLength(extractor_.NumFrames(samples), config_.subsampling_factor)) {
      stats_.skipped_targets_too_long++;  // counted either way, so callers can warn
      if (config_.skip_infeasible_targets) continue;
    }
    if (std::find(ids.begin(), ids.end(), unk) != ids.end()) stats_.with_unknown_tokens++;
    stats_.hours += e.duration / 3600.0;
    items_.push_back(std::move(item));
  }
  stats_.utterances = static_cast<int64_t>(items_.size());
  if (items_.empty()) {
    throw Error(ErrorCode::kInvalidInput,
                "no usable utterances: " + std::to_string(entries_.size()) + " given, " +
                    std::to_string(stats_.skipped_too_short) + " too short, " +
                    std::to_string(stats_.skipped_too_long) + " too long, " +
                    std::to_string(stats_.skipped_targets_too_long) + " with more tokens than encoder frames");
  }
}

DataLoader::~DataLoader() { StopWorkers(); }

std::vector<std::vector<int64_t>> DataLoader::PlanEpoch(int64_t epoch) const {
  // Item indices in duration order; with shuffling, shuffled within each bucket.
  std::vector<int64_t> order(items_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
  std::seed_seq seq{static_cast<uint32_t>(config_.seed), static_cast<uint32_t>(config_.seed >> 32),
                    static_cast<uint32_t>(epoch), 0x5eedu};
  std::mt19937_64 rng(seq);
  if (config_.shuffle) std::shuffle(order.begin(), order.end(), rng);
  const auto bucket = [&](int64_t i) {
    return static_cast<int64_t>(items_[static_cast<size_t>(i)].duration / config_.bucket_width);
  };
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    if (config_.shuffle) return bucket(a) < bucket(b);
    return items_[static_cast<size_t>(a)].duration < items_[static_cast<size_t>(b)].duration;
  });
  std::vector<std::vector<int64_t>> batches;
  std::vector<int64_t> current;
  double longest = 0;
  for (int64_t i : order) {
    const double d = items_[static_cast<size_t>(i)].duration;
    const double padded = static_cast<double>(current.size() + 1) * std::max(longest, d);
    if (!current.empty() && (padded > config_.max_batch_duration ||
                             static_cast<int>(current.size()) >= config_.max_batch_size)) {
      batches.push_back(std::move(current));
      current.clear();
      longest = 0;
    }
    current.push_back(i);
    longest = std::max(longest, d);
  }
  if (!current.empty()) batches.push_back(std::move(current));
  if (config_.shuffle) std::shuffle(batches.begin(), batches.end(), rng);
  return batches;
}

int64_t DataLoader::BatchesInEpoch(int64_t epoch) const {
  return static_cast<int64_t>(PlanEpoch(epoch).size());
}

Batch DataLoader::BuildBatch(int64_t epoch, int64_t index, const std::vector<int64_t>& items) const {
  const int sample_rate = extractor_.config().sample_rate;
  Batch batch;
  batch.epoch = epoch;
  batch.index = index;
  std::vector<std::vector<float>> waves;
  std::vector<std::mt19937_64> rngs;
  std::vector<const std::vector<int64_t>*> targets;  // aligned with waves
  const bool vtlp = config_.training && config_.augment.vtlp.enabled;
  std::vector<at::Tensor> filterbanks;  // VTLP: one warped filterbank per utterance
  for (int64_t item_index : items) {
    const Item& item = items_[static_cast<size_t>(item_index)];
    std::mt19937_64 rng = UtteranceRng(config_.seed, epoch, item.entry);
    std::vector<float> samples;
    if (!DecodeLoaderUtterance(entries_[static_cast<size_t>(item.entry)], sample_rate, decode_failures_, &samples)) {
      continue;
    }
    if (config_.training) {
      AugmentLoaderWaveform(config_.augment, noise_.get(), extractor_.config().dither, sample_rate, rng, &samples);
    }
    if (vtlp) {  // drawn after the waveform augmentations, so enabling VTLP leaves their draws as they were
      filterbanks.push_back(WarpFilterbank(extractor_.filterbank(), sample_rate, DrawVtlpWarp(config_.augment.vtlp, rng),
                                           config_.augment.vtlp.boundary_hz));
    }
    batch.audio_seconds += static_cast<double>(samples.size()) / sample_rate;
    waves.push_back(std::move(samples));
    rngs.push_back(rng);
    targets.push_back(&item.targets);
    batch.utterances.push_back(item.entry);
  }
  const int64_t b = static_cast<int64_t>(waves.size());
  if (b == 0) return batch;

  at::Tensor audio, lengths;
  PadLoaderWaveforms(waves, &audio, &lengths);
  // Dither is applied above.
  Features f = extractor_.Compute(audio, lengths, /*training=*/false, vtlp ? at::stack(filterbanks) : at::Tensor());
  if (config_.training && config_.augment.spec_augment.enabled) {
    for (int64_t i = 0; i < b; ++i) {
      ApplySpecAugment(f.values[i], f.lengths[i].item<int64_t>(), config_.augment.spec_augment,
                       rngs[static_cast<size_t>(i)]);
    }
  }
  batch.features = f.values;
  batch.feature_lengths = f.lengths;
  PadLoaderTargets(targets, &batch.targets, &batch.target_lengths);
  return batch;
}

void DataLoader::WorkerLoop() {
  while (true) {
    int64_t index, epoch;
    std::vector<int64_t> items;
    {
      std::unique_lock<std::mutex> lock(mu_);
      space_cv_.wait(lock, [&] {
        return stop_ || next_claim_ >= static_cast<int64_t>(plan_.size()) ||
               next_claim_ < next_return_ + config_.prefetch_batches;
      });
      if (stop_ || next_claim_ >= static_cast<int64_t>(plan_.size())) return;
      index = next_claim_++;
      epoch = epoch_;
      items = plan_[static_cast<size_t>(index)];
    }
    try {
      Batch batch = BuildBatch(epoch, index, items);
      std::lock_guard<std::mutex> lock(mu_);
      ready_[index] = std::move(batch);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!failure_) failure_ = std::current_exception();
    }
    ready_cv_.notify_all();
  }
}

void DataLoader::StopWorkers() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  space_cv_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
}

void DataLoader::Start(int64_t epoch, int64_t batch_index) {
  StopWorkers();
  auto plan = PlanEpoch(epoch);
  if (batch_index < 0 || batch_index > static_cast<int64_t>(plan.size())) {
    throw Error(ErrorCode::kInvalidInput, "cannot resume at batch " + std::to_string(batch_index) + " of epoch " +
                                              std::to_string(epoch) + ", which has " +
                                              std::to_string(plan.size()) + " batches");
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    plan_ = std::move(plan);
    epoch_ = epoch;
    next_claim_ = next_return_ = batch_index;
    ready_.clear();
    failure_ = nullptr;
    stop_ = false;
  }
  // Each worker gets one intra-op thread. at::set_num_threads in a worker also changes
  // the default that threads created later start with, so restore it once all have set
  // theirs; the caller's own thread count is untouched (OpenMP keeps it per thread).
  const int caller_threads = at::get_num_threads();
  std::atomic<int> started{0};
  for (int w = 0; w < config_.workers; ++w) {
    workers_.emplace_back([this, &started] {
      at::set_num_threads(1);
      started++;
      WorkerLoop();
    });
  }
  while (started.load() < config_.workers) std::this_thread::yield();
  at::set_num_threads(caller_threads);
}

std::optional<Batch> DataLoader::Next() {
  while (true) {
    std::unique_lock<std::mutex> lock(mu_);
    if (next_return_ >= static_cast<int64_t>(plan_.size())) return std::nullopt;
    ready_cv_.wait(lock, [&] { return failure_ || ready_.count(next_return_) > 0; });
    if (failure_) std::rethrow_exception(failure_);
    Batch batch = std::move(ready_[next_return_]);
    ready_.erase(next_return_);
    next_return_++;
    lock.unlock();
    space_cv_.notify_all();
    if (batch.size() > 0) return batch;  // every file of this batch failed to decode: skip it
  }
}

DataLoader::Position DataLoader::position() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Position{epoch_, next_return_};
}

}  // namespace sori
