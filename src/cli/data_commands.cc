// sori data synth | import | split | snapshot | snapshots
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "cli/command.h"
#include "cli/decode_flags.h"
#include "data/import/import.h"
#include "data/manifest.h"
#include "data/snapshot.h"
#include "data/split.h"
#include "data/synth/synth.h"
#include "store/store.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

// ---- synth ----
int RunSynth(SynthOptions o, const GlobalOptions& global) {
  o.threads = WorkerThreads(global);
  const SynthReport r = SynthesizeCorpus(o);
  Table t({"split", "utterances", "hours", "voices"},
          {Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  for (const char* split : {"train", "val", "test"}) {
    const auto it = r.splits.find(split);
    const SynthSplit s = it == r.splits.end() ? SynthSplit{} : it->second;
    t.AddRow({split, std::to_string(s.utterances), FormatFixed(s.hours, 3), std::to_string(s.voices.size())});
  }
  t.AddRow({"total", std::to_string(r.utterances), FormatFixed(r.hours, 3), ""});
  std::cout << t.Render();
  std::cout << "synthesized " << FormatFixed(r.hours, 3) << " h in " << FormatDuration(r.wall_seconds) << " ("
            << FormatFixed(r.hours / (r.wall_seconds / 60.0), 3) << " h of audio per minute, "
            << o.threads << " threads, " << r.espeak_version << ")\n"
            << "manifests: " << o.out_dir << "/{train,val,test}.jsonl\n";
  return 0;
}

// ---- import ----
struct ImportArgs {
  std::string format;
  std::string source;
  std::string out;
  ImportOptions options;
  std::string kspon_side = "pronunciation";
  DecodeFlags decode;
  std::string report;
  int show = 20;
};

int RunImport(ImportArgs a, const GlobalOptions& global) {
  a.options.threads = WorkerThreads(global);
  a.options.decode = a.decode.ToOptions();
  a.options.kspon_dual = a.kspon_side == "spelling" ? KoreanNormalizerOptions::Dual::kSpelling
                                                    : KoreanNormalizerOptions::Dual::kPronunciation;
  const ImportResult r = ImportCorpus(a.format, a.source, a.options);
  WriteManifest(a.out, r.entries);
  double hours = 0;
  for (const auto& e : r.entries) hours += e.duration / 3600.0;
  Table summary({"", ""}, {Table::Align::kLeft, Table::Align::kRight});
  summary.AddRow({"format", a.format});
  summary.AddRow({"source", a.source});
  summary.AddRow({"imported", std::to_string(r.entries.size())});
  summary.AddRow({"hours", FormatFixed(hours, 3)});
  summary.AddRow({"skipped", std::to_string(r.skipped.size())});
  summary.AddRow({"manifest", a.out});
  std::cout << summary.Render();
  if (!r.skipped.empty()) {
    Table problems({"item", "reason"});
    for (size_t i = 0; i < r.skipped.size() && i < static_cast<size_t>(a.show); ++i) {
      problems.AddRow({r.skipped[i].item, r.skipped[i].reason});
    }
    std::cout << "\nskipped:\n" << problems.Render();
    if (r.skipped.size() > static_cast<size_t>(a.show)) {
      std::cout << "... " << r.skipped.size() - static_cast<size_t>(a.show)
                << " more (use --show N or --report FILE.json)\n";
    }
  }
  if (!a.report.empty()) {
    nlohmann::ordered_json j = {{"format", a.format}, {"source", a.source}, {"imported", r.entries.size()},
                                {"hours", hours}};
    j["skipped"] = nlohmann::ordered_json::array();
    for (const auto& p : r.skipped) j["skipped"].push_back({{"item", p.item}, {"reason", p.reason}});
    WriteFileAtomic(a.report, j.dump(2) + "\n");
  }
  return 0;
}

// ---- split ----
struct SplitArgs {
  std::string manifest;
  std::string out_dir;
  std::string ratios = "0.8,0.1,0.1";
  std::string names = "train,val,test";
  SplitOptions options;
};

int RunSplit(SplitArgs a) {
  a.options.names = Split(a.names, ',');
  a.options.ratios.clear();
  for (const auto& r : Split(a.ratios, ',')) {
    try {
      size_t used = 0;
      a.options.ratios.push_back(std::stod(r, &used));
      if (used != r.size()) throw std::invalid_argument(r);
    } catch (const std::exception&) {
      throw Error(ErrorCode::kInvalidInput, "--ratios: '" + r + "' is not a number");
    }
  }
  const Manifest m = ReadManifest(a.manifest);
  const auto parts = SplitManifest(m.entries, a.options);
  const std::string dir = a.out_dir.empty() ? ParentDir(a.manifest) : a.out_dir;
  Table t({"split", "utterances", "hours", "speakers", "file"},
          {Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  for (const auto& name : a.options.names) {
    const auto& entries = parts.at(name);
    const std::string path = dir + "/" + name + ".jsonl";
    WriteManifest(path, entries);
    double hours = 0;
    std::set<std::string> speakers;
    for (const auto& e : entries) {
      hours += e.duration / 3600.0;
      if (e.speaker) speakers.insert(*e.speaker);
    }
    t.AddRow({name, std::to_string(entries.size()), FormatFixed(hours, 3), std::to_string(speakers.size()), path});
  }
  std::cout << t.Render();
  return 0;
}

// ---- snapshot / snapshots ----
struct SnapshotArgs {
  std::string manifest;
  std::string name;
  bool json = false;
};

void PrintSnapshots(const std::vector<DatasetSnapshot>& list) {
  Table t({"id", "name", "hash", "utterances", "hours", "created"},
          {Table::Align::kRight, Table::Align::kLeft, Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight});
  for (const auto& s : list) {
    t.AddRow({std::to_string(s.id), s.name, s.hash.substr(0, 12), std::to_string(s.utterances),
              FormatFixed(s.hours, 3), s.created_at});
  }
  std::cout << t.Render();
}

int RunSnapshot(const SnapshotArgs& a, const GlobalOptions& global) {
  ManifestReadOptions read;
  read.require_text = true;
  const Manifest m = ReadManifest(a.manifest, read);
  const DatasetHash h = HashDataset(m, WorkerThreads(global));
  DatasetSnapshot s;
  s.name = a.name.empty() ? std::filesystem::path(a.manifest).stem().string() : a.name;
  s.hash = h.hash;
  s.manifest_path = std::filesystem::absolute(a.manifest).string();
  s.utterances = h.utterances;
  s.hours = h.hours;
  s.audio_bytes = h.audio_bytes;
  auto store = OpenStore(global);
  bool created = false;
  const DatasetSnapshot rec = store->datasets().Record(s, &created);
  if (a.json) {
    std::cout << nlohmann::ordered_json{{"id", rec.id}, {"name", rec.name}, {"hash", rec.hash},
                                        {"utterances", rec.utterances}, {"hours", rec.hours},
                                        {"audio_bytes", rec.audio_bytes}, {"created_at", rec.created_at},
                                        {"new", created}}
                     .dump(2)
              << "\n";
    return 0;
  }
  PrintSnapshots({rec});
  std::cout << (created ? "recorded new snapshot " : "unchanged: already recorded as snapshot ") << rec.id
            << " of '" << rec.name << "' in " << store->home() << "\nhash " << rec.hash << "\n";
  return 0;
}

void AddSynthCommand(CLI::App* data, Registry& registry) {
  auto synth = std::make_shared<SynthOptions>();
  synth->out_dir.clear();
  CLI::App* synth_cmd = data->add_subcommand(
      "synth",
      "Synthesize a speech corpus with espeak-ng: ~100 voice variants with their own pitch and\n"
      "rate, texts with numbers read both ways, dates, times, prices, phone numbers and\n"
      "everyday sentences. Splits train/val/test by voice (test voices never in train).\n"
      "Example: sori data synth --lang ko --hours 0.2 --out corpus/ko --seed 1");
  synth_cmd->add_option("--lang", synth->lang, "ko | en")->check(CLI::IsMember({"ko", "en"}))->capture_default_str();
  synth_cmd->add_option("--hours", synth->hours, "Hours of audio to make")->capture_default_str();
  synth_cmd->add_option("--out", synth->out_dir, "Output folder")->required();
  synth_cmd->add_option("--seed", synth->seed, "Random seed")->capture_default_str();
  synth_cmd->add_option("--val-voices", synth->val_voice_fraction, "Share of voices for val")->capture_default_str();
  synth_cmd->add_option("--test-voices", synth->test_voice_fraction, "Share of voices for test")->capture_default_str();
  synth_cmd->add_flag("--force", synth->force, "Replace a corpus already in --out");
  registry.Add(synth_cmd, [synth, &registry] { return RunSynth(*synth, registry.global()); });
}

void AddImportCommand(CLI::App* data, Registry& registry) {
  auto imp = std::make_shared<ImportArgs>();
  std::string formats = Join(ImportFormats(), "|");
  CLI::App* import_cmd = data->add_subcommand(
      "import",
      "Import a corpus into a NeMo manifest, measuring every file's duration and normalizing\n"
      "transcripts. Formats: " + formats + ". Skipped items are listed with their reason.\n"
      "Example: sori data import --format fsdd ../shared/data/fsdd --out fsdd.jsonl");
  import_cmd->add_option("--format", imp->format, formats)->required()->check(CLI::IsMember(ImportFormats()));
  import_cmd->add_option("source", imp->source, "Corpus folder (or file: a .trn script, a NeMo manifest)")->required();
  import_cmd->add_option("--out", imp->out, "Manifest to write (.jsonl)")->required();
  import_cmd->add_option("--lang", imp->options.lang, "Normalize transcripts: ko | en | none (default per format)")
      ->check(CLI::IsMember({"ko", "en", "none"}));
  import_cmd->add_option("--kspon-side", imp->kspon_side, "KsponSpeech dual transcription: pronunciation | spelling")
      ->check(CLI::IsMember({"pronunciation", "spelling"}))
      ->capture_default_str();
  import_cmd->add_option("--text-encoding", imp->options.text_encoding, "auto | utf-8 | cp949")
      ->check(CLI::IsMember({"auto", "utf-8", "cp949", "euc-kr"}))
      ->capture_default_str();
  import_cmd->add_option("--audio-root", imp->options.audio_root,
                         "Folder that relative audio paths resolve against (kspon .trn, kaldi wav.scp)");
  import_cmd->add_option("--report", imp->report, "Write every skipped item to this JSON file");
  import_cmd->add_option("--show", imp->show, "Skipped items to list in the terminal")->capture_default_str();
  imp->decode.AddTo(import_cmd);
  registry.Add(import_cmd, [imp, &registry] { return RunImport(*imp, registry.global()); });
}

void AddSplitCommand(CLI::App* data, Registry& registry) {
  auto split = std::make_shared<SplitArgs>();
  CLI::App* split_cmd = data->add_subcommand(
      "split",
      "Split a manifest into train/val/test by speaker (no speaker in two splits) or at\n"
      "random, by hours, with a seed. Writes NAME.jsonl next to the manifest (or --out-dir).\n"
      "Example: sori data split fsdd.jsonl --by speaker --ratios 0.5,0.25,0.25");
  split_cmd->add_option("manifest", split->manifest, "Manifest to split")->required();
  split_cmd->add_option("--by", split->options.by, "speaker | random")
      ->check(CLI::IsMember({"speaker", "random"}))
      ->capture_default_str();
  split_cmd->add_option("--ratios", split->ratios, "Shares of hours, comma-separated")->capture_default_str();
  split_cmd->add_option("--names", split->names, "Split names, comma-separated")->capture_default_str();
  split_cmd->add_option("--seed", split->options.seed, "Random seed")->capture_default_str();
  split_cmd->add_option("--out-dir", split->out_dir, "Where to write the splits");
  registry.Add(split_cmd, [split] { return RunSplit(*split); });
}

void AddSnapshotCommands(CLI::App* data, Registry& registry) {
  auto snap = std::make_shared<SnapshotArgs>();
  CLI::App* snap_cmd = data->add_subcommand(
      "snapshot",
      "Hash a manifest's content (transcripts, timings and every audio file's bytes) and\n"
      "record it in the store as a dataset version. Runs record the snapshots they used.\n"
      "Example: sori data snapshot corpus/ko/train.jsonl --name ko-synth-train");
  snap_cmd->add_option("manifest", snap->manifest, "Manifest (.jsonl)")->required();
  snap_cmd->add_option("--name", snap->name, "Dataset name (default: the manifest's file name)");
  snap_cmd->add_flag("--json", snap->json, "Print JSON");
  registry.Add(snap_cmd, [snap, &registry] { return RunSnapshot(*snap, registry.global()); });

  auto list_name = std::make_shared<std::string>();
  CLI::App* list_cmd = data->add_subcommand("snapshots", "List the dataset snapshots in the store");
  list_cmd->add_option("name", *list_name, "Only this dataset");
  registry.Add(list_cmd, [list_name, &registry] {
    auto store = OpenStore(registry.global());
    PrintSnapshots(store->datasets().List(list_name->empty() ? std::nullopt : std::optional<std::string>(*list_name)));
    return 0;
  });
}

}  // namespace

void AddDataCommands(CLI::App& app, Registry& registry) {
  CLI::App* data = app.add_subcommand("data", "Make, import, split and version speech corpora");
  data->require_subcommand(1);
  AddSynthCommand(data, registry);
  AddImportCommand(data, registry);
  AddSplitCommand(data, registry);
  AddSnapshotCommands(data, registry);
}

}  // namespace sori::cli
