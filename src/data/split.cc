#include "data/split.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "util/error.h"
#include "util/strings.h"

namespace sori {

void SplitOptions::Validate() const {
  if (by != "speaker" && by != "random") {
    throw Error(ErrorCode::kInvalidInput, "--by must be 'speaker' or 'random', got '" + by + "'");
  }
  if (names.empty() || names.size() != ratios.size()) {
    throw Error(ErrorCode::kInvalidInput, "need one ratio per split name (" + std::to_string(names.size()) +
                                              " names, " + std::to_string(ratios.size()) + " ratios)");
  }
  double sum = 0;
  for (double r : ratios) {
    if (!(r >= 0)) throw Error(ErrorCode::kInvalidInput, "split ratios must be >= 0");
    sum += r;
  }
  if (std::fabs(sum - 1.0) > 1e-6) {
    throw Error(ErrorCode::kInvalidInput, "split ratios must sum to 1, got " + FormatFixed(sum, 4));
  }
}

std::map<std::string, std::vector<ManifestEntry>> SplitManifest(const std::vector<ManifestEntry>& entries,
                                                                 const SplitOptions& options) {
  options.Validate();
  const size_t k = options.names.size();
  double total_hours = 0;
  for (const auto& e : entries) total_hours += e.duration;
  std::vector<double> have(k, 0.0);
  // The split furthest below its share; ties go to the first listed.
  const auto neediest = [&]() {
    size_t best = 0;
    double best_deficit = -1e300;
    for (size_t s = 0; s < k; ++s) {
      if (options.ratios[s] <= 0) continue;
      const double deficit = options.ratios[s] * total_hours - have[s];
      if (deficit > best_deficit) {
        best_deficit = deficit;
        best = s;
      }
    }
    return best;
  };

  std::vector<size_t> assignment(entries.size(), 0);
  std::mt19937_64 rng(options.seed);
  if (options.by == "speaker") {
    std::map<std::string, std::vector<size_t>> by_speaker;  // sorted by name: deterministic
    for (size_t i = 0; i < entries.size(); ++i) {
      if (!entries[i].speaker) {
        throw Error(ErrorCode::kInvalidInput, "cannot split by speaker: the entry on line " +
                                                  std::to_string(entries[i].line) +
                                                  " has no 'speaker' field (use --by random)");
      }
      by_speaker[*entries[i].speaker].push_back(i);
    }
    std::vector<const std::vector<size_t>*> groups;
    for (const auto& [name, idx] : by_speaker) groups.push_back(&idx);
    std::shuffle(groups.begin(), groups.end(), rng);
    for (const auto* group : groups) {
      const size_t s = neediest();
      for (size_t i : *group) {
        assignment[i] = s;
        have[s] += entries[i].duration;
      }
    }
  } else {
    std::vector<size_t> order(entries.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t i : order) {
      const size_t s = neediest();
      assignment[i] = s;
      have[s] += entries[i].duration;
    }
  }
  std::map<std::string, std::vector<ManifestEntry>> out;
  for (const auto& name : options.names) out[name];
  for (size_t i = 0; i < entries.size(); ++i) out[options.names[assignment[i]]].push_back(entries[i]);
  return out;
}

}  // namespace sori
