#include "text/tokenizer.h"

#include "text/char_tokenizer.h"
#include "text/jamo_tokenizer.h"
#include "text/spm_tokenizer.h"
#include "text/tokenizer_json.h"
#include "util/error.h"

namespace sori {

void CheckTokenId(int id, int vocab_size, long position) {
  if (id >= 0 && id < vocab_size) return;
  std::string message = "token id " + std::to_string(id);
  if (position >= 0) message += " at position " + std::to_string(position);
  message += " is out of range: valid ids are 0.." + std::to_string(vocab_size - 1) +
             " (the CTC blank, " + std::to_string(vocab_size) +
             ", must be removed before decoding)";
  throw Error(ErrorCode::kInvalidInput, message);
}

std::unique_ptr<Tokenizer> LoadTokenizer(const std::string& dir) {
  const TokenizerJson file = ReadTokenizerJson(dir);
  const std::string type = file.String("type");
  if (type == "jamo") return JamoTokenizer::FromJson(file);
  if (type == "char") return CharTokenizer::FromJson(file);
  if (type == "spm") return SpmTokenizer::FromJson(file, dir);
  file.Fail("type", "is '" + type + "'; expected one of: jamo, char, spm");
}

}  // namespace sori
