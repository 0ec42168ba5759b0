#include "text/char_tokenizer.h"

#include <map>
#include <nlohmann/json.hpp>

#include "text/tokenizer_json.h"
#include "util/error.h"
#include "util/utf8.h"

namespace sori {

CharTokenizer::CharTokenizer(std::u32string pieces, bool with_unk)
    : pieces_(std::move(pieces)), first_piece_id_(with_unk ? 1 : 0) {
  ids_.reserve(pieces_.size());
  for (size_t i = 0; i < pieces_.size(); ++i) ids_.emplace(pieces_[i], static_cast<int>(i) + first_piece_id_);
}

std::u32string CharTokenizer::DistinctCodepoints(const std::vector<std::string>& entries, size_t first,
                                                 const std::string& what) {
  std::u32string pieces;
  pieces.reserve(entries.size() - first);
  std::unordered_map<char32_t, size_t> seen;
  for (size_t i = first; i < entries.size(); ++i) {
    std::u32string cp;
    try {
      cp = Utf8ToCodepoints(entries[i]);
    } catch (const Error& e) {
      throw Error(ErrorCode::kInvalidInput, what + " entry " + std::to_string(i) + ": " + e.what());
    }
    if (cp.size() != 1) {
      throw Error(ErrorCode::kInvalidInput, what + " entry " + std::to_string(i) + " is \"" + entries[i] +
                                                "\"; each entry" + (first > 0 ? " after <unk>" : "") +
                                                " must be exactly one code point");
    }
    const auto [it, inserted] = seen.emplace(cp[0], i);
    if (!inserted) {
      throw Error(ErrorCode::kInvalidInput, what + " entry " + std::to_string(i) + " (\"" + entries[i] +
                                                "\") duplicates entry " + std::to_string(it->second));
    }
    pieces.push_back(cp[0]);
  }
  return pieces;
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
  return CharTokenizer(std::move(pieces), true);
}

CharTokenizer CharTokenizer::FromVocabulary(const std::vector<std::string>& vocab) {
  if (vocab.empty() || vocab[0] != kUnknownPiece) {
    throw Error(ErrorCode::kInvalidInput, std::string("char vocabulary must start with \"") +
                                              kUnknownPiece + "\" (id 0)" +
                                              (vocab.empty() ? ", but it is empty" : ", got \"" + vocab[0] + "\""));
  }
  return CharTokenizer(DistinctCodepoints(vocab, 1, "char vocabulary"), true);
}

CharTokenizer CharTokenizer::FromLabels(const std::vector<std::string>& labels) {
  if (labels.empty()) throw Error(ErrorCode::kInvalidInput, "labels: the list is empty");
  return CharTokenizer(DistinctCodepoints(labels, 0, "labels"), false);
}

std::unique_ptr<CharTokenizer> CharTokenizer::FromJson(const TokenizerJson& file) {
  const std::vector<std::string> vocab = file.StringArray("vocab");
  const bool with_unk = file.Bool("unk", true);
  try {
    return std::make_unique<CharTokenizer>(with_unk ? FromVocabulary(vocab) : FromLabels(vocab));
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
    if (it != ids_.end()) {
      ids.push_back(it->second);
    } else if (has_unk()) {
      ids.push_back(0);
    }  // NeMo labels: characters outside the labels are dropped, as NeMo's parser does
  }
  return ids;
}

std::string CharTokenizer::Decode(const std::vector<int>& ids) const {
  std::string out;
  out.reserve(ids.size() * 3);
  const int size = vocab_size();
  for (size_t i = 0; i < ids.size(); ++i) {
    CheckTokenId(ids[i], size, static_cast<long>(i));
    if (has_unk() && ids[i] == 0) {
      out += kUnknownSurface;
    } else {
      AppendUtf8(pieces_[static_cast<size_t>(ids[i] - first_piece_id_)], &out);
    }
  }
  return out;
}

std::string CharTokenizer::IdToPiece(int id) const {
  CheckTokenId(id, vocab_size());
  if (has_unk() && id == 0) return kUnknownPiece;
  std::string out;
  AppendUtf8(pieces_[static_cast<size_t>(id - first_piece_id_)], &out);
  return out;
}

std::vector<std::string> CharTokenizer::Vocabulary() const {
  std::vector<std::string> vocab;
  vocab.reserve(pieces_.size() + 1);  // with <unk> first when there is one
  for (int id = 0; id < vocab_size(); ++id) vocab.push_back(IdToPiece(id));
  return vocab;
}

void CharTokenizer::Save(const std::string& dir) const {
  nlohmann::json fields{{"vocab", Vocabulary()}};
  if (!has_unk()) fields["unk"] = false;
  WriteTokenizerJson(dir, type(), std::move(fields));
}

}  // namespace sori
