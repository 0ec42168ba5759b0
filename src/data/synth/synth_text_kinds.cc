#include "data/synth/synth_text_kinds.h"

#include <set>
#include <utility>

#include "data/synth/synth_text_random.h"
#include "text/hangul.h"
#include "util/error.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace sori {
namespace {

// Every template can meet its length rule on most draws; this many misses in a row means
// a template that never can, which is a bug rather than bad luck.
constexpr int kMaxDraws = 1000;

}  // namespace

WeightedKindGenerator::WeightedKindGenerator(std::string lang, std::vector<TextKind> kinds,
                                             LengthRule length)
    : lang_(std::move(lang)), kinds_(std::move(kinds)), length_(std::move(length)) {
  if (kinds_.empty()) {
    throw Error(ErrorCode::kInternal, "sentence generator '" + lang_ + "' has no kinds");
  }
  std::set<std::string> names;
  for (const TextKind& kind : kinds_) {
    if (kind.weight <= 0 || !kind.make || !names.insert(kind.name).second) {
      throw Error(ErrorCode::kInternal,
                  "sentence generator '" + lang_ + "': bad or repeated kind '" + kind.name + "'");
    }
    total_weight_ += kind.weight;
  }
}

SynthText WeightedKindGenerator::Next(std::mt19937_64& rng) const {
  int64_t ticket = static_cast<int64_t>(UniformBelow(rng, static_cast<uint64_t>(total_weight_)));
  for (const TextKind& kind : kinds_) {
    if (ticket < kind.weight) return Make(rng, kind);
    ticket -= kind.weight;
  }
  throw Error(ErrorCode::kInternal, "sentence generator '" + lang_ + "': weight table overrun");
}

SynthText WeightedKindGenerator::NextOfKind(std::mt19937_64& rng, const std::string& kind) const {
  for (const TextKind& k : kinds_) {
    if (k.name == kind) return Make(rng, k);
  }
  throw Error(ErrorCode::kInvalidInput, "unknown text kind '" + kind + "' for language '" + lang_ +
                                            "'; accepted: " + Join(kinds(), ", "));
}

std::vector<std::string> WeightedKindGenerator::kinds() const {
  std::vector<std::string> names;
  names.reserve(kinds_.size());
  for (const TextKind& kind : kinds_) names.push_back(kind.name);
  return names;
}

SynthText WeightedKindGenerator::Make(std::mt19937_64& rng, const TextKind& kind) const {
  for (int draw = 0; draw < kMaxDraws; ++draw) {
    std::string text = kind.make(rng);
    const int length = length_.measure(text);
    if (length >= length_.min && length <= length_.max) return SynthText{std::move(text), kind.name};
  }
  throw Error(ErrorCode::kInternal, "sentence generator '" + lang_ + "', kind '" + kind.name +
                                        "': no text of " + std::to_string(length_.min) + " to " +
                                        std::to_string(length_.max) + " " + length_.unit + " in " +
                                        std::to_string(kMaxDraws) + " draws");
}

std::string FillTemplate(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 32);
  auto arg = args.begin();
  size_t pos = 0;
  for (;;) {
    const size_t hole = pattern.find("{}", pos);
    if (hole == std::string_view::npos) break;
    if (arg == args.end()) {
      throw Error(ErrorCode::kInternal, "template '" + std::string(pattern) + "' has more {} than the " +
                                            std::to_string(args.size()) + " arguments");
    }
    out.append(pattern.substr(pos, hole - pos));
    out.append(*arg++);
    pos = hole + 2;
  }
  if (arg != args.end()) {
    throw Error(ErrorCode::kInternal, "template '" + std::string(pattern) + "' has fewer {} than the " +
                                          std::to_string(args.size()) + " arguments");
  }
  out.append(pattern.substr(pos));
  return out;
}

std::string JoinWords(std::initializer_list<std::string_view> words) {
  std::string out;
  for (std::string_view word : words) {
    if (word.empty()) continue;
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

int CountHangulSyllables(std::string_view text) {
  int count = 0;
  for (char32_t c : Utf8ToCodepoints(text)) count += IsHangulSyllable(c) ? 1 : 0;
  return count;
}

int CountWords(std::string_view text) { return static_cast<int>(SplitWhitespace(text).size()); }

}  // namespace sori
