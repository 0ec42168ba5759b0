// sori metrics cer | wer
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "text/metrics.h"
#include "text/normalize.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

struct MetricsArgs {
  bool words = false;  // wer
  std::string ref, hyp, ref_file, hyp_file;
  std::string normalize = "none";
  bool ignore_spaces = false;
  bool align = false;
  bool json = false;
  int worst = 10;
};

std::vector<std::string> Lines(const std::string& path) {
  std::vector<std::string> lines = Split(ReadFileToString(path, 1ull << 31), '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // trailing newline
  for (auto& l : lines) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
  }
  return lines;
}

struct Scored {
  size_t index;
  std::string ref, hyp;
  Alignment alignment;
};

// Normalizes and aligns each (reference, hypothesis) pair; an error names its line.
std::vector<Scored> ScorePairs(const MetricsArgs& a, const std::vector<std::string>& refs,
                               const std::vector<std::string>& hyps, bool files) {
  std::vector<Scored> scored;
  for (size_t i = 0; i < refs.size(); ++i) {
    Scored s{i, refs[i], hyps[i], {}};
    try {
      s.ref = NormalizeText(refs[i], a.normalize);
      s.hyp = NormalizeText(hyps[i], a.normalize);
      CerOptions cer;
      cer.ignore_spaces = a.ignore_spaces;
      s.alignment = a.words ? AlignWords(s.ref, s.hyp) : AlignCharacters(s.ref, s.hyp, cer);
    } catch (const Error& e) {
      throw Error(e.code(), (files ? "line " + std::to_string(i + 1) + ": " : std::string()) + e.what());
    }
    scored.push_back(std::move(s));
  }
  return scored;
}

void PrintMetricsJson(const char* metric, const ErrorCounts& total, const std::vector<Scored>& scored) {
  nlohmann::ordered_json j = {{"metric", metric},
                              {"rate", total.rate()},
                              {"substitutions", total.substitutions},
                              {"deletions", total.deletions},
                              {"insertions", total.insertions},
                              {"hits", total.hits},
                              {"reference_length", total.ref_length()},
                              {"utterances", scored.size()}};
  j["per_utterance"] = nlohmann::ordered_json::array();
  for (const auto& s : scored) {
    j["per_utterance"].push_back({{"line", s.index + 1}, {"rate", s.alignment.counts.rate()},
                                  {"errors", s.alignment.counts.errors()},
                                  {"reference_length", s.alignment.counts.ref_length()},
                                  {"ref", s.ref}, {"hyp", s.hyp}});
  }
  std::cout << j.dump(2) << "\n";
}

// The `worst` utterances with errors, by rate, as a table.
void PrintWorst(const char* metric, const std::vector<Scored>& scored, int worst) {
  std::vector<const Scored*> order;
  for (const auto& s : scored) {
    if (s.alignment.counts.errors() > 0) order.push_back(&s);
  }
  std::stable_sort(order.begin(), order.end(), [](const Scored* x, const Scored* y) {
    return x->alignment.counts.rate() > y->alignment.counts.rate();
  });
  if (order.empty()) return;
  Table t({"line", metric, "errors", "reference", "hypothesis"},
          {Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  for (size_t k = 0; k < order.size() && k < static_cast<size_t>(worst); ++k) {
    const Scored& s = *order[k];
    t.AddRow({std::to_string(s.index + 1), FormatFixed(100.0 * s.alignment.counts.rate(), 1) + "%",
              std::to_string(s.alignment.counts.errors()), s.ref, s.hyp});
  }
  std::cout << "\nworst utterances:\n" << t.Render();
}

int RunMetrics(const MetricsArgs& a) {
  const bool files = !a.ref_file.empty() || !a.hyp_file.empty();
  if (files == (!a.ref.empty() || !a.hyp.empty()) || (files && (a.ref_file.empty() || a.hyp_file.empty()))) {
    throw Error(ErrorCode::kInvalidInput,
                "give either --ref and --hyp (two texts) or --ref-file and --hyp-file (line-aligned files)");
  }
  std::vector<std::string> refs = files ? Lines(a.ref_file) : std::vector<std::string>{a.ref};
  std::vector<std::string> hyps = files ? Lines(a.hyp_file) : std::vector<std::string>{a.hyp};
  if (refs.size() != hyps.size()) {
    throw Error(ErrorCode::kInvalidInput, "'" + a.ref_file + "' has " + std::to_string(refs.size()) +
                                              " lines but '" + a.hyp_file + "' has " +
                                              std::to_string(hyps.size()) + "; they must align line by line");
  }
  const char* metric = a.words ? "WER" : "CER";
  const std::vector<Scored> scored = ScorePairs(a, refs, hyps, files);
  ErrorCounts total;
  for (const Scored& s : scored) total += s.alignment.counts;
  if (a.json) {
    PrintMetricsJson(metric, total, scored);
    return 0;
  }
  std::cout << metric << " " << FormatFixed(100.0 * total.rate(), 2) << "%  (S " << total.substitutions
            << ", D " << total.deletions << ", I " << total.insertions << " / N " << total.ref_length()
            << (a.words ? " words" : " characters");
  if (files) std::cout << ", " << scored.size() << " utterances";
  std::cout << ")\n";
  if (a.align || !files) {
    for (const auto& s : scored) {
      if (files && s.alignment.counts.errors() == 0) continue;
      if (files) std::cout << "\nline " << s.index + 1 << ":\n";
      std::cout << FormatAlignment(s.alignment);
    }
  }
  if (files && a.worst > 0) PrintWorst(metric, scored, a.worst);
  return 0;
}

void AddMetric(CLI::App* parent, Registry& registry, bool words) {
  auto a = std::make_shared<MetricsArgs>();
  a->words = words;
  CLI::App* cmd = parent->add_subcommand(
      words ? "wer" : "cer",
      words ? "Word error rate from a Levenshtein alignment of words.\n"
              "Example: sori metrics wer --ref 'the cat sat on the mat' --hyp 'the cat sit on mat'"
            : "Character error rate from a Levenshtein alignment of characters (Hangul\n"
              "syllables for Korean).\n"
              "Example: sori metrics cer --ref '안녕하세요' --hyp '안녕하세오'");
  cmd->add_option("--ref", a->ref, "Reference text");
  cmd->add_option("--hyp", a->hyp, "Hypothesis text");
  cmd->add_option("--ref-file", a->ref_file, "Reference file, one utterance per line");
  cmd->add_option("--hyp-file", a->hyp_file, "Hypothesis file, aligned line by line with --ref-file");
  cmd->add_option("--normalize", a->normalize, "Normalize both sides first: ko | en | none")
      ->check(CLI::IsMember({"ko", "en", "none"}))
      ->capture_default_str();
  if (!words) cmd->add_flag("--ignore-spaces", a->ignore_spaces, "Do not count spaces as characters");
  cmd->add_flag("--align", a->align, "Print the alignment of every utterance with errors");
  cmd->add_option("--worst", a->worst, "Files: list the N utterances with the highest rate")->capture_default_str();
  cmd->add_flag("--json", a->json, "Print JSON with per-utterance results");
  registry.Add(cmd, [a] { return RunMetrics(*a); });
}

}  // namespace

void AddMetricsCommands(CLI::App& app, Registry& registry) {
  CLI::App* metrics = app.add_subcommand("metrics", "Score hypotheses against references (CER, WER)");
  metrics->require_subcommand(1);
  AddMetric(metrics, registry, /*words=*/false);
  AddMetric(metrics, registry, /*words=*/true);
}

}  // namespace sori::cli
