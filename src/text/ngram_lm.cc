#include "text/ngram_lm.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace sori {
namespace {

constexpr int kMaxOrder = 12;
constexpr float kLn10 = 2.302585093f;
// ARPA's "impossible" log10 probability (the sentence start is never predicted).
constexpr float kArpaImpossible = -99.0f;
// A word missing from a foreign ARPA file's unigrams (natural log, about 1e-10).
constexpr float kMissingUnigram = -23.0f;
constexpr char kHeaderTag[] = "# sori-lm";

// The discount of one order from its counts of counts; 0.5 where they cannot say (a tiny
// corpus without singletons or doubletons), kept inside (0, 1).
double Discount(int64_t n1, int64_t n2) {
  if (n1 == 0 || n2 == 0) return 0.5;
  return std::clamp(static_cast<double>(n1) / static_cast<double>(n1 + 2 * n2), 0.05, 0.95);
}

// Counts of k-grams per order k (index 0 unused), keyed by internal ids.
using NgramCountsByOrder = std::vector<std::map<std::u32string, int64_t>>;

// Raw counts of every k-gram, k = 1..order, over "<s> tokens </s>" of each sentence.
// Throws for a token id outside the vocabulary.
NgramCountsByOrder CountRawNgrams(const std::vector<std::vector<int>>& sentences, int vocab_size, int order,
                                  char32_t bos, char32_t eos) {
  NgramCountsByOrder raw(static_cast<size_t>(order) + 1);
  for (size_t s = 0; s < sentences.size(); ++s) {
    std::u32string seq(1, bos);
    for (size_t i = 0; i < sentences[s].size(); ++i) {
      const int id = sentences[s][i];
      if (id < 0 || id >= vocab_size) {
        throw Error(ErrorCode::kInvalidInput, "sentence " + std::to_string(s) + " token " + std::to_string(i) + ": id " +
                                                  std::to_string(id) + " is outside the vocabulary of " +
                                                  std::to_string(vocab_size));
      }
      seq.push_back(static_cast<char32_t>(id));
    }
    seq.push_back(eos);
    for (int k = 1; k <= order; ++k) {
      for (size_t i = 0; i + static_cast<size_t>(k) <= seq.size(); ++i) raw[static_cast<size_t>(k)][seq.substr(i, k)]++;
    }
  }
  return raw;
}

// Kneser-Ney counts: the highest order (and n-grams that begin at the sentence start,
// which have no left context) keep raw counts; the others count distinct left contexts.
// The sentence start itself is never predicted, so it has no unigram.
NgramCountsByOrder KneserNeyCounts(const NgramCountsByOrder& raw, int order, char32_t bos) {
  NgramCountsByOrder adjusted(static_cast<size_t>(order) + 1);
  for (int k = 1; k <= order; ++k) {
    for (const auto& [g, c] : raw[static_cast<size_t>(k)]) {
      if (k == order || g[0] == bos) adjusted[static_cast<size_t>(k)][g] = c;
    }
    if (k < order) {
      for (const auto& [g, c] : raw[static_cast<size_t>(k) + 1]) adjusted[static_cast<size_t>(k)][g.substr(1)]++;
    }
  }
  adjusted[1].erase(std::u32string(1, bos));
  return adjusted;
}

// One context's total count and number of distinct words following it.
struct KnContextStats {
  int64_t total = 0;
  int64_t types = 0;
};

// Per order: its discount, and per context its KnContextStats.
void KnDiscountsAndContexts(const NgramCountsByOrder& adjusted, int order, std::vector<double>* discount,
                            std::vector<std::map<std::u32string, KnContextStats>>* contexts) {
  discount->assign(static_cast<size_t>(order) + 1, 0.0);
  contexts->assign(static_cast<size_t>(order) + 1, {});
  for (int k = 1; k <= order; ++k) {
    int64_t n1 = 0, n2 = 0;
    for (const auto& [g, c] : adjusted[static_cast<size_t>(k)]) {
      n1 += c == 1;
      n2 += c == 2;
      KnContextStats& st = (*contexts)[static_cast<size_t>(k)][g.substr(0, g.size() - 1)];
      st.total += c;
      st.types++;
    }
    (*discount)[static_cast<size_t>(k)] = Discount(n1, n2);
  }
}

// The interpolated probability of every n-gram to store: unigrams for every vocabulary
// token and </s>, interpolated with the uniform distribution (so unseen tokens get mass),
// and each higher order interpolated with the order below it.
std::map<std::u32string, double> KnInterpolatedProbs(const NgramCountsByOrder& adjusted,
                                                     const std::vector<double>& discount,
                                                     const std::vector<std::map<std::u32string, KnContextStats>>& contexts,
                                                     int vocab_size, int order, char32_t eos) {
  // Every sentence ends in </s>, a unigram, so the empty context is always there.
  const KnContextStats& uni = contexts[1].at(std::u32string());
  const double d1 = discount[1];
  const double uniform = 1.0 / (vocab_size + 1);
  const double gamma0 = d1 * static_cast<double>(uni.types) / static_cast<double>(uni.total);
  std::map<std::u32string, double> prob;
  for (int w = 0; w <= vocab_size; ++w) {
    const std::u32string g(1, w == vocab_size ? eos : static_cast<char32_t>(w));
    const auto it = adjusted[1].find(g);
    const double c = it == adjusted[1].end() ? 0.0 : static_cast<double>(it->second);
    prob[g] = std::max(c - d1, 0.0) / static_cast<double>(uni.total) + gamma0 * uniform;
  }
  for (int k = 2; k <= order; ++k) {
    const double d = discount[static_cast<size_t>(k)];
    for (const auto& [g, c] : adjusted[static_cast<size_t>(k)]) {
      const std::u32string h = g.substr(0, g.size() - 1);
      const KnContextStats& st = contexts[static_cast<size_t>(k)].at(h);
      const double gamma = d * static_cast<double>(st.types) / static_cast<double>(st.total);
      prob[g] = std::max(static_cast<double>(c) - d, 0.0) / static_cast<double>(st.total) + gamma * prob.at(g.substr(1));
    }
  }
  return prob;
}

[[noreturn]] void BadArpa(const std::string& path, int64_t line, const std::string& why) {
  throw Error(ErrorCode::kInvalidInput, path + ":" + std::to_string(line) + ": " + why);
}

float ParseLog10(const std::string& text, const std::string& path, int64_t line, const char* what) {
  char* end = nullptr;
  const float v = std::strtof(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
    BadArpa(path, line, std::string("bad ") + what + " '" + text + "'");
  }
  return v;
}

std::string FormatLog10(float natural_log) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6f", static_cast<double>(natural_log / kLn10));
  return buf;
}

// An ARPA file opened for reading. Errors: kNotFound for a missing file, kIo for one
// that cannot be read; a FIFO or device is refused before opening, as it would block.
std::ifstream OpenArpaFile(const std::string& path) {
  if (std::filesystem::exists(path)) FileSizeOrThrow(path, "language model");
  std::ifstream in(path);
  if (!in) {
    if (!std::filesystem::exists(path)) throw Error(ErrorCode::kNotFound, "no language model file at " + path);
    throw Error(ErrorCode::kIo, "cannot read " + path);
  }
  return in;
}

// Reads an ARPA file a line at a time (without a trailing CR), counting lines so that
// errors can name them.
class ArpaLineReader {
 public:
  ArpaLineReader(std::ifstream& in, const std::string& path) : in_(in), path_(path) {}

  // False at the end of the file (the last line read stays in line()).
  bool Next() {
    if (!std::getline(in_, line_)) return false;
    ++line_no_;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    return true;
  }
  // Reads up to the next line that is not blank (or the end of the file).
  void SkipBlankLines() {
    while (Next() && Trim(line_).empty()) {
    }
  }
  // False once a read has failed (the end of the file).
  bool ok() const { return static_cast<bool>(in_); }
  const std::string& line() const { return line_; }
  int64_t line_no() const { return line_no_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void Fail(const std::string& why) const { BadArpa(path_, line_no_, why); }

 private:
  std::ifstream& in_;
  const std::string& path_;
  std::string line_;
  int64_t line_no_ = 0;
};

// The id of each word an ARPA file may use: the tokenizer's pieces, then <s> and </s>.
std::unordered_map<std::string, char32_t> ArpaWordIds(const Tokenizer& tokenizer, char32_t bos, char32_t eos) {
  const std::vector<std::string> words = ArpaWords(tokenizer);
  std::unordered_map<std::string, char32_t> ids;
  for (size_t i = 0; i < words.size(); ++i) ids[words[i]] = static_cast<char32_t>(i);
  ids["<s>"] = bos;
  ids["</s>"] = eos;
  return ids;
}

// Reads the header, free text up to "\data\". Sori's own line names the vocabulary the
// LM was built for; a different one than `vocab_sha256` (when given) is an error.
void SkipArpaHeader(ArpaLineReader& reader, const std::string& vocab_sha256) {
  while (reader.Next()) {
    const std::string& line = reader.line();
    if (Trim(line) == "\\data\\") return;
    if (StartsWith(line, kHeaderTag)) {
      for (const std::string& field : SplitWhitespace(line.substr(sizeof(kHeaderTag) - 1))) {
        if (StartsWith(field, "vocab_sha256=") && !vocab_sha256.empty() && field.substr(13) != vocab_sha256) {
          reader.Fail("the language model was built for another vocabulary (vocab_sha256 " + field.substr(13) +
                      ", this model's is " + vocab_sha256 + ")");
        }
      }
    }
  }
  throw Error(ErrorCode::kInvalidInput, reader.path() + ": not an ARPA file (no \\data\\ line)");
}

// The "\data\" section's "ngram N=COUNT" lines, up to the first blank line after them:
// the declared count of each order, orders 1, 2, ... in turn.
std::vector<int64_t> ReadArpaCounts(ArpaLineReader& reader) {
  std::vector<int64_t> declared;
  while (reader.Next()) {
    const std::string t = Trim(reader.line());
    if (t.empty()) {
      if (declared.empty()) continue;
      break;
    }
    if (!StartsWith(t, "ngram ")) reader.Fail("expected 'ngram N=COUNT', got '" + t + "'");
    const size_t eq = t.find('=');
    int k = 0;
    long long count = -1;
    try {
      if (eq == std::string::npos) throw std::invalid_argument("no =");
      size_t used = 0;
      k = std::stoi(t.substr(6, eq - 6), &used);
      count = std::stoll(t.substr(eq + 1));
    } catch (const std::exception&) {
      reader.Fail("expected 'ngram N=COUNT', got '" + t + "'");
    }
    if (k != static_cast<int>(declared.size()) + 1 || k > kMaxOrder || count < 0) {
      reader.Fail("n-gram orders must count up from 1 to at most " + std::to_string(kMaxOrder) +
                  " with non-negative counts, got '" + t + "'");
    }
    declared.push_back(count);
  }
  if (declared.empty()) throw Error(ErrorCode::kInvalidInput, reader.path() + ": \\data\\ declares no n-gram counts");
  return declared;
}

// One line of a k-grams section, "LOG10_PROB WORD... [LOG10_BACKOFF]": its words' ids
// into `*ngram`, the numbers as natural logs into `*log_prob` and (when present)
// `*backoff`.
void ParseArpaNgram(const ArpaLineReader& reader, int k, const std::unordered_map<std::string, char32_t>& ids,
                    std::u32string* ngram, float* log_prob, float* backoff) {
  const std::string& path = reader.path();
  const int64_t line_no = reader.line_no();
  const std::vector<std::string> f = SplitWhitespace(reader.line());
  if (f.size() != static_cast<size_t>(k) + 1 && f.size() != static_cast<size_t>(k) + 2) {
    reader.Fail("expected a log probability, " + std::to_string(k) + " word(s) and an optional back-off");
  }
  *log_prob = ParseLog10(f[0], path, line_no, "log probability") * kLn10;
  if (*log_prob > 1e-4f) reader.Fail("log probability " + f[0] + " is above 0");
  if (f.size() == static_cast<size_t>(k) + 2) *backoff = ParseLog10(f.back(), path, line_no, "back-off") * kLn10;
  for (int i = 1; i <= k; ++i) {
    const auto it = ids.find(f[static_cast<size_t>(i)]);
    if (it == ids.end()) reader.Fail("'" + f[static_cast<size_t>(i)] + "' is not a piece of this model's tokenizer");
    ngram->push_back(it->second);
  }
}

}  // namespace

std::vector<std::string> ArpaWords(const Tokenizer& tokenizer) {
  std::vector<std::string> words;
  std::map<std::string, int> seen;
  for (int id = 0; id < tokenizer.vocab_size(); ++id) {
    std::string piece = tokenizer.IdToPiece(id);
    if (piece.empty()) throw Error(ErrorCode::kInvalidInput, "tokenizer piece " + std::to_string(id) + " is empty");
    std::string word;
    if (piece == "<s>" || piece == "</s>") {
      word = "<piece:" + std::to_string(id) + ">";
    } else {
      for (char c : piece) {
        if (c == ' ') {
          word += "\xE2\x96\x81";  // U+2581
        } else if (c == '\t' || c == '\n' || c == '\r') {
          throw Error(ErrorCode::kInvalidInput, "tokenizer piece " + std::to_string(id) + " contains a tab or newline");
        } else {
          word += c;
        }
      }
    }
    if (const auto [it, fresh] = seen.emplace(word, id); !fresh) {
      throw Error(ErrorCode::kInvalidInput, "tokenizer pieces " + std::to_string(it->second) + " and " +
                                                std::to_string(id) + " both write as '" + word + "' in an ARPA file");
    }
    words.push_back(std::move(word));
  }
  return words;
}

NgramLm NgramLm::Build(const std::vector<std::vector<int>>& sentences, int vocab_size, int order) {
  if (order < 1 || order > kMaxOrder) {
    throw Error(ErrorCode::kInvalidInput, "n-gram order must be in [1, " + std::to_string(kMaxOrder) + "], got " +
                                              std::to_string(order));
  }
  if (vocab_size < 1) throw Error(ErrorCode::kInvalidInput, "vocabulary size must be positive");
  NgramLm lm;
  lm.order_ = order;
  lm.vocab_size_ = vocab_size;
  const char32_t bos = static_cast<char32_t>(lm.bos());
  const char32_t eos = static_cast<char32_t>(lm.eos());

  const NgramCountsByOrder raw = CountRawNgrams(sentences, vocab_size, order, bos, eos);
  if (sentences.empty()) throw Error(ErrorCode::kInvalidInput, "no sentences to build a language model from");
  const NgramCountsByOrder adjusted = KneserNeyCounts(raw, order, bos);
  std::vector<double> discount;
  std::vector<std::map<std::u32string, KnContextStats>> contexts;
  KnDiscountsAndContexts(adjusted, order, &discount, &contexts);
  const std::map<std::u32string, double> prob = KnInterpolatedProbs(adjusted, discount, contexts, vocab_size, order, eos);

  for (const auto& [g, p] : prob) lm.entries_[g].log_prob = static_cast<float>(std::log(p));
  lm.entries_[std::u32string(1, bos)].log_prob = kArpaImpossible * kLn10;
  // Back-off weights: a context's share of mass left for the lower order.
  for (int k = 2; k <= order; ++k) {
    const double d = discount[static_cast<size_t>(k)];
    for (const auto& [h, st] : contexts[static_cast<size_t>(k)]) {
      lm.entries_.at(h).backoff =
          static_cast<float>(std::log(d * static_cast<double>(st.types) / static_cast<double>(st.total)));
    }
  }
  return lm;
}

float NgramLm::Query(const std::u32string& context, char32_t word) const {
  float backoff = 0.0f;
  for (size_t start = 0; start <= context.size(); ++start) {
    std::u32string g = context.substr(start);
    g.push_back(word);
    if (const auto it = entries_.find(g); it != entries_.end()) return backoff + it->second.log_prob;
    if (start < context.size()) {
      if (const auto it = entries_.find(context.substr(start)); it != entries_.end()) backoff += it->second.backoff;
    }
  }
  return backoff + kMissingUnigram;
}

float NgramLm::LogProb(const std::u32string& prefix, int token) const {
  if (token != kEndOfSentence && (token < 0 || token >= vocab_size_)) {
    throw Error(ErrorCode::kInvalidInput, "token id " + std::to_string(token) + " is outside the language model's vocabulary of " +
                                              std::to_string(vocab_size_));
  }
  const size_t keep = static_cast<size_t>(order_ - 1);
  std::u32string context;
  if (prefix.size() < keep) {
    context.push_back(static_cast<char32_t>(bos()));
    context += prefix;
  } else {
    context = prefix.substr(prefix.size() - keep);
  }
  return Query(context, static_cast<char32_t>(token == kEndOfSentence ? eos() : token));
}

float NgramLm::LogProb(const std::vector<int>& history, int token) const {
  const size_t keep = std::min(history.size(), static_cast<size_t>(order_));
  std::u32string prefix;
  for (size_t i = history.size() - keep; i < history.size(); ++i) prefix.push_back(static_cast<char32_t>(history[i]));
  return LogProb(prefix, token);
}

void NgramLm::SaveArpa(const std::string& path, const Tokenizer& tokenizer, const std::string& vocab_sha256) const {
  if (tokenizer.vocab_size() != vocab_size_) {
    throw Error(ErrorCode::kInvalidInput, "the language model has " + std::to_string(vocab_size_) +
                                              " tokens, the tokenizer " + std::to_string(tokenizer.vocab_size()));
  }
  const std::vector<std::string> words = ArpaWords(tokenizer);
  const auto word = [&](char32_t id) -> const std::string& {
    static const std::string kBos = "<s>", kEos = "</s>";
    if (static_cast<int>(id) == bos()) return kBos;
    if (static_cast<int>(id) == eos()) return kEos;
    return words[static_cast<size_t>(id)];
  };
  std::vector<std::vector<std::pair<std::string, const Entry*>>> by_order(static_cast<size_t>(order_) + 1);
  for (const auto& [g, e] : entries_) {
    std::string text;
    for (char32_t id : g) text += (text.empty() ? "" : " ") + word(id);
    by_order[g.size()].push_back({std::move(text), &e});
  }
  std::string out = std::string(kHeaderTag) + " tokenizer=" + tokenizer.type() + " vocab_size=" +
                    std::to_string(vocab_size_) + " vocab_sha256=" + vocab_sha256 + "\n";
  out += "# Token-level n-gram model (interpolated Kneser-Ney) written by Sori; words are the tokenizer's pieces.\n\n";
  out += "\\data\\\n";
  for (int k = 1; k <= order_; ++k) out += "ngram " + std::to_string(k) + "=" + std::to_string(by_order[k].size()) + "\n";
  for (int k = 1; k <= order_; ++k) {
    auto& list = by_order[static_cast<size_t>(k)];
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out += "\n\\" + std::to_string(k) + "-grams:\n";
    for (const auto& [text, e] : list) {
      out += (e->log_prob <= kArpaImpossible * kLn10 ? std::string("-99") : FormatLog10(e->log_prob)) + "\t" + text;
      if (k < order_) out += "\t" + FormatLog10(e->backoff);
      out += "\n";
    }
  }
  out += "\n\\end\\\n";
  WriteFileAtomic(path, out);
}

NgramLm NgramLm::LoadArpa(const std::string& path, const Tokenizer& tokenizer, const std::string& vocab_sha256) {
  std::ifstream in = OpenArpaFile(path);
  NgramLm lm;
  lm.vocab_size_ = tokenizer.vocab_size();
  const std::unordered_map<std::string, char32_t> ids =
      ArpaWordIds(tokenizer, static_cast<char32_t>(lm.bos()), static_cast<char32_t>(lm.eos()));

  ArpaLineReader reader(in, path);
  SkipArpaHeader(reader, vocab_sha256);
  const std::vector<int64_t> declared = ReadArpaCounts(reader);
  lm.order_ = static_cast<int>(declared.size());

  for (int k = 1; k <= lm.order_; ++k) {
    reader.SkipBlankLines();
    const std::string header = "\\" + std::to_string(k) + "-grams:";
    if (!reader.ok() || Trim(reader.line()) != header) reader.Fail("expected '" + header + "'");
    for (int64_t n = 0; n < declared[static_cast<size_t>(k) - 1]; ++n) {
      if (!reader.Next()) reader.Fail("file ends inside " + header + " (declared " +
                                      std::to_string(declared[static_cast<size_t>(k) - 1]) + ")");
      std::u32string g;
      Entry e;
      ParseArpaNgram(reader, k, ids, &g, &e.log_prob, &e.backoff);
      if (!lm.entries_.emplace(std::move(g), e).second) reader.Fail("duplicate n-gram");
    }
  }
  reader.SkipBlankLines();
  if (Trim(reader.line()) != "\\end\\") reader.Fail("expected '\\end\\' after the declared n-grams");
  return lm;
}

}  // namespace sori
