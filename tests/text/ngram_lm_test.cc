#include "text/ngram_lm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "support/error_code.h"
#include "support/temp_dir.h"
#include "text/char_tokenizer.h"
#include "text/jamo_tokenizer.h"
#include "util/fs.h"

namespace sori {
namespace {

using test::ErrorCodeOf;

// Probability of every vocabulary token and of the sentence end after `history`.
double TotalMass(const NgramLm& lm, const std::vector<int>& history) {
  double sum = std::exp(lm.LogProb(history, NgramLm::kEndOfSentence));
  for (int w = 0; w < lm.vocab_size(); ++w) sum += std::exp(lm.LogProb(history, w));
  return sum;
}

std::vector<std::vector<int>> Encode(const Tokenizer& tok, const std::vector<std::string>& texts) {
  std::vector<std::vector<int>> out;
  for (const std::string& t : texts) out.push_back(tok.Encode(t));
  return out;
}

const std::vector<std::string> kKorean = {"오늘 낮 최고 기온은 삼십 도까지 오르겠습니다", "내일 최고 기온은 이십칠 도입니다",
                                          "오늘 기온은 낮습니다", "삼십칠 도까지 오르겠습니다"};

TEST(NgramLmTest, UnigramProbabilitiesMatchTheKneserNeyFormula) {
  // Counts over the vocabulary {0, 1, 2} and </s>: 0 twice, 1 once, </s> twice. One
  // singleton and two doubletons: D = 1 / (1 + 2 * 2) = 0.2; 5 tokens of 3 kinds leave
  // 0.2 * 3 / 5 = 0.12 for the uniform floor over 4 outcomes.
  const NgramLm lm = NgramLm::Build({{0, 1}, {0}}, 3, 1);
  EXPECT_NEAR(std::exp(lm.LogProb(std::vector<int>{}, 0)), (2 - 0.2) / 5 + 0.12 / 4, 1e-6);
  EXPECT_NEAR(std::exp(lm.LogProb(std::vector<int>{}, 1)), (1 - 0.2) / 5 + 0.12 / 4, 1e-6);
  EXPECT_NEAR(std::exp(lm.LogProb(std::vector<int>{}, 2)), 0.12 / 4, 1e-6);  // never seen
  EXPECT_NEAR(std::exp(lm.LogProb(std::vector<int>{}, NgramLm::kEndOfSentence)), (2 - 0.2) / 5 + 0.12 / 4, 1e-6);
}

TEST(NgramLmTest, EveryContextIsADistribution) {
  const JamoTokenizer tok;
  const auto sentences = Encode(tok, kKorean);
  for (int order : {1, 2, 3, 6, 8}) {
    const NgramLm lm = NgramLm::Build(sentences, tok.vocab_size(), order);
    EXPECT_EQ(lm.order(), order);
    // Seen contexts (every prefix of a training sentence), unseen ones, and the start.
    std::vector<std::vector<int>> histories = {{}, tok.Encode("xyz"), tok.Encode("기온은 삼")};
    for (size_t i = 0; i <= sentences[0].size(); i += 3) {
      histories.emplace_back(sentences[0].begin(), sentences[0].begin() + static_cast<std::ptrdiff_t>(i));
    }
    for (const auto& h : histories) EXPECT_NEAR(TotalMass(lm, h), 1.0, 1e-4) << "order " << order << ", history of " << h.size();
  }
}

TEST(NgramLmTest, PrefersWhatItWasTrainedOn) {
  const JamoTokenizer tok;
  const NgramLm lm = NgramLm::Build(Encode(tok, kKorean), tok.vocab_size(), 8);
  const auto score = [&](const std::string& text) {
    const std::vector<int> ids = tok.Encode(text);
    double s = 0;
    for (size_t i = 0; i < ids.size(); ++i) s += lm.LogProb(std::vector<int>(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i)), ids[i]);
    return s + lm.LogProb(ids, NgramLm::kEndOfSentence);
  };
  // The errors the tiny acoustic model makes on the quickstart clip.
  EXPECT_GT(score("최고 기온은"), score("최고 기오는"));
  EXPECT_GT(score("삼십칠 도까지"), score("삼십칠 고까지"));
  EXPECT_GT(score("오늘 낮 최고"), score("오늘 낮최고"));
  // The two LogProb forms agree.
  const std::vector<int> h = tok.Encode("오늘 낮 최고 기");
  EXPECT_FLOAT_EQ(lm.LogProb(h, h[0]), lm.LogProb(std::u32string(h.begin(), h.end()), h[0]));
}

TEST(NgramLmTest, ArpaRoundTripKeepsEveryProbability) {
  const JamoTokenizer tok;
  const auto sentences = Encode(tok, kKorean);
  const NgramLm lm = NgramLm::Build(sentences, tok.vocab_size(), 5);
  test::TempDir dir;
  const std::string path = dir.File("lm.arpa");
  lm.SaveArpa(path, tok, "abc123");
  const std::string text = ReadFileToString(path, 1 << 24);
  EXPECT_NE(text.find("# sori-lm tokenizer=jamo vocab_size=112 vocab_sha256=abc123"), std::string::npos);
  EXPECT_NE(text.find("\\5-grams:"), std::string::npos);
  EXPECT_NE(text.find("\xE2\x96\x81"), std::string::npos);  // the space piece, as ▁

  const NgramLm back = NgramLm::LoadArpa(path, tok, "abc123");
  EXPECT_EQ(back.order(), 5);
  EXPECT_EQ(back.num_ngrams(), lm.num_ngrams());
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    const auto& s = sentences[rng() % sentences.size()];
    const size_t cut = rng() % (s.size() + 1);
    const std::vector<int> h(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(cut));
    const int w = static_cast<int>(rng() % 113) - 1;  // -1: the sentence end
    EXPECT_NEAR(back.LogProb(h, w), lm.LogProb(h, w), 1e-5);
  }
  // An empty expected hash skips the check (an ARPA file from another tool has none).
  EXPECT_EQ(NgramLm::LoadArpa(path, tok, "").order(), 5);
}

TEST(NgramLmTest, BadBuildInputsAreRefused) {
  EXPECT_EQ(ErrorCodeOf([] { NgramLm::Build({{0}}, 3, 0); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(ErrorCodeOf([] { NgramLm::Build({{0}}, 3, 13); }), ErrorCode::kInvalidInput);
  EXPECT_EQ(ErrorCodeOf([] { NgramLm::Build({}, 3, 2); }), ErrorCode::kInvalidInput);
  std::string message;
  EXPECT_EQ(ErrorCodeOf([] { NgramLm::Build({{0, 1}, {2, 3}}, 3, 2); }, &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("sentence 1 token 1: id 3"), std::string::npos) << message;
  const NgramLm lm = NgramLm::Build({{0, 1}}, 3, 2);
  EXPECT_EQ(ErrorCodeOf([&] { lm.LogProb(std::vector<int>{}, 3); }), ErrorCode::kInvalidInput);
  // Empty sentences are fine: they teach that a sentence may end at once.
  EXPECT_NEAR(TotalMass(NgramLm::Build({{}, {0}}, 3, 3), {}), 1.0, 1e-5);
}

TEST(NgramLmTest, HostileArpaFilesAreRefusedNamingTheLine) {
  const JamoTokenizer tok;
  test::TempDir dir;
  NgramLm::Build(Encode(tok, kKorean), tok.vocab_size(), 2).SaveArpa(dir.File("g.arpa"), tok, "h1");
  const std::string text = ReadFileToString(dir.File("g.arpa"), 1 << 24);
  struct Case {
    std::string name;
    std::string contents;
    std::string expected;
  };
  const auto replace = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const size_t at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return t.replace(at, from.size(), to);
  };
  const std::vector<Case> cases = {
      {"empty", "", "no \\data\\ line"},
      {"no counts", "\\data\\\n\n\n", "declares no n-gram counts"},
      {"not a count", "\\data\\\n\\end\\\n", "expected 'ngram N=COUNT'"},
      {"order gap", "\\data\\\nngram 2=1\n", "count up from 1"},
      {"bad count", "\\data\\\nngram 1=x\n", "expected 'ngram N=COUNT'"},
      {"truncated", text.substr(0, text.rfind('\n', text.size() / 2) + 1), "file ends inside"},
      {"no end", replace("\\end\\", ""), "expected '\\end\\'"},
      {"unknown word", replace("\t</s>", "\tzz_not_a_piece"), "'zz_not_a_piece' is not a piece"},
      {"positive log prob", "\\data\\\nngram 1=1\n\n\\1-grams:\n0.5\t</s>\n\n\\end\\\n", "is above 0"},
      {"nan", "\\data\\\nngram 1=1\n\n\\1-grams:\nnan\t</s>\n\n\\end\\\n", "bad log probability"},
      {"too many words", "\\data\\\nngram 1=1\n\n\\1-grams:\n-1\t</s> <s> </s>\n\n\\end\\\n", "expected a log probability"},
      {"duplicate", "\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t</s>\n-1\t</s>\n\n\\end\\\n", "duplicate n-gram"},
      {"other vocabulary", text, "built for another vocabulary"},
  };
  for (const Case& c : cases) {
    const std::string path = dir.Write(c.name + ".arpa", c.contents);
    std::string message;
    EXPECT_EQ(ErrorCodeOf([&] { NgramLm::LoadArpa(path, tok, c.name == "other vocabulary" ? "h2" : "h1"); }, &message),
              ErrorCode::kInvalidInput)
        << c.name;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.name << ": " << message;
    EXPECT_NE(message.find(path), std::string::npos) << c.name << ": " << message;
  }
  EXPECT_EQ(ErrorCodeOf([&] { NgramLm::LoadArpa(dir.File("missing.arpa"), tok, ""); }), ErrorCode::kNotFound);
}

TEST(NgramLmTest, ArpaWordsEscapeSpacesAndRefuseCollisions) {
  const CharTokenizer spaced = CharTokenizer::FromVocabulary({"<unk>", " ", "a"});
  EXPECT_EQ(ArpaWords(spaced), (std::vector<std::string>{"<unk>", "\xE2\x96\x81", "a"}));
  const CharTokenizer clash = CharTokenizer::FromVocabulary({"<unk>", " ", "\xE2\x96\x81"});
  std::string message;
  EXPECT_EQ(ErrorCodeOf([&] { ArpaWords(clash); }, &message), ErrorCode::kInvalidInput);
  EXPECT_NE(message.find("both write as"), std::string::npos) << message;
}

}  // namespace
}  // namespace sori
