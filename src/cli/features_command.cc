// sori features FILE: the log-mel features a model would see, with shape and statistics.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

#include "audio/features.h"
#include "audio/reader.h"
#include "cli/command.h"
#include "cli/decode_flags.h"
#include "util/npy.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct FeaturesArgs {
  std::string file;
  DecodeFlags decode;
  FeatureConfig config;
  bool json = false;
  std::string save_npy;
};

int RunFeatures(FeaturesArgs args) {
  args.config.Validate();
  args.decode.sample_rate = args.config.sample_rate;
  const Audio audio = DecodeAudioFile(args.file, args.decode.ToOptions());
  const FeatureExtractor extractor(args.config);
  const Features f = extractor.Compute(audio.samples);
  const at::Tensor values = f.values[0];  // [n_mels, T]
  const int64_t valid = f.lengths[0].item<int64_t>();
  const at::Tensor v = values.narrow(1, 0, std::max<int64_t>(valid, 1));
  const at::Tensor channel_mean = v.mean(1);
  const at::Tensor channel_std = valid > 1 ? v.std(1) : at::zeros_like(channel_mean);

  if (!args.save_npy.empty()) {
    const at::Tensor c = values.contiguous();
    WriteNpyFloat32(args.save_npy, {c.size(0), c.size(1)}, c.data_ptr<float>());
  }
  const auto stat = [](const at::Tensor& t) { return t.numel() ? t.item<double>() : 0.0; };
  if (args.json) {
    nlohmann::ordered_json j = {
        {"file", args.file},
        {"samples", audio.samples.size()},
        {"sample_rate", audio.sample_rate},
        {"shape", {values.size(0), values.size(1)}},
        {"valid_frames", valid},
        {"min", stat(v.min())},
        {"max", stat(v.max())},
        {"mean", stat(v.mean())},
        {"std", v.numel() > 1 ? stat(v.std()) : 0.0},
        {"config", args.config.ToString()}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  Table t({"", ""});
  t.AddRow({"file", args.file});
  t.AddRow({"audio", std::to_string(audio.samples.size()) + " samples @ " +
                         std::to_string(audio.sample_rate) + " Hz (" +
                         FormatFixed(audio.duration_sec(), 3) + " s)"});
  t.AddRow({"features", "[" + std::to_string(values.size(0)) + ", " + std::to_string(values.size(1)) +
                            "]  (" + std::to_string(valid) + " valid frames, hop " +
                            std::to_string(args.config.hop_length()) + " samples)"});
  t.AddRow({"normalize", args.config.normalize});
  t.AddRow({"min / max", FormatFixed(stat(v.min()), 3) + " / " + FormatFixed(stat(v.max()), 3)});
  t.AddRow({"mean / std", FormatFixed(stat(v.mean()), 3) + " / " +
                              FormatFixed(v.numel() > 1 ? stat(v.std()) : 0.0, 3)});
  t.AddRow({"channel means", FormatFixed(stat(channel_mean.min()), 3) + " .. " +
                                 FormatFixed(stat(channel_mean.max()), 3)});
  t.AddRow({"channel stds", FormatFixed(stat(channel_std.min()), 3) + " .. " +
                                FormatFixed(stat(channel_std.max()), 3)});
  if (!args.save_npy.empty()) t.AddRow({"saved", args.save_npy});
  std::cout << t.Render();
  return 0;
}

}  // namespace

void AddFeaturesCommand(CLI::App& app, Registry& registry) {
  auto args = std::make_shared<FeaturesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "features",
      "Compute the 80-dim log-mel features of an audio file (NeMo FastConformer settings)\n"
      "and print their shape and statistics.\n"
      "Example: sori features ../shared/data/fsdd/0_jackson_0.wav --save-npy f.npy");
  cmd->add_option("file", args->file, "Audio file")->required();
  cmd->add_option("--normalize", args->config.normalize, "per_feature | all_features | none")
      ->capture_default_str();
  cmd->add_option("--n-mels", args->config.n_mels, "Mel channels")->capture_default_str();
  cmd->add_option("--n-fft", args->config.n_fft, "FFT size")->capture_default_str();
  cmd->add_option("--window-size", args->config.window_size, "Window, seconds")->capture_default_str();
  cmd->add_option("--window-stride", args->config.window_stride, "Hop, seconds")->capture_default_str();
  cmd->add_option("--preemph", args->config.preemph, "Pre-emphasis (0 disables)")->capture_default_str();
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->add_option("--save-npy", args->save_npy, "Write the [n_mels, T] array as a .npy file");
  args->decode.AddTo(cmd, /*with_rate=*/false);
  registry.Add(cmd, [args] { return RunFeatures(*args); });
}

}  // namespace sori::cli
