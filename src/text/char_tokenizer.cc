#include "text/char_tokenizer.h"

#include <map>
#include <nlohmann/json.hpp>

#include "text/tokenizer_json.h"
#include "util/error.h"
#include "util/utf8.h"

namespace sori {

CharTokenizer::CharTokenizer(std::u32string pieces) : pieces_(std::move(pieces)) {
  ids_.reserve(pieces_.size());
  for (size_t i = 0; i < pieces_.size(); ++i) ids_.emplace(pieces_[i], static_cast<int>(i) + 1);
}

CharTokenizer CharTokenizer::Build(const std::vector<std::string>& texts, int min_count) {
  if (min_count < 1) {
    throw Error(ErrorCode::kInvalidInput,
                "char tokenizer min_count must be >= 1, got " + std::to_string(min_count));
  }
  std::map<char32_t, int64_t> counts;  // ordered by code point
  for (size_t i = 0; i < texts.size(); ++i) {
    std::u32string codepoints;
    try {
      codepoints = Utf8ToCodepoints(texts[i]);
    } catch (const Error& e) {
      throw Error(e.code(), "char tokenizer corpus text #" + std::to_string(i) + ": " + e.what());
    }
    for (const char32_t c : codepoints) ++counts[c];
  }
  std::u32string pieces;
  for (const auto& [c, n] : counts) {
    if (n >= min_count) pieces.push_back(c);
  }
  return CharTokenizer(std::move(pieces));
}

CharTokenizer CharTokenizer::FromVocabulary(const std::vector<std::string>& vocab) {
  if (vocab.empty() || vocab[0] != kUnknownPiece) {
    throw Error(ErrorCode::kInvalidInput, std::string("char vocabulary must start with \"") +
                                              kUnknownPiece + "\" (id 0)" +
                                              (vocab.empty() ? ", but it is empty" : ", got \"" + vocab[0] + "\""));
  }
  std::u32string pieces;
  pieces.reserve(vocab.size() - 1);
  std::unordered_map<char32_t, size_t> seen;
  for (size_t i = 1; i < vocab.size(); ++i) {
    std::u32string cp;
    try {
      cp = Utf8ToCodepoints(vocab[i]);
    } catch (const Error& e) {
      throw Error(ErrorCode::kInvalidInput, "char vocabulary entry " + std::to_string(i) + ": " + e.what());
    }
    if (cp.size() != 1) {
      throw Error(ErrorCode::kInvalidInput, "char vocabulary entry " + std::to_string(i) + " is \"" + vocab[i] +
                                                "\"; each entry after <unk> must be exactly one code point");
    }
    const auto [it, inserted] = seen.emplace(cp[0], i);
    if (!inserted) {
      throw Error(ErrorCode::kInvalidInput, "char vocabulary entry " + std::to_string(i) + " (\"" + vocab[i] +
                                                "\") duplicates entry " + std::to_string(it->second));
    }
    pieces.push_back(cp[0]);
  }
  return CharTokenizer(std::move(pieces));
}

std::unique_ptr<CharTokenizer> CharTokenizer::FromJson(const TokenizerJson& file) {
  const std::vector<std::string> vocab = file.StringArray("vocab");
  try {
    return std::make_unique<CharTokenizer>(FromVocabulary(vocab));
  } catch (const Error& e) {
    file.Fail("vocab", std::string("is invalid: ") + e.what());
  }
}

std::vector<int> CharTokenizer::Encode(std::string_view text) const {
  const std::u32string codepoints = Utf8ToCodepoints(text);
  std::vector<int> ids;
  ids.reserve(codepoints.size());
  for (const char32_t c : codepoints) {
    const auto it = ids_.find(c);
    ids.push_back(it == ids_.end() ? 0 : it->second);
  }
  return ids;
}

std::string CharTokenizer::Decode(const std::vector<int>& ids) const {
  std::string out;
  out.reserve(ids.size() * 3);
  const int size = vocab_size();
  for (size_t i = 0; i < ids.size(); ++i) {
    CheckTokenId(ids[i], size, static_cast<long>(i));
    if (ids[i] == 0) {
      out += kUnknownSurface;
    } else {
      AppendUtf8(pieces_[static_cast<size_t>(ids[i] - 1)], &out);
    }
  }
  return out;
}

std::string CharTokenizer::IdToPiece(int id) const {
  CheckTokenId(id, vocab_size());
  if (id == 0) return kUnknownPiece;
  std::string out;
  AppendUtf8(pieces_[static_cast<size_t>(id - 1)], &out);
  return out;
}

std::vector<std::string> CharTokenizer::Vocabulary() const {
  std::vector<std::string> vocab;
  vocab.reserve(pieces_.size() + 1);
  for (int id = 0; id < vocab_size(); ++id) vocab.push_back(IdToPiece(id));
  return vocab;
}

void CharTokenizer::Save(const std::string& dir) const {
  WriteTokenizerJson(dir, type(), nlohmann::json{{"vocab", Vocabulary()}});
}

}  // namespace sori
