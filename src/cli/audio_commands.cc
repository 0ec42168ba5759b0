// sori audio info | convert
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "audio/reader.h"
#include "audio/writer.h"
#include "cli/command.h"
#include "cli/decode_flags.h"
#include "util/error.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct InfoArgs {
  std::vector<std::string> files;
  DecodeFlags decode;
  bool json = false;
  bool decode_samples = false;
};

int RunInfo(const InfoArgs& args) {
  const DecodeOptions options = args.decode.ToOptions();
  Table table({"file", "format", "encoding", "rate", "ch", "duration", "frames", "decoded"},
              {Table::Align::kLeft, Table::Align::kLeft, Table::Align::kLeft, Table::Align::kRight,
               Table::Align::kRight, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  int failed = 0;
  ErrorCode last_code = ErrorCode::kInternal;
  for (const std::string& file : args.files) {
    try {
      const AudioInfo info = ProbeAudioFile(file, options);
      std::string decoded = "-";
      nlohmann::ordered_json j = {{"file", file},          {"container", info.container},
                                  {"encoding", info.encoding}, {"sample_rate", info.sample_rate},
                                  {"channels", info.channels}, {"frames", info.frames},
                                  {"duration_sec", info.duration_sec}, {"bytes", info.bytes}};
      if (args.decode_samples) {
        const Audio audio = DecodeAudioFile(file, options);
        decoded = std::to_string(audio.samples.size()) + " @ " + std::to_string(audio.sample_rate) + " Hz";
        j["decoded_samples"] = audio.samples.size();
        j["decoded_sample_rate"] = audio.sample_rate;
      }
      table.AddRow({file, info.container, info.encoding, std::to_string(info.sample_rate),
                    std::to_string(info.channels), FormatFixed(info.duration_sec, 3) + " s",
                    std::to_string(info.frames), decoded});
      out.push_back(j);
    } catch (const Error& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      out.push_back({{"file", file}, {"error", e.what()}, {"code", ErrorCodeName(e.code())}});
      ++failed;
      last_code = e.code();
    }
  }
  if (args.json) {
    std::cout << out.dump(2) << "\n";
  } else if (table.rows() > 0) {
    std::cout << table.Render();
  }
  if (failed == 0) return 0;
  return args.files.size() == 1 ? ExitStatusFor(last_code) : 1;
}

struct ConvertArgs {
  std::string input;
  std::string output;
  DecodeFlags decode;
  bool float32 = false;
};

int RunConvert(const ConvertArgs& args) {
  const Audio audio = DecodeAudioFile(args.input, args.decode.ToOptions());
  WriteWav(args.output, audio, args.float32 ? WavEncoding::kFloat32 : WavEncoding::kPcm16);
  std::cout << "wrote " << args.output << ": " << audio.samples.size() << " samples, "
            << audio.sample_rate << " Hz mono, " << FormatFixed(audio.duration_sec(), 3) << " s\n";
  return 0;
}

}  // namespace

void AddAudioCommands(CLI::App& app, Registry& registry) {
  CLI::App* audio = app.add_subcommand("audio", "Inspect and convert audio files");
  audio->require_subcommand(1);

  auto info = std::make_shared<InfoArgs>();
  CLI::App* info_cmd = audio->add_subcommand(
      "info",
      "Show format, sample rate, channels and duration of audio files, read from their\n"
      "headers without decoding (add --decode to decode them too).\n"
      "Formats: WAV (PCM 8/16/24/32-bit, float), FLAC, OGG/Vorbis, Opus, MP3, raw PCM.\n"
      "Example: sori audio info ../shared/data/fsdd/0_jackson_0.wav --decode");
  info_cmd->add_option("files", info->files, "Audio files")->required();
  info_cmd->add_flag("--json", info->json, "Print JSON instead of a table");
  info_cmd->add_flag("--decode", info->decode_samples,
                     "Also decode each file (mono, resampled) and report the samples produced");
  info->decode.AddTo(info_cmd);
  registry.Add(info_cmd, [info] { return RunInfo(*info); });

  auto convert = std::make_shared<ConvertArgs>();
  CLI::App* convert_cmd = audio->add_subcommand(
      "convert",
      "Decode any supported input and write it as mono WAV at the target sample rate.\n"
      "Example: sori audio convert talk.mp3 talk-16k.wav");
  convert_cmd->add_option("input", convert->input, "Input audio file")->required();
  convert_cmd->add_option("output", convert->output, "Output .wav path")->required();
  convert_cmd->add_flag("--float", convert->float32, "Write 32-bit float samples instead of 16-bit PCM");
  convert->decode.AddTo(convert_cmd);
  registry.Add(convert_cmd, [convert] { return RunConvert(*convert); });
}

}  // namespace sori::cli
