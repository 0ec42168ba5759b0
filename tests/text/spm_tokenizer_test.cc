#include "text/spm_tokenizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "text/hangul.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/utf8.h"

namespace sori {
namespace {

// A few hundred deterministic sentences built from small word lists.
std::string MakeCorpus(const std::vector<std::string>& subjects, const std::vector<std::string>& verbs,
                       const std::vector<std::string>& objects) {
  std::string corpus;
  for (size_t i = 0; i < subjects.size(); ++i) {
    for (size_t j = 0; j < verbs.size(); ++j) {
      for (size_t k = 0; k < objects.size(); ++k) {
        corpus += subjects[i] + " " + objects[(k + i) % objects.size()] + " " + verbs[(j + k) % verbs.size()] + "\n";
      }
    }
  }
  return corpus;
}

std::string EnglishCorpus() {
  return MakeCorpus({"the cat", "a dog", "my friend", "the teacher", "our neighbor", "this student"},
                    {"sees", "likes", "reads", "finds", "wants", "brings", "takes"},
                    {"the book", "a letter", "the red apple", "some water", "the old house", "a small box", "the bird"});
}

std::string KoreanCorpus() {
  return MakeCorpus({"나는", "우리 엄마는", "친구가", "선생님께서", "동생이", "그 사람은"},
                    {"좋아해요", "먹었습니다", "봤어", "샀다", "찾고 있어요", "가져왔어"},
                    {"사과를", "책을", "물을", "편지를", "고양이를", "한국어 공부를", "새 옷을"});
}

SpmTrainOptions SmallOptions(int vocab_size) {
  SpmTrainOptions options;
  options.vocab_size = vocab_size;
  return options;
}

TEST(SpmTokenizerTest, TrainsEnglishBpe) {
  test::TempDir dir;
  const std::string corpus = dir.Write("corpus.txt", EnglishCorpus());
  const auto tok = SpmTokenizer::Train(corpus, dir.File("tok"), SmallOptions(64));
  EXPECT_EQ(tok->type(), "spm");
  EXPECT_EQ(tok->vocab_size(), 64);
  EXPECT_EQ(tok->unk_id(), 0);
  EXPECT_FALSE(tok->decompose_jamo());
  EXPECT_EQ(tok->IdToPiece(0), "<unk>");
  for (int id = 1; id < tok->vocab_size(); ++id) {  // no BOS/EOS/PAD pieces (NeMo's convention)
    EXPECT_NE(tok->IdToPiece(id), "<s>");
    EXPECT_NE(tok->IdToPiece(id), "</s>");
    EXPECT_NE(tok->IdToPiece(id), "<pad>");
  }
  const std::string sentence = "the teacher brings the red apple";
  const std::vector<int> ids = tok->Encode(sentence);
  EXPECT_LT(ids.size(), sentence.size());  // merges happened
  for (const int id : ids) EXPECT_NE(id, tok->unk_id());
  EXPECT_EQ(tok->Decode(ids), sentence);

  // Unseen characters are unknown and decode visibly.
  const std::vector<int> unk = tok->Encode("the 猫");
  EXPECT_NE(std::find(unk.begin(), unk.end(), 0), unk.end());
  EXPECT_NE(tok->Decode(unk).find("\u2047"), std::string::npos);

  EXPECT_TRUE(FileSizeOrThrow(dir.File("tok/tokenizer.model")) > 0);
  const std::unique_ptr<Tokenizer> loaded = LoadTokenizer(dir.File("tok"));
  EXPECT_EQ(loaded->type(), "spm");
  EXPECT_EQ(loaded->vocab_size(), 64);
  EXPECT_EQ(loaded->Encode(sentence), ids);
  EXPECT_EQ(loaded->Decode(ids), sentence);
}

TEST(SpmTokenizerTest, TrainingIsDeterministic) {
  test::TempDir dir;
  const std::string corpus = dir.Write("corpus.txt", EnglishCorpus());
  SpmTrainOptions options = SmallOptions(40);
  options.model_type = "unigram";
  // (The .model bytes differ: SentencePiece records the temporary input path in them.)
  const auto a = SpmTokenizer::Train(corpus, dir.File("a"), options);
  const auto b = SpmTokenizer::Train(corpus, dir.File("b"), options);
  ASSERT_EQ(a->vocab_size(), b->vocab_size());
  for (int id = 0; id < a->vocab_size(); ++id) EXPECT_EQ(a->IdToPiece(id), b->IdToPiece(id)) << id;
  EXPECT_EQ(a->Encode("our neighbor wants some water"), b->Encode("our neighbor wants some water"));
}

TEST(SpmTokenizerTest, TrainsKoreanOnJamo) {
  test::TempDir dir;
  // CRLF line endings and blank lines are tolerated.
  std::string corpus_text = KoreanCorpus();
  corpus_text.insert(0, "\n  \n");
  for (size_t pos = corpus_text.find('\n', 10); pos != std::string::npos; pos = corpus_text.find('\n', pos + 2)) {
    corpus_text.insert(pos, "\r");
  }
  const std::string corpus = dir.Write("corpus.txt", corpus_text);
  SpmTrainOptions options = SmallOptions(120);
  options.decompose_jamo = true;
  const auto tok = SpmTokenizer::Train(corpus, dir.File("ko"), options);
  EXPECT_TRUE(tok->decompose_jamo());

  bool saw_jamo = false;
  for (int id = 0; id < tok->vocab_size(); ++id) {
    const std::u32string piece = Utf8ToCodepoints(tok->IdToPiece(id));
    for (const char32_t c : piece) {
      EXPECT_FALSE(IsHangulSyllable(c)) << "piece " << id << " '" << tok->IdToPiece(id) << "' has a syllable";
      EXPECT_NE(c, U'\r');
      saw_jamo = saw_jamo || IsChoseong(c) || IsJungseong(c) || IsJongseong(c);
    }
  }
  EXPECT_TRUE(saw_jamo);

  for (const std::string sentence : {"우리 엄마는 한국어 공부를 좋아해요", "친구가 새 옷을 샀다", "동생이 편지를 찾고 있어요"}) {
    const std::vector<int> ids = tok->Encode(sentence);
    for (const int id : ids) EXPECT_NE(id, tok->unk_id()) << sentence;
    EXPECT_EQ(tok->Decode(ids), sentence);
  }
  // Compatibility jamo are decomposed like syllables' letters.
  EXPECT_EQ(tok->Encode("ㄴ"), tok->Encode("\u1102"));

  const std::unique_ptr<Tokenizer> loaded = LoadTokenizer(dir.File("ko"));
  EXPECT_EQ(loaded->Encode("나는 책을 봤어"), tok->Encode("나는 책을 봤어"));
  EXPECT_EQ(loaded->Decode(tok->Encode("나는 책을 봤어")), "나는 책을 봤어");
  const std::string json = ReadFileToString(dir.File("ko/tokenizer.json"), 1 << 20);
  EXPECT_NE(json.find("\"decompose_jamo\": true"), std::string::npos) << json;
}

TEST(SpmTokenizerTest, WithoutDecompositionKoreanPiecesAreSyllables) {
  test::TempDir dir;
  const std::string corpus = dir.Write("corpus.txt", KoreanCorpus());
  const auto tok = SpmTokenizer::Train(corpus, dir.File("ko"), SmallOptions(90));
  bool saw_syllable = false;
  for (int id = 0; id < tok->vocab_size(); ++id) {
    for (const char32_t c : Utf8ToCodepoints(tok->IdToPiece(id))) saw_syllable = saw_syllable || IsHangulSyllable(c);
  }
  EXPECT_TRUE(saw_syllable);
  EXPECT_EQ(tok->Decode(tok->Encode("친구가 새 옷을 샀다")), "친구가 새 옷을 샀다");
}

TEST(SpmTokenizerTest, FromModelFileKeepsIds) {
  test::TempDir dir;
  const std::string corpus = dir.Write("corpus.txt", EnglishCorpus());
  const auto trained = SpmTokenizer::Train(corpus, dir.File("tok"), SmallOptions(64));
  const auto loaded = SpmTokenizer::FromModelFile(dir.File("tok/tokenizer.model"), false);
  ASSERT_EQ(loaded->vocab_size(), trained->vocab_size());
  for (int id = 0; id < trained->vocab_size(); ++id) EXPECT_EQ(loaded->IdToPiece(id), trained->IdToPiece(id));

  // Saving elsewhere copies the model.
  loaded->Save(dir.File("copy"));
  EXPECT_EQ(LoadTokenizer(dir.File("copy"))->Encode("a dog reads"), trained->Encode("a dog reads"));
}

TEST(SpmTokenizerTest, DecodeRejectsOutOfRangeIds) {
  test::TempDir dir;
  const auto tok = SpmTokenizer::Train(dir.Write("c.txt", EnglishCorpus()), dir.File("tok"), SmallOptions(64));
  for (const int bad : {-1, 64, 1 << 30}) {
    try {
      tok->Decode({1, 2, bad});
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find("token id " + std::to_string(bad) + " at position 2"), std::string::npos)
          << e.what();
    }
    EXPECT_THROW(tok->IdToPiece(bad), Error);
  }
  EXPECT_THROW(tok->Encode("ok \xF0\x9F\x98"), Error);  // truncated 4-byte sequence
}

TEST(SpmTokenizerTest, TrainingErrors) {
  test::TempDir dir;
  try {
    SpmTokenizer::Train(dir.File("missing.txt"), dir.File("out"), SmallOptions(64));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("missing.txt"), std::string::npos) << e.what();
  }

  const std::string corpus = dir.Write("corpus.txt", EnglishCorpus());
  try {
    SpmTokenizer::Train(corpus, dir.File("out"), SmallOptions(5000));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    const std::string what = e.what();
    EXPECT_NE(what.find("corpus.txt"), std::string::npos) << what;
    EXPECT_NE(what.find("Vocabulary size too high"), std::string::npos) << what;  // SentencePiece's message
  }

  try {
    SpmTokenizer::Train(dir.Write("blank.txt", "\n \n\n"), dir.File("out"), SmallOptions(64));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("no non-blank lines"), std::string::npos) << e.what();
  }

  try {
    SpmTokenizer::Train(dir.Write("bad.txt", "fine\nalso fine\nbroken \xE2\x82\n"), dir.File("out"), SmallOptions(64));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    const std::string what = e.what();
    EXPECT_NE(what.find("line 3 is not valid UTF-8"), std::string::npos) << what;
    EXPECT_NE(what.find("byte offset 7"), std::string::npos) << what;
  }

  SpmTrainOptions short_lines = SmallOptions(64);
  short_lines.max_sentence_length = 10;
  try {
    SpmTokenizer::Train(corpus, dir.File("out"), short_lines);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("longer than max_sentence_length 10"), std::string::npos) << e.what();
  }
  EXPECT_THROW(LoadTokenizer(dir.File("out")), Error) << "failed training must not leave a tokenizer behind";
}

TEST(SpmTrainOptionsTest, Validate) {
  EXPECT_NO_THROW(SpmTrainOptions().Validate());
  struct Case {
    void (*mutate)(SpmTrainOptions*);
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](SpmTrainOptions* o) { o->vocab_size = 1; }, "vocab_size"},
      {[](SpmTrainOptions* o) { o->vocab_size = 2000000; }, "vocab_size"},
      {[](SpmTrainOptions* o) { o->model_type = "wordpiece"; }, "model_type"},
      {[](SpmTrainOptions* o) { o->character_coverage = 0.0; }, "character_coverage"},
      {[](SpmTrainOptions* o) { o->character_coverage = 1.5; }, "character_coverage"},
      {[](SpmTrainOptions* o) { o->normalization_rule_name = "nfc"; }, "normalization_rule_name"},
      {[](SpmTrainOptions* o) { o->num_threads = 0; }, "num_threads"},
      {[](SpmTrainOptions* o) { o->max_sentence_length = 0; }, "max_sentence_length"},
  };
  for (const Case& c : cases) {
    SpmTrainOptions options;
    c.mutate(&options);
    try {
      options.Validate();
      FAIL() << c.field;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find(c.field), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("accepted"), std::string::npos) << e.what();
    }
  }
}

TEST(SpmTokenizerTest, FromModelFileErrors) {
  test::TempDir dir;
  try {
    SpmTokenizer::FromModelFile(dir.File("none.model"), false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("none.model"), std::string::npos) << e.what();
  }
  for (const std::string& garbage : {std::string("this is not a model"), std::string(""), std::string("\x0A\x05\x0A\x03", 4)}) {
    const std::string path = dir.Write("garbage.model", garbage);
    try {
      SpmTokenizer::FromModelFile(path, false);
      FAIL() << "accepted garbage of " << garbage.size() << " bytes";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find("garbage.model"), std::string::npos) << e.what();
    }
  }
}

TEST(SpmTokenizerTest, LoadChecksJsonAgainstModel) {
  test::TempDir dir;
  SpmTokenizer::Train(dir.Write("c.txt", EnglishCorpus()), dir.File("tok"), SmallOptions(64));
  dir.Write("tok/tokenizer.json", R"({"type": "spm", "version": 1, "model": "tokenizer.model", "vocab_size": 65})");
  try {
    LoadTokenizer(dir.File("tok"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("field 'vocab_size' is 65"), std::string::npos) << e.what();
  }
  dir.Write("tok/tokenizer.json", R"({"type": "spm", "version": 1, "model": "other.model"})");
  try {
    LoadTokenizer(dir.File("tok"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("other.model"), std::string::npos) << e.what();
  }
  // vocab_size is optional; decompose_jamo defaults to false.
  dir.Write("tok/tokenizer.json", R"({"type": "spm", "version": 1, "model": "tokenizer.model"})");
  EXPECT_EQ(LoadTokenizer(dir.File("tok"))->vocab_size(), 64);
}

}  // namespace
}  // namespace sori
