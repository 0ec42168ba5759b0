#include "text/jamo_tokenizer.h"

#include <nlohmann/json.hpp>

#include "text/hangul.h"
#include "text/tokenizer_json.h"
#include "text/unicode.h"
#include "util/utf8.h"

namespace sori {
namespace {

constexpr char32_t kPunctuation[] = {U'.', U',', U'?', U'!', U'\'', U'-', U'%'};
constexpr int kPunctuationCount = static_cast<int>(sizeof(kPunctuation) / sizeof(kPunctuation[0]));
static_assert(JamoTokenizer::kFirstPunctuationId + kPunctuationCount == JamoTokenizer::kVocabSize,
              "the jamo vocabulary table and kVocabSize disagree");
static_assert(JamoTokenizer::kFirstJungseongId == JamoTokenizer::kFirstChoseongId + kChoseongCount &&
                  JamoTokenizer::kFirstJongseongId == JamoTokenizer::kFirstJungseongId + kJungseongCount &&
                  JamoTokenizer::kFirstDigitId == JamoTokenizer::kFirstJongseongId + kJongseongCount &&
                  JamoTokenizer::kFirstLatinId == JamoTokenizer::kFirstDigitId + 10 &&
                  JamoTokenizer::kFirstPunctuationId == JamoTokenizer::kFirstLatinId + 26,
              "jamo vocabulary ranges overlap or leave gaps");

// Id of a code point that is already decomposed and case-folded; kUnkId if none.
int IdOf(char32_t c) {
  if (c == U' ') return JamoTokenizer::kSpaceId;
  if (IsChoseong(c)) return JamoTokenizer::kFirstChoseongId + static_cast<int>(c - kChoseongFirst);
  if (IsJungseong(c)) return JamoTokenizer::kFirstJungseongId + static_cast<int>(c - kJungseongFirst);
  if (IsJongseong(c)) return JamoTokenizer::kFirstJongseongId + static_cast<int>(c - kJongseongFirst);
  if (IsAsciiDigit(c)) return JamoTokenizer::kFirstDigitId + static_cast<int>(c - U'0');
  if (IsAsciiLower(c)) return JamoTokenizer::kFirstLatinId + static_cast<int>(c - U'a');
  for (int i = 0; i < kPunctuationCount; ++i) {
    if (c == kPunctuation[i]) return JamoTokenizer::kFirstPunctuationId + i;
  }
  return JamoTokenizer::kUnkId;
}

// Code point of a valid id other than kUnkId.
char32_t CodepointOf(int id) {
  if (id == JamoTokenizer::kSpaceId) return U' ';
  if (id < JamoTokenizer::kFirstJungseongId) return kChoseongFirst + (id - JamoTokenizer::kFirstChoseongId);
  if (id < JamoTokenizer::kFirstJongseongId) return kJungseongFirst + (id - JamoTokenizer::kFirstJungseongId);
  if (id < JamoTokenizer::kFirstDigitId) return kJongseongFirst + (id - JamoTokenizer::kFirstJongseongId);
  if (id < JamoTokenizer::kFirstLatinId) return U'0' + (id - JamoTokenizer::kFirstDigitId);
  if (id < JamoTokenizer::kFirstPunctuationId) return U'a' + (id - JamoTokenizer::kFirstLatinId);
  return kPunctuation[id - JamoTokenizer::kFirstPunctuationId];
}

}  // namespace

std::vector<std::string> JamoTokenizer::Vocabulary() {
  std::vector<std::string> vocab;
  vocab.reserve(kVocabSize);
  vocab.emplace_back(kUnknownPiece);
  for (int id = 1; id < kVocabSize; ++id) vocab.push_back(CodepointsToUtf8(std::u32string(1, CodepointOf(id))));
  return vocab;
}

std::unique_ptr<JamoTokenizer> JamoTokenizer::FromJson(const TokenizerJson& file) {
  const std::vector<std::string> vocab = file.StringArray("vocab");
  const std::vector<std::string> expected = Vocabulary();
  if (vocab.size() != expected.size()) {
    file.Fail("vocab", "has " + std::to_string(vocab.size()) + " entries; the fixed jamo vocabulary has " +
                           std::to_string(expected.size()));
  }
  for (size_t i = 0; i < vocab.size(); ++i) {
    if (vocab[i] != expected[i]) {
      file.Fail("vocab", "entry " + std::to_string(i) + " is '" + vocab[i] + "' but the fixed jamo vocabulary has '" +
                             expected[i] + "' there (the file was not written by this tokenizer)");
    }
  }
  return std::make_unique<JamoTokenizer>();
}

std::vector<int> JamoTokenizer::Encode(std::string_view text) const {
  const std::u32string jamo = DecomposeHangul(Utf8ToCodepoints(text));
  std::vector<int> ids;
  ids.reserve(jamo.size());
  bool pending_space = false;
  for (const char32_t c : jamo) {
    if (IsUnicodeSpace(c)) {
      pending_space = !ids.empty();
      continue;
    }
    if (pending_space) ids.push_back(kSpaceId);
    pending_space = false;
    ids.push_back(IdOf(AsciiToLower(c)));
  }
  return ids;
}

std::string JamoTokenizer::Decode(const std::vector<int>& ids) const {
  std::u32string jamo;
  jamo.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    CheckTokenId(ids[i], kVocabSize, static_cast<long>(i));
    jamo.push_back(ids[i] == kUnkId ? U'\u2047' : CodepointOf(ids[i]));
  }
  return CodepointsToUtf8(ComposeHangul(jamo));
}

std::string JamoTokenizer::IdToPiece(int id) const {
  CheckTokenId(id, kVocabSize);
  if (id == kUnkId) return kUnknownPiece;
  return CodepointsToUtf8(std::u32string(1, CodepointOf(id)));
}

void JamoTokenizer::Save(const std::string& dir) const {
  WriteTokenizerJson(dir, type(), nlohmann::json{{"vocab", Vocabulary()}});
}

}  // namespace sori
