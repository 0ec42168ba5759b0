// One training step of a CTC model (forward, CTC loss, backward, AdamW update) on a
// batch of random log-mel features, in seconds of audio per second of wall time: what
// the data loader must keep up with (bench/loader_bench.cc). Arguments: model size
// (0 micro, 1 tiny), batch audio seconds (utterances of 8 s each).
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>

#include "model/ctc_model.h"
#include "util/allocator.h"
#include "util/parallel.h"

namespace {

sori::EncoderConfig Config(int64_t size) {
  sori::EncoderConfig e;
  if (size == 0) {  // micro: the CI overfitting test's model
    e.n_layers = 2;
    e.d_model = 96;
    e.subsampling_conv_channels = 96;
  } else {  // tiny: configs/tiny-*.yaml
    e.n_layers = 6;
    e.d_model = 144;
    e.subsampling_conv_channels = 144;
  }
  e.n_heads = 4;
  e.conv_kernel_size = 9;
  return e;
}

void BM_TrainStep(benchmark::State& state) {
  torch::manual_seed(1);
  const sori::EncoderConfig enc = Config(state.range(0));
  sori::CtcDecoderConfig dec;
  dec.feat_in = enc.d_model;
  dec.num_classes = 112;  // the Korean jamo vocabulary
  sori::CtcModel model(enc, dec);
  model->train();
  torch::optim::AdamW opt(model->parameters(), torch::optim::AdamWOptions(1e-3));
  const int64_t batch = std::max<int64_t>(1, state.range(1) / 8);
  const int64_t frames = 800;  // 8 s
  const torch::Tensor x = torch::randn({batch, 80, frames});
  const torch::Tensor len = torch::full({batch}, frames, torch::kLong);
  const torch::Tensor targets = torch::randint(0, 112, {batch, 40}, torch::kLong);
  const torch::Tensor target_len = torch::full({batch}, 40, torch::kLong);
  for (auto _ : state) {
    const sori::CtcOutput out = model->forward(x, len);
    const torch::Tensor loss = torch::ctc_loss(out.log_probs.transpose(0, 1), targets, out.lengths, target_len,
                                               model->blank_id(), at::Reduction::Mean, true);
    opt.zero_grad();
    loss.backward();
    opt.step();
  }
  state.counters["audio_s/wall_s"] =
      benchmark::Counter(8.0 * static_cast<double>(batch * state.iterations()), benchmark::Counter::kIsRate);
  state.counters["params_M"] = static_cast<double>(model->ParameterCount()) / 1e6;
}

BENCHMARK(BM_TrainStep)
    ->ArgNames({"size", "batch_s"})
    ->Args({0, 64})
    ->Args({1, 64})
    ->Args({1, 128})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  sori::TuneAllocatorForTensors();
  at::set_num_threads(sori::AvailableCpus());
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
